"""Submission to NN: compose the e-mail, send it (SMTP, .eml, clipboard), batches, and the
record of what was sent.
"""

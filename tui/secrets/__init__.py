"""Secrets: the SecretStore over keyring, the encrypted vault or memory, and redaction of what
is written or shown.
"""

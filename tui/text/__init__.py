"""Text: the message catalogue (nl, en) and making untrusted text safe for a terminal."""

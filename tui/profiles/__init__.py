"""Employer profiles: the model, the store (TOML files, atomic durable writes, locks, the
index), CSV import and export.
"""

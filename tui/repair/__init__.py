"""Admin mode: audit an employer's NN user by name and repair it (DESIGN section 9).

Plain Python (no Textual): ``names`` (right names compared as data), ``audit`` (read),
``plan`` (what would change), ``apply`` (carry it out, re-read, verify), ``trail`` (the
profile's ``[[audit]]``), ``judge`` (the checklist items read by name), ``session`` (all of it
for many profiles with one admin sign-in).
"""

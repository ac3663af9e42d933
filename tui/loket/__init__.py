"""Loket.nl: the HTTP client (paging, envelopes, retries), OAuth, typed errors, and the
simulator that stands in for Loket.nl in the demo, the tests and the benchmarks.
"""

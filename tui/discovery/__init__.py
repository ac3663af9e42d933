"""Discovery: the employers a Loket.nl user reaches, matched to the profiles."""

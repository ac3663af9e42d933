"""The checklist: NN's manual as data (items, rights), the engine that judges findings, the
probes that gather them from Loket.nl, and the Checker that runs many profiles.
"""

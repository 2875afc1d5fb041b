"""The read model: plain values every layer shares (lookups, network, web).

It imports nothing of the project but its leaves (:mod:`honduras_kg.errors`),
so the network and the lookups can both build on it.
"""

"""The domain's types and its vocabulary: what an actor, a tie, a field of action and a district figure are.

Plain frozen data (``Actor``, ``Relation``, ``Subgraph``, ``CoverageFacts`` …) and the vocabularies read from
``data/``. This room imports nothing else from ``graph`` except ``errors`` and ``settings``; every other room
builds on it.
"""

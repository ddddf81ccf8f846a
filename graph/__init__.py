"""IntegraNet's domain library: the knowledge graph of a district's integration work, in rooms.

``model`` (types, vocabularies) ← ``store`` (the contract and its two backends) ← ``analysis``, ``layout``,
``maps``, ``snapshots``, ``exports``; ``errors``, ``settings`` and ``language`` serve all of them. See
``docs/architecture.md`` for what may import what. This package imports nothing from ``importers``,
``dashboard`` or ``integranet``.
"""

__version__ = "0.1.0"

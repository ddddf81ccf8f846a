"""IntegraNet's domain: the knowledge graph of a district's integration work.

Schema and vocabularies, the store interface and its two backends, and conversion to networkx.
This package imports nothing from ``importers``, ``dashboard`` or ``integranet``.
"""

__version__ = "0.1.0"

"""Files for people and programs: JSON, CSV, GraphML, GEXF, XLSX, Cypher, figures, the HTML map, the report pack.

Exports take a :class:`~graph.snapshots.snapshot.Snapshot` or a :class:`~graph.model.domain.Subgraph`;
they neutralise spreadsheet formulas and leave personal data out unless asked.
"""

"""Questions asked of the network: centrality, communities, weak points, paths, profiles, coverage and gaps.

Functions take plain data (networkx graphs, :class:`~graph.model.domain.Subgraph`,
:class:`~graph.model.coverage_facts.CoverageFacts`) and return plain, sorted results. Whether networkx or
python-igraph computes a measure is decided in one place, :mod:`graph.analysis.engine`.
"""

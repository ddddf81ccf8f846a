"""Where nodes are drawn: force-directed, geographic, grouped by kind, and stable positions for snapshots.

Every layout is deterministic: the same actors and ties give the same positions.
"""

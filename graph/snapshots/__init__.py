"""Dated, immutable network snapshots for reports: freezing the store, the snapshot folder, comparing two."""

"""Measured figures (``make bench``): how fast the stores take an import. Speed is measured here, never asserted."""

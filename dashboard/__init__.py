"""The Streamlit dashboard: pages lay out and call ``graph`` and ``importers``."""

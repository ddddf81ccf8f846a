"""The network map: the view a planner asks for, how each actor looks, and the self-contained HTML page.

Shared by the dashboard's network page and the HTML export.
"""

"""The bundled data as a package, ``integranet_data``: vocabularies/ and the Ludwigsburg dataset (ludwigsburg/).

pyproject.toml maps this folder onto that package name, so the wheel carries the files and
:data:`graph.settings.DATA_DIR` finds them through :mod:`importlib.resources` wherever IntegraNet is installed.
There is no code here.
"""

"""The ``integranet`` command line: parses arguments, calls the library, turns errors into words."""

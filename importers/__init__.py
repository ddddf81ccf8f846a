"""Reading files into validated records, with a report of every problem, and loading them into a store."""

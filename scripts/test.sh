#!/usr/bin/env bash
# Run the whole test suite in one pytest invocation (so PYTEST_ADDOPTS applies).
# Neo4j: NEO4J_TEST_URI when set (never NEO4J_URI, which may hold real data); otherwise this script starts
# the test server on a free port, runs the suite, and stops the server again.
set -uo pipefail
cd "$(dirname "$0")/.."
py=.venv/bin/python

started=""
if [ -z "${NEO4J_TEST_URI:-}" ]; then
  if [ -z "${NEO4J_PORT:-}" ]; then
    NEO4J_PORT=$($py -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  fi
  export NEO4J_PORT
  if scripts/neo4j-up.sh; then
    started=yes
    export NEO4J_TEST_URI="bolt://127.0.0.1:$NEO4J_PORT"
  else
    echo "Neo4j could not be started; the tests marked neo4j will skip (or fail with REQUIRE_NEO4J=1)." >&2
  fi
fi
cleanup() { [ -n "$started" ] && scripts/neo4j-down.sh >/dev/null; }
trap cleanup EXIT INT TERM

$py -m ruff check . || exit 1
# Types: mypy --strict over graph/ and importers/, and pyright for the LiteralString rule on Cypher text.
$py -m mypy || exit 1
.venv/bin/pyright || exit 1
# The doctests of graph/, importers/ and dashboard/ run in the same invocation. The page scripts
# (dashboard/app.py, dashboard/views/) call Streamlit when imported, so the doctest collector skips them.
$py -m pytest tests graph importers dashboard --doctest-modules \
  --ignore=dashboard/app.py --ignore=dashboard/views --ignore=tests/neo4j-server

#!/usr/bin/env bash
# Import throughput (benchmarks/import_throughput.py): Neo4j batched vs Neo4j per row vs the embedded store.
# Neo4j: NEO4J_TEST_URI when set (never NEO4J_URI, which may hold real data); otherwise this script starts
# the test server on a free port, runs the benchmark, and stops the server again. The benchmark wipes the
# database it measures (it refuses one holding data the project did not create).
# Arguments go to the benchmark (e.g. --actors 2000 --relations 10000). The JSON is printed and saved as
# benchmarks/results/import_throughput-<date>.json.
set -uo pipefail
cd "$(dirname "$0")/.."
py=.venv/bin/python

started=""
if [ -z "${NEO4J_TEST_URI:-}" ]; then
  if [ -f .neo4j/pid ] && kill -0 "$(cat .neo4j/pid)" 2>/dev/null; then
    # A test server started by `make neo4j-up` is already running: use it, and leave it running.
    NEO4J_TEST_URI="bolt://127.0.0.1:$(cat .neo4j/port)"
    echo "Using the running test Neo4j at $NEO4J_TEST_URI." >&2
  else
    if [ -z "${NEO4J_PORT:-}" ]; then
      NEO4J_PORT=$($py -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    fi
    export NEO4J_PORT
    scripts/neo4j-up.sh >&2 || { echo "Neo4j could not be started, so nothing was measured." >&2; exit 3; }
    started=yes
    NEO4J_TEST_URI="bolt://127.0.0.1:$NEO4J_PORT"
  fi
  export NEO4J_TEST_URI
fi
out=$(mktemp)
cleanup() {
  rm -f "$out"
  if [ -n "$started" ]; then scripts/neo4j-down.sh >/dev/null; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

$py -m benchmarks.import_throughput --json "$@" >"$out"
rc=$?
if [ "$rc" -ne 0 ]; then
  exit "$rc"
fi
cat "$out"
# Only a measurement is kept (not, say, the text of --help).
if [ "$(head -c 1 "$out")" != "{" ]; then
  exit 0
fi
mkdir -p benchmarks/results
result="benchmarks/results/import_throughput-$(date +%Y-%m-%d).json"
cat "$out" >"$result"  # not cp: the temp file is private (0600), the result need not be
echo "Saved to $result." >&2

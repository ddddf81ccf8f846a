#!/usr/bin/env bash
# Stop the test Neo4j started by neo4j-up.sh (SIGTERM: it shuts down cleanly and deletes its data).
set -uo pipefail
cd "$(dirname "$0")/.."
state=${NEO4J_STATE:-.neo4j}
if [ ! -f "$state/pid" ]; then
  echo "No Neo4j test server is running."
  exit 0
fi
pid=$(cat "$state/pid")
if kill -0 "$pid" 2>/dev/null; then
  kill -TERM "$pid"
  for _ in $(seq 1 60); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.5
  done
  if kill -0 "$pid" 2>/dev/null; then
    echo "Neo4j did not stop within 30 s; killing it." >&2
    kill -KILL "$pid" 2>/dev/null || true
  fi
fi
rm -f "$state/pid" "$state/port"
echo "Neo4j test server stopped."

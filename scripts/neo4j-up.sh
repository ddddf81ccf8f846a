#!/usr/bin/env bash
# Start the test Neo4j (tests/neo4j-server) in the background and wait until Bolt answers.
# Port: NEO4J_PORT (default 7687). State (pid, port, log) in NEO4J_STATE (default .neo4j/), so that two
# servers on two ports can run side by side.
set -euo pipefail
cd "$(dirname "$0")/.."
server=tests/neo4j-server
state=${NEO4J_STATE:-.neo4j}
port=${NEO4J_PORT:-7687}
jar=$server/target/neo4j-test-server-1.0.0.jar
mkdir -p "$state"

if [ -f "$state/pid" ] && kill -0 "$(cat "$state/pid")" 2>/dev/null; then
  echo "Neo4j test server already running (pid $(cat "$state/pid"), port $(cat "$state/port"))."
  exit 0
fi
if ! command -v java >/dev/null 2>&1; then
  echo "Java is missing: install a Java 17 JDK (e.g. 'apt-get install openjdk-17-jdk') and try again." >&2
  exit 3
fi
if [ ! -f "$jar" ] || [ ! -d "$server/target/lib" ]; then
  echo "The Neo4j test server is not built yet: run 'make neo4j-build' (needs Maven)." >&2
  exit 3
fi

# setsid detaches the server from the calling shell's process group, so that it outlives the command
# that started it (make neo4j-up); where setsid is missing (macOS), nohup alone does.
detach=""
command -v setsid >/dev/null 2>&1 && detach=setsid
NEO4J_PORT=$port $detach nohup java -Xmx1g -XX:+UseG1GC \
  --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED \
  --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/java.lang=ALL-UNNAMED \
  -Dio.netty.tryReflectionSetAccessible=true \
  -cp "$jar:$server/target/lib/*" org.integranet.testserver.TestServer >"$state/neo4j.log" 2>&1 &
echo $! >"$state/pid"
echo "$port" >"$state/port"

for _ in $(seq 1 240); do
  if grep -q "NEO4J READY" "$state/neo4j.log" 2>/dev/null; then
    echo "Neo4j test server ready at bolt://127.0.0.1:$port (pid $(cat "$state/pid"))."
    exit 0
  fi
  if ! kill -0 "$(cat "$state/pid")" 2>/dev/null; then
    echo "The Neo4j test server stopped while starting. Last lines of $state/neo4j.log:" >&2
    tail -n 30 "$state/neo4j.log" >&2
    rm -f "$state/pid"
    exit 3
  fi
  sleep 0.5
done
echo "The Neo4j test server did not answer within 120 s; see $state/neo4j.log." >&2
exit 3

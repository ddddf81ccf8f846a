# The two commands of a fresh clone: `make run` and `make test`. Everything else is a step of those.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
NEO4J_JAR := tests/neo4j-server/target/neo4j-test-server-1.0.0.jar

.PHONY: run test install neo4j-build neo4j-up neo4j-down bench lint clean

## make run: install, load the bundled data into an empty store (never over your changes), open the dashboard
run: $(STAMP)
	$(PY) -m integranet seed --if-empty
	$(PY) -m integranet dashboard

## make test: every test, Neo4j included (starts and stops a real Neo4j unless NEO4J_TEST_URI is set)
test: $(STAMP) $(NEO4J_JAR)
	scripts/test.sh

install: $(STAMP)

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed.")'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $(STAMP)

neo4j-build: $(NEO4J_JAR)

$(NEO4J_JAR): tests/neo4j-server/pom.xml $(wildcard tests/neo4j-server/src/main/java/org/integranet/testserver/*.java)
	mvn --batch-mode --quiet -f tests/neo4j-server/pom.xml package -DskipTests

## make neo4j-up / neo4j-down: the test Neo4j in the background (NEO4J_PORT, default 7687)
neo4j-up: $(NEO4J_JAR)
	scripts/neo4j-up.sh

neo4j-down:
	scripts/neo4j-down.sh

## make bench: import throughput, Neo4j batched vs per row vs embedded
bench: $(STAMP) $(NEO4J_JAR)
	scripts/bench.sh

lint: $(STAMP)
	$(PY) -m ruff check .

clean:
	rm -rf $(VENV) tests/neo4j-server/target .neo4j .pytest_cache .ruff_cache build dist

"""The type checker keeps Cypher safe: a query built from run-time text is an error, a literal one is not.

The Neo4j driver types query text as ``LiteralString``; pyright (run by ``make test`` over graph/ and
importers/) enforces it. This test shows that the check bites, on a snippet beside the real code.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

SNIPPET = '''
import neo4j

def count(tx: neo4j.ManagedTransaction, label: str) -> None:
    tx.run("MATCH (n:Actor) WHERE n.kind = $kind RETURN count(n)", kind=label)
    tx.run(f"MATCH (n:{label}) RETURN count(n)")
'''


def test_pyright_rejects_a_query_built_from_run_time_text(tmp_path: Path) -> None:
    pyright = shutil.which("pyright", path=str(Path(sys.executable).parent))
    if pyright is None:
        pytest.fail("pyright is not installed: run `make install` (it is in the test extras).")
    (tmp_path / "snippet.py").write_text(SNIPPET, encoding="utf-8")
    done = subprocess.run([pyright, "--pythonpath", sys.executable, str(tmp_path / "snippet.py")],
                          capture_output=True, text=True, timeout=300, cwd=tmp_path, check=False)
    errors = [line for line in done.stdout.splitlines() if " - error: " in line]
    assert len(errors) == 1, done.stdout
    assert "snippet.py:6:" in errors[0] and "LiteralString" in done.stdout

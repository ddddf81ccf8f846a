"""The import benchmark runs end to end on tiny sizes. It measures; nothing here asserts a speed."""

from __future__ import annotations

import json

import pytest

from benchmarks import import_throughput
from graph.model.vocabulary import Vocabulary

RATES = ("neo4j_batched_rows_per_s", "neo4j_per_row_rows_per_s", "embedded_rows_per_s", "ratio_batched_over_per_row")
SECONDS = ("neo4j_batched_seconds", "neo4j_per_row_seconds", "embedded_seconds")


@pytest.mark.neo4j
def test_benchmark_prints_verified_figures(neo4j_store_uri: str, capsys: pytest.CaptureFixture[str]) -> None:
    code = import_throughput.main(
        ["--json", "--actors", "60", "--relations", "120", "--neo4j-uri", neo4j_store_uri]
    )
    captured = capsys.readouterr()
    assert code == 0, captured.err
    result = json.loads(captured.out)  # exactly one JSON object on stdout
    assert result["counts_verified"] is True
    assert (result["actors"], result["relations"], result["rows"]) == (60, 120, 180)
    for key in (*RATES, *SECONDS):
        assert isinstance(result[key], int | float) and result[key] > 0, key
    assert 0 < result["neo4j_per_row_sample_rows"] <= result["rows"]
    assert result["batch_size"] == 1000
    assert result["machine_cores"] >= 1
    for key in ("neo4j_server_version", "neo4j_driver_version", "python_version"):
        assert result[key], key


def test_dataset_is_deterministic_and_its_prefix_self_contained(vocabulary: Vocabulary) -> None:
    first = import_throughput.generate_dataset(vocabulary, 300, 1200, seed=7)
    assert first == import_throughput.generate_dataset(vocabulary, 300, 1200, seed=7)
    assert len({r.key for r in first.relations}) == 1200
    assert all(r.source != r.target for r in first.relations)
    sample = first.prefix(0.1)
    ids = {a.id for a in sample.actors}
    assert len(sample.relations) == 120
    assert all(r.source in ids and r.target in ids for r in sample.relations)
    assert all(set(a.serves) | {a.municipality or a.id} <= ids for a in sample.actors)

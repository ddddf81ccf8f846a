"""Loading in one transaction: a store failing midway leaves nothing of the import, and a rerun writes it whole."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from graph.errors import InvalidInputError, StoreWriteError
from graph.model.domain import GraphBatch
from graph.model.vocabulary import Vocabulary
from graph.settings import DATA_DIR
from graph.store.embedded import EmbeddedStore
from importers.load import ImportInterruptedError, load_plan
from importers.records import KnownActors, plan_import


class FailingOnce(EmbeddedStore):
    """A real embedded store whose n-th batch fails once inside the open transaction, as a full disk would.

    The one fault injected in this suite: a store failure cannot be provoked on demand otherwise.
    """

    def __init__(self, path: Path, vocabulary: Vocabulary, fail_at: int) -> None:
        super().__init__(path, vocabulary)
        self.calls = 0
        self.fail_at = fail_at

    def _write_batch(self, db: sqlite3.Connection, batch: GraphBatch) -> None:
        self.calls += 1
        if self.calls == self.fail_at:
            raise StoreWriteError("simulated failure (disk full)")
        super()._write_batch(db, batch)


@pytest.fixture
def files() -> list[Path]:
    folder = DATA_DIR / "ludwigsburg"
    return [folder / "municipalities.csv", folder / "organisations.csv", folder / "relations.csv"]


def test_a_failure_midway_writes_nothing_and_a_rerun_completes(tmp_path: Path, files: list[Path]) -> None:
    vocabulary = Vocabulary.load(DATA_DIR / "vocabularies")
    plan = plan_import(files, vocabulary)
    assert not plan.errors
    store = FailingOnce(tmp_path / "s.sqlite", vocabulary, fail_at=3)
    with pytest.raises(ImportInterruptedError) as info:
        load_plan(plan, store, batch_size=20)
    message = str(info.value)
    assert "Nothing of the import was written" in message and "Run the same import again" in message
    # Batches 1 and 2 (the municipalities) were written inside the transaction before batch 3 failed: rolled back.
    assert store.calls == 3
    assert store.stats().actors == 0 and store.stats().relations == 0
    assert store.last_imports() == []

    rerun = plan_import(files, vocabulary, KnownActors.from_store(store))
    load_plan(rerun, store, batch_size=20)
    complete = EmbeddedStore(tmp_path / "direct.sqlite", vocabulary)
    load_plan(plan_import(files, vocabulary), complete, batch_size=20)
    assert store.stats() == complete.stats()
    assert len(store.last_imports()) == 1


def test_a_plan_with_errors_writes_nothing(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("name,kind\nA,other\nB,kein Typ\n", encoding="utf-8")
    vocabulary = Vocabulary.load(DATA_DIR / "vocabularies")
    plan = plan_import([bad], vocabulary)
    store = EmbeddedStore(tmp_path / "s.sqlite", vocabulary)
    with pytest.raises(InvalidInputError) as info:
        load_plan(plan, store)
    assert [p.code for p in info.value.problems] == ["unknown-kind"]
    assert store.stats().actors == 0
    load_plan(plan, store, skip_invalid=True)
    assert store.stats().actors == 1 and store.last_imports()[0].skipped == 1

"""Loading in atomic batches: a store failing midway leaves whole batches, and a rerun completes the import."""

from __future__ import annotations

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
    """A real embedded store whose n-th write fails once, as a full disk or a lost connection would.

    The one fault injected in this suite: a store failure cannot be provoked on demand otherwise.
    """

    def __init__(self, path: Path, vocabulary: Vocabulary, fail_at: int) -> None:
        super().__init__(path, vocabulary)
        self.calls = 0
        self.fail_at = fail_at

    def write(self, batch: GraphBatch) -> None:
        self.calls += 1
        if self.calls == self.fail_at:
            raise StoreWriteError("simulated failure (disk full)")
        super().write(batch)


@pytest.fixture
def files() -> list[Path]:
    folder = DATA_DIR / "ludwigsburg"
    return [folder / "municipalities.csv", folder / "organisations.csv", folder / "relations.csv"]


def test_a_failure_midway_keeps_whole_batches_and_a_rerun_completes(tmp_path: Path, files: list[Path]) -> None:
    vocabulary = Vocabulary.load(DATA_DIR / "vocabularies")
    plan = plan_import(files, vocabulary)
    assert not plan.errors
    store = FailingOnce(tmp_path / "s.sqlite", vocabulary, fail_at=2)
    with pytest.raises(ImportInterruptedError) as info:
        load_plan(plan, store, batch_size=20)
    message = str(info.value)
    assert "batch 2 of" in message and "Batches 1–1 were written completely" in message
    assert "Run the same import again" in message
    # Batch 1: the first 20 municipalities, nothing more, nothing less.
    assert store.stats().actors == 20 and store.stats().relations == 0
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

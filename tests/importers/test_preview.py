"""The change preview: what a plan would add, change (property by property) and leave, on a real embedded store."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from graph.model.domain import GraphBatch
from graph.model.vocabulary import Vocabulary
from graph.settings import DATA_DIR
from graph.store.base import GraphStore
from graph.store.embedded import EmbeddedStore
from importers.preview import describe_changes, new_only, preview_plan
from importers.records import ImportPlan, KnownActors, plan_import
from importers.seed import plan_seed

ACTOR_ID = "lra-bildungskoordination"
BUNDLED = DATA_DIR / "ludwigsburg"


@pytest.fixture
def seeded(bundled_store_file: Path, tmp_path: Path, vocabulary: Vocabulary) -> Iterator[GraphStore]:
    """A copy of the seeded bundled store, this test's own to change."""
    copy = tmp_path / "store.sqlite"
    shutil.copy(bundled_store_file, copy)
    with EmbeddedStore(copy, vocabulary) as store:
        yield store


def _seed_plan(store: GraphStore, vocabulary: Vocabulary) -> ImportPlan:
    plan = plan_seed(store, vocabulary, BUNDLED)
    assert not plan.has_errors
    return plan


def test_the_bundled_plan_on_the_seeded_store_changes_nothing(seeded: GraphStore, vocabulary: Vocabulary) -> None:
    plan = _seed_plan(seeded, vocabulary)
    preview = preview_plan(plan, seeded, whole=True)
    assert preview.changes_nothing
    counts = preview.counts()
    assert counts["actors"] == {"new": 0, "changed": 0, "unchanged": len(plan.actors), "missing": 0}
    assert counts["links"]["unchanged"] == len(plan.links) > 0
    assert counts["relations"]["unchanged"] == len(plan.relations) > 0
    assert all(c["missing"] == 0 and c["new"] == 0 for c in counts.values())
    assert describe_changes(preview) == []


def test_a_changed_actor_is_listed_with_exactly_the_changed_property(seeded: GraphStore,
                                                                      vocabulary: Vocabulary) -> None:
    bundled = seeded.get_actor(ACTOR_ID)
    assert bundled is not None
    properties = {**bundled.properties, "website": "https://example.org/"}
    seeded.write(GraphBatch(actors=(replace(bundled, name="Korrigiert", properties=properties,
                                            imported_at="2030-01-01T00:00:00+00:00"),)))
    preview = preview_plan(_seed_plan(seeded, vocabulary), seeded, whole=True)
    (change,) = preview.of("actors").changed
    assert change.key == ACTOR_ID and change.name == "Korrigiert"
    assert change.properties == (("name", "Korrigiert", bundled.name),
                                 ("website", "https://example.org/", bundled.properties["website"]))
    assert preview.changed == 1 and preview.new == 0
    lines = describe_changes(preview)
    assert f"    name: Korrigiert → {bundled.name}" in lines
    as_json = json.loads(json.dumps(preview.as_dict()))
    assert as_json["actors"]["changed"][0]["properties"][0] == {"property": "name", "before": "Korrigiert",
                                                                "after": bundled.name}


def test_a_confirmation_the_row_leaves_empty_is_no_change(seeded: GraphStore, vocabulary: Vocabulary) -> None:
    bundled = seeded.get_actor(ACTOR_ID)
    assert bundled is not None and not bundled.confirmed
    seeded.write(GraphBatch(actors=(replace(bundled, confirmed="2026-11-30"),)))
    preview = preview_plan(_seed_plan(seeded, vocabulary), seeded, whole=True)
    assert preview.changes_nothing


def test_records_only_the_store_holds_are_reported_and_new_ones_kept_apart(seeded: GraphStore,
                                                                           vocabulary: Vocabulary) -> None:
    bundled = seeded.get_actor(ACTOR_ID)
    assert bundled is not None
    seeded.write(GraphBatch(actors=(replace(bundled, id="own-actor", name="Eigener Akteur"),)))
    seeded.delete_actor("lra-stabsstelle-integration")
    plan = _seed_plan(seeded, vocabulary)
    preview = preview_plan(plan, seeded, whole=True)
    assert preview.of("actors").missing == ("own-actor",)
    assert "lra-stabsstelle-integration" in preview.of("actors").new
    assert preview.changed == 0
    only_new = new_only(plan, preview)
    assert "lra-stabsstelle-integration" in {a.id for a in only_new.actors}
    assert ACTOR_ID not in {a.id for a in only_new.actors}
    assert len(only_new.actors) + len(only_new.relations) + len(only_new.links) + len(only_new.nodes) == preview.new


def test_a_small_import_reads_only_its_own_records(seeded: GraphStore, vocabulary: Vocabulary,
                                                   tmp_path: Path) -> None:
    csv = tmp_path / "one.csv"
    csv.write_text("id,name,kind,municipality\nneu-1,Neuer Verein,volunteer_group,Tamm\n", encoding="utf-8")
    plan = plan_import([csv], vocabulary, KnownActors.from_store(seeded))
    assert not plan.has_errors
    preview = preview_plan(plan, seeded)
    assert preview.of("actors").new == ("neu-1",)
    # The rest of the store is not this file's business: nothing is "missing".
    assert all(not preview.of(kind).missing for kind in ("actors", "nodes", "relations", "links"))


def test_an_uninitialised_store_gets_everything_new(tmp_path: Path, vocabulary: Vocabulary) -> None:
    with EmbeddedStore(tmp_path / "empty.sqlite", vocabulary) as store:
        plan = _seed_plan(store, vocabulary)
        preview = preview_plan(plan, store, whole=True)
    assert preview.of("actors").new == tuple(a.id for a in plan.actors)
    assert preview.changed == 0 and preview.new > len(plan.actors)

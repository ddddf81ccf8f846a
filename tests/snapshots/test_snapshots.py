"""Snapshots: frozen, dated, immutable copies of the network, with stable positions; and their comparison."""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.errors import ConfigurationError
from graph.layout.stable import stable_layout
from graph.model.domain import Actor, ActorFilter, GraphBatch, Relation
from graph.model.vocabulary import Vocabulary
from graph.settings import DATA_DIR, Settings, default_snapshot_dir
from graph.snapshots.diff import diff_snapshots, diff_table
from graph.snapshots.snapshot import SnapshotError, SnapshotFolder, content_hash
from graph.store.base import GraphStore
from graph.store.filters import actor_filter
from importers.seed import seed
from tests.support import run, stats

DIFF_KEYS = ["actors_added", "actors_removed", "actors_changed", "relations_added", "relations_removed", "by_field",
             "by_municipality", "nodes_added", "nodes_removed", "nodes_changed", "links_added", "links_removed",
             "links_changed", "by_node_type", "by_link_type"]
NOW = dt.datetime(2025, 1, 15, 9, 30, tzinfo=dt.UTC)


@pytest.fixture
def seeded(store: GraphStore, vocabulary: Vocabulary) -> GraphStore:
    seed(store, vocabulary, DATA_DIR / "ludwigsburg")
    return store


@pytest.fixture
def folder(tmp_path: Path) -> SnapshotFolder:
    return SnapshotFolder(tmp_path / "snapshots")


@pytest.fixture
def snapshot_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The snapshot folder of command-line tests (a Neo4j store would otherwise use the user's data folder)."""
    path = tmp_path / "cli-snapshots"
    monkeypatch.setenv("INTEGRANET_SNAPSHOT_DIR", str(path))
    yield path


def new_volunteer_group(store: GraphStore) -> None:
    store.write(GraphBatch(
        actors=(Actor("fk-neu", "Freundeskreis Neu", "volunteer_group", municipality="ags-08118071", town="Tamm",
                      fields=("language_education",), provenance="Eigene Erhebung"),),
        relations=(Relation("fk-neu", "cooperates_with", "lra-stabsstelle-integration", provenance="Eigene Erhebung"),),
    ))


# -- freezing -----------------------------------------------------------------------------------------


def test_a_snapshot_holds_the_graph_its_counts_hash_and_a_position_for_every_actor(
        seeded: GraphStore, folder: SnapshotFolder) -> None:
    made = folder.create(seeded, "Integrationsbericht 2025", now=NOW)
    info = made.info
    assert info.id.startswith("20250115-093000-")
    assert info.label == "Integrationsbericht 2025"
    assert info.created_at == "2025-01-15T09:30:00+00:00"
    # A neutral name, never the file path or the server address.
    assert info.store == f"{seeded.kind} {seeded.display_name}"
    assert seeded.location not in info.store
    assert info.filters == {"kinds": [], "fields": [], "municipalities": [], "include_district_wide": False}
    expected = seeded.stats().as_dict()
    assert {k: info.counts[k] for k in expected} == expected
    assert info.counts["illustrative_relations"] == sum(1 for r in seeded.relations() if r.is_illustrative)
    assert info.content_hash.startswith("sha256:") and len(info.content_hash) == 71
    assert info.software.startswith("integranet ")
    assert info.personal_data_included is False
    assert info.last_import is not None
    assert set(made.positions) == {a.id for a in seeded.actors()}
    assert made.fields == tuple(seeded.fields_of_action())

    loaded = folder.load(info.id)
    assert loaded.info == info
    assert loaded.subgraph == made.subgraph
    assert loaded.positions == made.positions
    assert [i.id for i in folder.infos()] == [info.id]


def test_a_second_snapshot_after_adding_one_actor_keeps_every_other_actor_in_place(
        seeded: GraphStore, folder: SnapshotFolder) -> None:
    first = folder.create(seeded, "2024", now=NOW)
    new_volunteer_group(seeded)
    second = folder.create(seeded, "2025", now=NOW + dt.timedelta(days=365))
    assert set(second.positions) == set(first.positions) | {"fk-neu"}
    for actor_id, position in first.positions.items():
        assert second.positions[actor_id] == position, actor_id
    # The newcomer is placed inside the drawing, not far off.
    xs = [x for x, _ in first.positions.values()]
    ys = [y for _, y in first.positions.values()]
    x, y = second.positions["fk-neu"]
    span = max(max(xs) - min(xs), max(ys) - min(ys))
    assert min(xs) - span / 2 < x < max(xs) + span / 2 and min(ys) - span / 2 < y < max(ys) + span / 2


def test_stable_layout_is_deterministic_and_keeps_lone_newcomers_near_the_drawing() -> None:
    from graph.model.domain import Subgraph

    actors = tuple(Actor(f"a{i}", f"A{i}", "other") for i in range(8))
    ties = tuple(Relation(f"a{i}", "advises", f"a{(i + 1) % 8}") for i in range(8))
    first = stable_layout(Subgraph(actors, ties))
    newcomers = (Actor("lonely", "Lonely", "other"), Actor("pair1", "P1", "other"), Actor("pair2", "P2", "other"))
    grown = Subgraph((*actors, *newcomers), (*ties, Relation("pair1", "funds", "pair2")))
    again = stable_layout(grown, first)
    assert again == stable_layout(Subgraph(tuple(reversed(grown.actors)), tuple(reversed(grown.relations))), first)
    assert all(again[k] == v for k, v in first.items())
    radius = max(abs(c) for p in first.values() for c in p)
    assert all(abs(c) < 4 * radius for k in ("lonely", "pair1", "pair2") for c in again[k])


def test_stable_layout_of_a_large_network_keeps_places_too() -> None:
    """Above graph.layout.force.COMPILED_ABOVE actors the placement runs in python-igraph; the promise is the same."""
    import random

    from graph.model.domain import Subgraph
    from graph.settings import COMPILED_ABOVE

    rng = random.Random(3)
    count = COMPILED_ABOVE + 20
    actors = tuple(Actor(f"a{i:03d}", f"A{i}", "other") for i in range(count))
    ties = tuple(sorted({Relation(f"a{rng.randrange(count):03d}", "advises", f"a{rng.randrange(count):03d}")
                         for _ in range(2 * count)}, key=lambda r: r.key))
    first = stable_layout(Subgraph(actors, ties))
    grown = Subgraph((*actors, Actor("new", "New", "other")), (*ties, Relation("new", "funds", "a001")))
    second = stable_layout(grown, first)
    assert all(second[k] == v for k, v in first.items())
    assert second == stable_layout(grown, first)
    radius = max(abs(c) for p in first.values() for c in p)
    assert all(abs(c) < 2 * radius for c in second["new"])


def test_the_same_content_gives_the_same_hash_whenever_it_was_imported(
        seeded: GraphStore, folder: SnapshotFolder, vocabulary: Vocabulary) -> None:
    first = folder.create(seeded, "first", now=NOW)
    seed(seeded, vocabulary, DATA_DIR / "ludwigsburg")  # new import times, same content
    second = folder.create(seeded, "second", now=NOW)
    assert second.info.content_hash == first.info.content_hash
    assert second.id == first.id + "-2"  # same second, same content: a suffix, never an overwrite
    assert second.positions == first.positions
    new_volunteer_group(seeded)
    assert folder.create(seeded, "third", now=NOW).info.content_hash != first.info.content_hash


def test_content_hash_ignores_order(seeded: GraphStore) -> None:
    from graph.model.domain import Subgraph

    sub = seeded.subgraph()
    fields = seeded.fields_of_action()
    reversed_sub = Subgraph(tuple(reversed(sub.actors)), tuple(reversed(sub.relations)))
    assert content_hash(fields, sub) == content_hash(fields, reversed_sub)


def test_snapshots_are_read_only_and_an_edited_one_is_refused(seeded: GraphStore, folder: SnapshotFolder) -> None:
    made = folder.create(seeded, "Bericht", now=NOW)
    graph_file = folder.path / made.id / "graph.json"
    assert not graph_file.stat().st_mode & stat.S_IWUSR
    graph_file.chmod(stat.S_IRUSR | stat.S_IWUSR)
    data = json.loads(graph_file.read_text(encoding="utf-8"))
    data["actors"][0]["name"] = "Manipuliert"
    graph_file.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(SnapshotError, match="changed after it was created"):
        folder.load(made.id)
    assert folder.delete(made.id) == made.id
    assert folder.infos() == []


def test_personal_data_is_left_out_unless_asked_for_and_the_choice_is_recorded(
        store: GraphStore, folder: SnapshotFolder) -> None:
    store.write(GraphBatch(actors=(Actor("p", "Verein", "other", properties={
        "contact": "Frau Beispiel", "email": "person@example.org", "phone": "+49 7141 0", "website": "https://x.de"}),)))
    plain = folder.create(store, "ohne", now=NOW)
    assert plain.info.personal_data_included is False
    assert dict(plain.subgraph.actors[0].properties) == {"website": "https://x.de"}
    assert "person@example.org" not in (folder.path / plain.id / "graph.json").read_text(encoding="utf-8")
    full = folder.create(store, "mit", now=NOW, include_personal_data=True)
    assert full.info.personal_data_included is True
    assert full.subgraph.actors[0].properties["email"] == "person@example.org"


def test_filters_resolve_labels_names_and_keys(seeded: GraphStore, vocabulary: Vocabulary,
                                               folder: SnapshotFolder) -> None:
    where = actor_filter(seeded, vocabulary, fields=["Sprache und Bildung"], municipalities=["Tamm"],
                         kinds=["Ehrenamtliche Initiative", "municipality"])
    assert where == ActorFilter(kinds=("municipality", "volunteer_group"), fields=("language_education",),
                                municipalities=("ags-08118071",))
    assert actor_filter(seeded, vocabulary, municipalities=["08118071"]).municipalities == ("ags-08118071",)
    assert actor_filter(seeded, vocabulary, municipalities=["8118071"]).municipalities == ("ags-08118071",)
    made = folder.create(seeded, "Tamm", where=where, now=NOW)
    assert made.info.filters["municipalities"] == ["ags-08118071"]
    assert {a.id for a in made.subgraph.actors} == {a.id for a in seeded.actors(where)}
    assert made.info.is_filtered
    with pytest.raises(ConfigurationError, match=r"Unknown field of action 'nope'.*No municipality 'Atlantis'"):
        actor_filter(seeded, vocabulary, fields=["nope"], municipalities=["Atlantis"])


def test_unknown_snapshot_and_ambiguous_prefix_say_what_to_do(seeded: GraphStore, folder: SnapshotFolder) -> None:
    with pytest.raises(SnapshotError, match="There is none yet"):
        folder.load("2025")
    folder.create(seeded, "a", now=NOW)
    folder.create(seeded, "b", now=NOW + dt.timedelta(seconds=1))
    with pytest.raises(SnapshotError, match="names 2 snapshots"):
        folder.load("20250115")
    with pytest.raises(SnapshotError, match="snapshot list"):
        folder.load("../../etc/passwd")


# -- the snapshot folder setting -------------------------------------------------------------------------


def test_snapshot_folder_setting(tmp_path: Path) -> None:
    store = tmp_path / "data" / "integranet.sqlite"
    assert Settings.from_env({}, store=str(store)).snapshot_folder == tmp_path / "data" / "integranet-snapshots"
    assert Settings.from_env({"INTEGRANET_SNAPSHOT_DIR": str(tmp_path / "x")}).snapshot_folder == tmp_path / "x"
    neo4j = default_snapshot_dir("neo4j+s://user:secret@db.example.org:7687", "integration")
    assert "secret" not in str(neo4j) and "user" not in str(neo4j)
    assert neo4j.name == "neo4j-db.example.org-7687-integration"


# -- comparing ------------------------------------------------------------------------------------------


def test_diff_lists_added_removed_and_changed_actors_and_ties(seeded: GraphStore, folder: SnapshotFolder,
                                                              vocabulary: Vocabulary) -> None:
    before = folder.create(seeded, "2024", now=NOW)
    new_volunteer_group(seeded)
    vhs = seeded.get_actor("vhs-lb")
    assert vhs is not None
    seeded.upsert_actors([Actor(**{**vhs.__dict__, "name": "Volkshochschule Ludwigsburg (neu)"})])
    seeded.delete_actor("kreistag-sozialausschuss")
    after = folder.create(seeded, "2025", now=NOW + dt.timedelta(days=365))
    diff = diff_snapshots(before, after)
    data = diff.as_dict()
    assert list(data) == DIFF_KEYS
    assert [a["id"] for a in data["actors_added"]] == ["fk-neu"]
    assert data["actors_added"][0]["name"] == "Freundeskreis Neu" and data["actors_added"][0]["kind"] == \
        "volunteer_group"
    assert [a["id"] for a in data["actors_removed"]] == ["kreistag-sozialausschuss"]
    assert [a["id"] for a in data["actors_changed"]] == ["vhs-lb"]
    assert data["actors_changed"][0]["changes"]["name"]["after"] == "Volkshochschule Ludwigsburg (neu)"
    assert {"from": "fk-neu", "to": "lra-stabsstelle-integration", "type": "cooperates_with"}.items() <= \
        data["relations_added"][0].items()
    assert all({"from", "to", "type"} <= r.keys() for r in data["relations_removed"])
    assert all("kreistag-sozialausschuss" in (r["from"], r["to"]) for r in data["relations_removed"])
    language = data["by_field"]["language_education"]
    # The newcomer works on the field; the committee that was deleted did too.
    assert (language["actors_added"], language["actors_removed"]) == (1, 1)
    assert language["actors_after"] == language["actors_before"]
    assert data["by_municipality"]["ags-08118071"]["name"] == "Tamm"
    assert data["by_municipality"]["ags-08118071"]["actors_added"] == 1
    headers, rows = diff_table(diff, vocabulary, "de")
    assert headers[0] == "Änderung" and rows[0][:3] == ("neu", "Akteur", "fk-neu")
    assert diff_snapshots(after, after).is_empty


# -- the command line ------------------------------------------------------------------------------------


def test_snapshot_commands_end_to_end(store_location: str, snapshot_env: Path, tmp_path: Path) -> None:
    assert run("--store", store_location, "seed")[0] == 0
    code, out, err = run("--store", store_location, "snapshot", "create", "--label", "Bericht 2024")
    assert code == 0, err
    first = out.strip().splitlines()[-1]
    assert (snapshot_env / first / "metadata.json").is_file()
    code, out, _ = run("snapshot", "--store", store_location, "list", "--json")
    listed = json.loads(out)
    assert [i["id"] for i in listed] == [first]
    assert listed[0]["counts"]["actors"] == stats(store_location)["actors"]
    assert "personal_data_included" in listed[0]

    code, out, err = run("--store", store_location, "snapshot", "create", "--label", "Sprache in Tamm",
                         "--field", "language_education", "--municipality", "Tamm", "--kind", "Kommune",
                         "--kind", "volunteer_group")
    assert code == 0, err
    second = out.strip().splitlines()[-1]
    shown = json.loads(run("--store", store_location, "snapshot", "show", second, "--json")[1])
    assert shown["filters"]["fields"] == ["language_education"]
    assert shown["filters"]["kinds"] == ["municipality", "volunteer_group"]
    code, out, _ = run("--store", store_location, "snapshot", "list")
    assert "Sprache in Tamm [filtered]" in out

    code, out, err = run("--store", store_location, "snapshot", "diff", first, second, "--json")
    assert code == 0, err
    assert list(json.loads(out)) == DIFF_KEYS
    figure, table = tmp_path / "diff.svg", tmp_path / "diff.csv"
    code, out, err = run("--store", store_location, "snapshot", "diff", first, second, "--figure", str(figure),
                         "--table", str(table), "--language", "en")
    assert code == 0, err
    assert "removed" in out and figure.read_bytes().startswith(b"<?xml")
    assert next(csv.reader(table.open(encoding="utf-8")))[0] == "change"

    code, out, err = run("--store", store_location, "snapshot", "delete", second)
    assert code == 1 and "Nothing was deleted" in err and f"delete {second} --yes" in err
    code, _, err = run("--store", store_location, "snapshot", "delete", second[0], "--yes")
    assert code == 1 and "too short to delete a snapshot" in err
    assert run("--store", store_location, "snapshot", "show", second)[0] == 0, "still there"
    code, out, err = run("--store", store_location, "snapshot", "delete", second, "--yes")
    assert code == 0 and out.strip() == f"Deleted snapshot {second}."
    code, _, err = run("--store", store_location, "snapshot", "show", second)
    assert code == 1 and f"No snapshot '{second}'" in err


def test_snapshot_create_rejects_unknown_filters_with_exit_code_2(tmp_path: Path, snapshot_env: Path) -> None:
    store = str(tmp_path / "s.sqlite")
    assert run("--store", store, "seed")[0] == 0
    code, out, err = run("--store", store, "snapshot", "create", "--label", "x", "--field", "Kochen")
    assert code == 2 and out == ""
    assert "Unknown field of action 'Kochen'; choose one of: housing_living_together" in err
    assert not snapshot_env.exists() or not any(snapshot_env.iterdir())


def test_snapshot_export_csv_round_trips_into_an_empty_store(store_location: str, snapshot_env: Path,
                                                              tmp_path: Path) -> None:
    assert run("--store", store_location, "seed")[0] == 0
    before = stats(store_location)
    snapshot_id = run("--store", store_location, "snapshot", "create", "--label", "x")[1].strip().splitlines()[-1]
    out = tmp_path / "csv"
    code, _, err = run("--store", store_location, "snapshot", "export", snapshot_id, "--format", "csv",
                       "--out", str(out))
    assert code == 0, err
    target = str(tmp_path / "fresh.sqlite")
    code, _, err = run("--store", target, "import", *sorted(str(f) for f in out.glob("*.csv")))
    assert code == 0, err
    assert stats(target) == before


def test_personal_data_cannot_be_exported_from_a_snapshot_made_without_it(tmp_path: Path, snapshot_env: Path) -> None:
    store = str(tmp_path / "s.sqlite")
    assert run("--store", store, "seed")[0] == 0
    snapshot_id = run("--store", store, "snapshot", "create", "--label", "x")[1].strip().splitlines()[-1]
    code, _, err = run("--store", store, "snapshot", "export", snapshot_id, "--format", "json", "--out",
                       str(tmp_path / "x.json"), "--include-personal-data")
    assert code == 1 and "made without personal data" in err


def test_snapshot_folder_defaults_beside_the_embedded_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("INTEGRANET_SNAPSHOT_DIR", raising=False)
    store = tmp_path / "office.sqlite"
    assert run("--store", str(store), "seed")[0] == 0
    snapshot_id = run("--store", str(store), "snapshot", "create", "--label", "x")[1].strip().splitlines()[-1]
    assert (tmp_path / "office-snapshots" / snapshot_id / "graph.json").is_file()
    assert os.access(tmp_path / "office-snapshots", os.W_OK)


def test_text_diff_lists_only_the_fields_and_towns_that_changed(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INTEGRANET_SNAPSHOT_DIR", str(tmp_path / "snaps"))
    store = str(tmp_path / "s.sqlite")
    assert run("--store", store, "seed")[0] == 0
    first = run("--store", store, "snapshot", "create", "--label", "vorher")[1].strip().splitlines()[-1]
    extra = tmp_path / "neu.csv"
    extra.write_text("id,name,kind,municipality,fields\nneu,Sprachcafé Tamm,volunteer_group,Tamm,"
                     "language_education\n", encoding="utf-8")
    assert run("--store", store, "import", str(extra))[0] == 0
    second = run("--store", store, "snapshot", "create", "--label", "nachher")[1].strip().splitlines()[-1]
    code, out, _ = run("--store", store, "snapshot", "diff", first, second)
    assert code == 0
    assert "  language_education: actors 20 → 21" in out
    assert "  Tamm: actors 1 → 2" in out
    assert "work_training" not in out and "Asperg" not in out


def test_snapshots_made_within_one_second_are_listed_in_the_order_made(store: GraphStore,
                                                                        folder: SnapshotFolder) -> None:
    store.write(GraphBatch(actors=(Actor("a", "Verein A", "volunteer_group"),)))
    first = folder.create(store, "erste", now=dt.datetime(2025, 1, 15, 9, 30, 0, 900_000, tzinfo=dt.UTC))
    store.write(GraphBatch(actors=(Actor("b", "Verein B", "volunteer_group"),)))
    second = folder.create(store, "zweite", now=dt.datetime(2025, 1, 15, 9, 30, 0, 100, tzinfo=dt.UTC))
    later = folder.create(store, "dritte", now=dt.datetime(2025, 1, 15, 9, 30, 0, 950_000, tzinfo=dt.UTC))
    # Same second in every id; the order made is in created_at, not in the ids' hashes.
    assert {i.id[:15] for i in folder.infos()} == {"20250115-093000"}
    assert [i.label for i in folder.infos()] == ["zweite", "erste", "dritte"]
    assert [first.info.created_at[:26], second.info.created_at[:26]] == [
        "2025-01-15T09:30:00.900000", "2025-01-15T09:30:00.000100"]
    assert later.info.created_at > first.info.created_at

"""Erasure of a person's data (issue 12, item 7), on both real backends: a contact person who is in the store, in
its change history, in free text of another actor and a node, and in two snapshots is erased; afterwards a byte
search of the store's files (embedded: the SQLite file and its journal files) or of every property in the database
(Neo4j), and of every file in the snapshot folder, finds none of the erased values in any encoding. The rewritten
snapshots say that a redaction happened (date, reason, who), never what was erased, and still pass their hash
check. An erasure cannot be undone; only an admin may erase.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.archive import ERASED, erase_personal_data
from graph.errors import AccessDeniedError, ChangeConflictError, InvalidInputError
from graph.model.access import EDITOR, VIEWER
from graph.model.changes import ChangeMeta
from graph.model.domain import Actor, GraphBatch
from graph.model.knowledge import Node
from graph.model.vocabulary import Vocabulary
from graph.settings import DATA_DIR
from graph.snapshots.snapshot import SnapshotFolder
from graph.store.base import GraphStore
from graph.store.embedded import EmbeddedStore
from tests.support import neo4j_auth, neo4j_database, run

CONTACT, EMAIL, PHONE = "Petra Mustermannová", "petra.mustermannova@vhs-beispiel.example", "+49 7141 555 0199"
OLD_PHONE = "07141 555 0100"
SECRETS = (CONTACT, EMAIL, PHONE, OLD_PHONE, "Mustermann")
REASON = "Antrag vom 2026-12-01, Az. 12/34"
SOURCE = "https://www.landkreis-ludwigsburg.de/"


def _vhs(**properties: str) -> Actor:
    return Actor("vhs", "Volkshochschule", "course_provider", fields=("language_education",), provenance=SOURCE,
                 properties=properties)


@pytest.fixture
def office(store: GraphStore, tmp_path: Path) -> Iterator[tuple[GraphStore, SnapshotFolder]]:
    """The VHS with its contact person, changed once (the old phone number is in the history only); a volunteer
    group whose notes and a format whose description name her; two snapshots with personal data, one without."""
    admin = ChangeMeta.local("import", source="kontakte.csv")
    store.write(GraphBatch(actors=(_vhs(contact=CONTACT, email=EMAIL, phone=OLD_PHONE),)), admin)
    verein = Actor("verein", "Freundeskreis Asyl", "volunteer_group", provenance=SOURCE,
                   properties={"notes": f"Absprachen mit {CONTACT} (VHS), dienstags"})
    store.write(GraphBatch(actors=(_vhs(contact=CONTACT, email=EMAIL, phone=PHONE), verein)),
                ChangeMeta.local("edit", comment=f"Telefon von {CONTACT} aktualisiert"))
    fmt = Node("sprachcafe", "Format", "Sprachcafé", provenance=SOURCE,
               properties={"kind": "exchange_meeting", "description": f"Anmeldung über {EMAIL.upper()}"})
    store.write(GraphBatch(nodes=(fmt,)), ChangeMeta.local("edit"))
    folder = SnapshotFolder(tmp_path / "snapshots")
    folder.create(store, "Bericht 2026", include_personal_data=True)
    folder.create(store, f"Kontakte, Stand bei {CONTACT}", include_personal_data=True)
    folder.create(store, "Ohne Personendaten")
    yield store, folder


def _store_bytes(store: GraphStore) -> bytes:
    """Everything the store holds, as bytes: the embedded store's files (database, journal, shared memory), or
    every property of every node and relationship of the Neo4j database."""
    if isinstance(store, EmbeddedStore):
        return b"".join(p.read_bytes() for p in sorted(store.path.parent.glob(store.path.name + "*")))
    import neo4j

    with neo4j.GraphDatabase.driver(store.location, auth=neo4j_auth()) as driver:
        nodes = driver.execute_query("MATCH (n) RETURN labels(n) AS l, properties(n) AS p",
                                     database_=neo4j_database()).records
        ties = driver.execute_query("MATCH ()-[r]->() RETURN type(r) AS t, properties(r) AS p",
                                    database_=neo4j_database()).records
    return json.dumps([[dict(r) for r in nodes], [dict(r) for r in ties]], ensure_ascii=False,
                      default=str).encode("utf-8")


def _folder_bytes(folder: SnapshotFolder) -> bytes:
    return b"".join(p.read_bytes() for p in sorted(folder.path.rglob("*")) if p.is_file())


def _found(data: bytes) -> list[str]:
    """The erased values ``data`` holds in any form a file might: UTF-8, JSON escapes, any case."""
    lowered = data.lower()
    forms = {s: {s.encode("utf-8").lower(), json.dumps(s)[1:-1].encode("ascii").lower()} for s in SECRETS}
    return [s for s, encodings in forms.items() if any(e in lowered for e in encodings)]


def test_the_erased_values_are_nowhere_in_the_store_or_the_snapshots(
        office: tuple[GraphStore, SnapshotFolder]) -> None:
    store, folder = office
    assert _found(_store_bytes(store)), "the search finds the values before the erasure"
    assert set(_found(_folder_bytes(folder))) >= {CONTACT, EMAIL, PHONE}
    result = erase_personal_data(store, folder, "vhs", REASON, ChangeMeta.local("erase"))
    assert result.properties == ("contact", "email", "phone")
    assert result.other_facts == 2  # the volunteer group's notes and the format's description
    assert len(result.snapshots) == 3  # the third holds no personal data but the notes that name her
    assert _found(_store_bytes(store)) == []
    assert _found(_folder_bytes(folder)) == []
    # What is left says that something was erased, not what.
    vhs = store.get_actor("vhs")
    assert vhs is not None and not {"contact", "email", "phone"} & set(vhs.properties)
    verein, fmt = store.get_actor("verein"), store.get_node("sprachcafe")
    assert verein is not None and verein.properties["notes"] == f"Absprachen mit {ERASED} (VHS), dienstags"
    assert fmt is not None and fmt.properties["description"] == f"Anmeldung über {ERASED}"


def test_the_history_keeps_the_erasure_but_not_the_values(office: tuple[GraphStore, SnapshotFolder]) -> None:
    store, folder = office
    result = erase_personal_data(store, folder, "vhs", REASON, ChangeMeta.local("erase"))
    sets = store.change_sets()
    assert sets[0].id == result.change_set.id and sets[0].action == "erase" and sets[0].comment == REASON
    assert len(sets) == 4, "the earlier change sets are kept, only rewritten"
    edit = next(c for c in sets if c.action == "edit" and c.comment)
    assert edit.comment == f"Telefon von {ERASED} aktualisiert"
    erasure = store.change_set(result.change_set.id)
    assert erasure is not None
    shown = {fact.key: fact for fact in erasure.facts}
    changed = {name: (before, after) for name, before, after in shown["vhs"].properties()}
    assert changed == {f"properties.{p}": (ERASED, None) for p in ("contact", "email", "phone")}
    for c in sets:
        full = store.change_set(c.id)
        assert full is not None and _found(json.dumps(full.as_dict(), ensure_ascii=False).encode()) == []


def test_rewritten_snapshots_say_a_redaction_happened_and_pass_their_check(
        office: tuple[GraphStore, SnapshotFolder]) -> None:
    store, folder = office
    before = {i.id: i.content_hash for i in folder.infos()}
    erase_personal_data(store, folder, "vhs", REASON, ChangeMeta("ada@amt.example", "erase", role="admin"))
    for info in folder.infos():
        assert info.content_hash != before[info.id], "the content changed, so its hash is new"
        assert [dict(r) for r in info.redactions] == [
            {"date": info.redactions[0]["date"], "reason": REASON, "by": "ada@amt.example"}]
        assert info.redactions[0]["date"] >= info.created_at[:19]
        snapshot = folder.load(info.id)  # raises when the content does not match its (new) hash
        assert snapshot.info.label.startswith(("Bericht", "Kontakte, Stand bei [erased]", "Ohne"))


def test_an_erasure_cannot_be_undone_and_undoing_earlier_changes_brings_nothing_back(
        office: tuple[GraphStore, SnapshotFolder]) -> None:
    store, folder = office
    earlier = [c.id for c in store.change_sets()]
    result = erase_personal_data(store, folder, "vhs", REASON, ChangeMeta.local("erase"))
    with pytest.raises(ChangeConflictError, match="cannot be undone"):
        store.undo(result.change_set.id, ChangeMeta.local("undo"))
    # The history holds no erased value any more, so no undo can write one back (newest first, as undo asks).
    undone = 0
    for change_set_id in earlier:
        try:
            store.undo(change_set_id, ChangeMeta.local("undo"))
            undone += 1
        except ChangeConflictError:
            pass
    assert undone >= 1
    assert _found(_store_bytes(store)) == []


@pytest.mark.parametrize("role", [VIEWER, EDITOR])
def test_only_an_admin_erases(role: str, office: tuple[GraphStore, SnapshotFolder]) -> None:
    store, folder = office
    snapshot_bytes = _folder_bytes(folder)
    with pytest.raises(AccessDeniedError, match="erase"):
        erase_personal_data(store, folder, "vhs", REASON, ChangeMeta("ed@amt.example", "erase", role=role))
    vhs = store.get_actor("vhs")
    assert vhs is not None and vhs.properties["contact"] == CONTACT
    assert _folder_bytes(folder) == snapshot_bytes and len(store.change_sets()) == 3


def test_an_unknown_id_a_missing_reason_and_a_record_without_personal_data_are_refused(
        office: tuple[GraphStore, SnapshotFolder]) -> None:
    store, folder = office
    admin = ChangeMeta.local("erase")
    with pytest.raises(InvalidInputError, match="no actor or node with the id 'nobody'"):
        erase_personal_data(store, folder, "nobody", REASON, admin)
    with pytest.raises(InvalidInputError, match="Give the reason"):
        erase_personal_data(store, folder, "vhs", "  ", admin)
    with pytest.raises(InvalidInputError, match="holds no personal data"):
        erase_personal_data(store, folder, "sprachcafe", REASON, admin)
    assert len(store.change_sets()) == 3


def test_the_command_line_asks_for_yes_and_then_erases(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INTEGRANET_SNAPSHOT_DIR", str(tmp_path / "snapshots"))
    path = tmp_path / "office.sqlite"
    with EmbeddedStore(path, Vocabulary.load(DATA_DIR / "vocabularies")) as store:
        store.initialise()
        store.write(GraphBatch(actors=(_vhs(contact=CONTACT, email=EMAIL),)), ChangeMeta.local())
        SnapshotFolder(tmp_path / "snapshots").create(store, "Bericht", include_personal_data=True)
    code, _, err = run("--store", str(path), "erase", "vhs", "--reason", REASON)
    assert code == 1 and "Nothing was erased" in err and "--yes" in err
    assert _found(b"".join(p.read_bytes() for p in tmp_path.glob("office.sqlite*"))) != []
    code, text, err = run("--store", str(path), "erase", "vhs", "--reason", REASON, "--yes")
    assert code == 0, err
    assert "Volkshochschule (vhs)" in text and "1 snapshot(s) rewritten" in text
    assert _found(b"".join(p.read_bytes() for p in tmp_path.rglob("*") if p.is_file())) == []

"""Personal data under the headers offices write (issue 12, item 8): the schema's personal properties have German
and English header aliases; an undeclared column whose values look like e-mail addresses or phone numbers is
treated as personal (left out of default exports and snapshots); an import warns, with line and column, where free
text holds an e-mail address or a phone number. Real files, the real importer, a real embedded store."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.model.personal import contact_data_in
from graph.model.vocabulary import Vocabulary
from graph.settings import DATA_DIR
from graph.snapshots.snapshot import SnapshotFolder
from graph.store.embedded import EmbeddedStore
from importers.columns import Role, map_columns
from importers.records import ImportPlan, plan_import
from tests.support import WriteFile, run

STAMP = "2026-12-04T10:00:00+00:00"
VALUES = ("Petra Persönlich", "petra.p@vhs-beispiel.example", "07141 144-0", "0176 5551234", "07141 99887",
          "07141 5566")
OFFICE_SHEET = (
    "id,name,kind,Ansprechpartner/in,E-Mail-Adresse,Telefonnummer,Handy,Notizen,Durchwahl Leitung,Raum,AGS\n"
    "vhs,Volkshochschule Beispiel,course_provider,Petra Persönlich,petra.p@vhs-beispiel.example,07141 144-0,"
    "0176 5551234,Frau P. erreichbar unter 07141 99887,07141 5566,1.204,08118048\n"
    "verein,Freundeskreis Beispiel,volunteer_group,,,,,Treffen dienstags 18 Uhr,,,\n"
)


@pytest.mark.parametrize(("header", "canonical"), [
    ("Ansprechpartner/in", "contact"), ("Ansprechpartner:in", "contact"), ("Kontaktperson", "contact"),
    ("Contact person", "contact"), ("E-Mail-Adresse", "email"), ("Email address", "email"), ("E-Mail", "email"),
    ("Telefonnummer", "phone"), ("Handy", "phone"), ("Mobil", "phone"), ("Mobilnummer", "phone"),
    ("Phone number", "phone"), ("Tel.-Nr.", "phone"),
])
def test_personal_headers_in_german_and_english(header: str, canonical: str) -> None:
    assert map_columns(["Name", header], Role.ACTORS).positions == {"name": 0, canonical: 1}


def test_a_second_phone_column_is_kept_not_refused() -> None:
    columns = map_columns(["Name", "Telefon", "Handy"], Role.ACTORS)
    assert columns.positions == {"name": 0, "phone": 1} and columns.extra == {2: "Handy"}
    assert columns.duplicates == ()


@pytest.mark.parametrize(("text", "found"), [
    ("petra@vhs.example", ("email",)), ("Tel. 07141 144-0", ("phone",)), ("+49 (0)7141 1440", ("phone",)),
    ("0176/1234567", ("phone",)), ("Mail an a.b@c.de oder 07141 12345", ("email", "phone")),
    ("2026-12-01", ()), ("01.12.2026", ()), ("71634 Ludwigsburg", ()), ("Raum 1.204", ()), ("seit 2019", ()),
    ("Gruppe 12 von 30 Personen", ()), ("1234567", ()), ("ISBN 978-3-16-148410-0", ()), ("", ()),
])
def test_contact_data_is_recognised_in_text(text: str, found: tuple[str, ...]) -> None:
    assert contact_data_in(text) == found


def _plan(vocabulary: Vocabulary, write_file: WriteFile) -> ImportPlan:
    return plan_import([write_file("kontakte.csv", OFFICE_SHEET)], vocabulary, imported_at=STAMP)


def test_an_office_sheet_is_read_with_its_personal_columns_and_warned_about(vocabulary: Vocabulary,
                                                                            write_file: WriteFile) -> None:
    plan = _plan(vocabulary, write_file)
    vhs = next(a for a in plan.actors if a.id == "vhs")
    assert {k: vhs.properties[k] for k in ("contact", "email", "phone")} == {
        "contact": "Petra Persönlich", "email": "petra.p@vhs-beispiel.example", "phone": "07141 144-0"}
    assert vhs.properties["Handy"] == "0176 5551234", "kept, under its own header"
    warnings = sorted((p.line, p.column, p.code) for p in plan.problems)
    assert warnings == [(2, "Durchwahl Leitung", "personal-looking-column"), (2, "Handy", "personal-looking-column"),
                        (2, "Notizen", "contact-data-in-text")]
    assert all(not p.is_error for p in plan.problems)
    assert vhs.personal_keys() == {"contact", "email", "phone", "Handy", "Durchwahl Leitung"}


def test_default_exports_and_snapshots_leave_the_personal_columns_out(tmp_path: Path, write_file: WriteFile,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INTEGRANET_SNAPSHOT_DIR", str(tmp_path / "snapshots"))
    store = str(tmp_path / "office.sqlite")
    sheet = write_file("kontakte.csv", OFFICE_SHEET)
    code, _, err = run("--store", store, "import", "--actors", str(sheet))
    assert code == 0, err
    assert "contact-data-in-text" in err and "Notizen" in err
    assert run("--store", store, "export", "--format", "json", "--out", str(tmp_path / "public.json"))[0] == 0
    public = (tmp_path / "public.json").read_text(encoding="utf-8")
    # The notes are free text and stay (the import warned about them); every personal column is gone.
    assert [v for v in VALUES if v in public] == ["07141 99887"]
    assert "08118048" in public, "an AGS is not a phone number"
    assert '"Raum": "1.204"' in public
    assert run("--store", store, "export", "--format", "json", "--include-personal-data", "--out",
               str(tmp_path / "all.json"))[0] == 0
    everything = (tmp_path / "all.json").read_text(encoding="utf-8")
    assert all(v in everything for v in VALUES)
    with EmbeddedStore(store, Vocabulary.load(DATA_DIR / "vocabularies")) as opened:
        SnapshotFolder(tmp_path / "snapshots").create(opened, "Bericht")
    files = "".join(p.read_text(encoding="utf-8") for p in (tmp_path / "snapshots").rglob("*.json"))
    assert [v for v in VALUES if v in files] == ["07141 99887"]


def test_free_text_of_ties_and_nodes_is_checked_too(vocabulary: Vocabulary, write_file: WriteFile) -> None:
    actors = write_file("akteure.csv", "id,name,kind\na,Verein A,volunteer_group\nb,Verein B,volunteer_group\n")
    ties = write_file("beziehungen.csv", "von,nach,art,bemerkung\na,b,cooperates_with,Kontakt: x@y.example\n")
    formats = write_file("Formate.csv", "name,art,beschreibung\nSprachcafé,exchange_meeting,Anmeldung 07141 12345\n")
    plan = plan_import([actors, ties, formats], vocabulary, imported_at=STAMP)
    found = {(Path(p.source).name, p.line, p.column, p.code) for p in plan.problems}
    assert ("beziehungen.csv", 2, "bemerkung", "contact-data-in-text") in found
    assert ("Formate.csv", 2, "beschreibung", "contact-data-in-text") in found

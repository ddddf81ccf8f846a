"""Importing every node type and the links: one German-Excel workbook, cp1252 CSVs, references to the store.

Each test writes real files and runs them through :func:`plan_import` and :func:`load_plan` into a real embedded
store; the problem codes one by one are in ``test_problem_codes.py``.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from graph.errors import InvalidInputError
from graph.model.knowledge import Link, Node, node_id_for
from graph.model.vocabulary import Vocabulary
from graph.store.embedded import EmbeddedStore
from importers.load import load_plan
from importers.records import ImportPlan, KnownActors, plan_import
from tests.support import WriteFile, WriteWorkbook, run, stats

STAMP = "2025-01-15T09:30:00+00:00"

#: A workbook as the district office keeps it in German Excel: German sheet names and headers, dates as real date
#: cells and as typed text, a decimal comma, several values in one cell, links by id, by name and by AGS.
SHEETS: dict[str, list[list[object]]] = {
    "Akteure": [
        ["Kennung", "Bezeichnung", "Art", "Gemeindeschlüssel"],
        [None, "Ludwigsburg", "Kommune", "08118048"],
        ["lra", "Landratsamt Ludwigsburg", "Landratsamt", None],
        ["sm", "Ministerium für Soziales, Gesundheit und Integration", "Landesministerium", None],
    ],
    "Beziehungen": [
        ["Von", "Nach", "Beziehung", "Quelle"],
        ["sm", "lra", "fördert", "Haushaltsplan"],
        ["lra", "Newsletter Integration", "organisiert", "Webseite"],  # a link type in the relations table
    ],
    "Gebiete": [["Kennung", "Name", "Ebene", "Amtlicher Schlüssel"],
                ["region-lb", "Landkreis Ludwigsburg", "Landkreis", "08118"]],
    "Formate": [
        ["Name", "Art", "Rhythmus", "Organisiert von", "Handlungsfelder"],
        ["Austauschtreffen Integrationsbeauftragte", "Austauschtreffen", "Regelmäßig", "lra",
         "Sprache und Bildung; Arbeit und Ausbildung"],
        ["Newsletter Integration", "Newsletter", "Zweimal im Jahr", None, None],
    ],
    "Veranstaltungen": [
        ["Kennung", "Name", "Art", "Beginn", "Ende", "Uhrzeit", "Form", "Teil von", "Findet statt in", "Gefördert von"],
        ["ik2020", "Integrationskonferenz 2020", "Konferenz", dt.datetime(2020, 11, 9), "19.11.2020", None,
         "Digital", None, None, "sm"],
        ["auftakt", "Auftakt", "Auftaktveranstaltung", "09.11.2020", None, dt.time(17, 30), "digital",
         "Integrationskonferenz 2020", "08118048", None],
    ],
    "Dokumente": [
        ["Name", "Art", "Datum", "Link", "Ergebnis von", "Herausgegeben von"],
        ["Integrationsbericht 2021", "Bericht", dt.datetime(2021, 5, 17), "https://lra.example/bericht", "ik2020",
         "Landratsamt Ludwigsburg"],
    ],
    "Programme": [["Name", "Art", "Von", "Gefördert von"],
                  ["VwV Deutsch", "Verwaltungsvorschrift", "01.01.2025", "sm"]],
    "Angebote": [
        ["Name", "Status", "Zielgruppen", "Sprachniveaus", "Ganzer Landkreis", "Handlungsfelder", "Im Rahmen von",
         "Quelle", "Bestätigt am", "Kursort"],
        ["Deutschkurse bis B1/B2", "Bestätigt nicht angeboten", "Zugewanderte ohne Fluchthintergrund", "B1 | b2",
         "ja", "Sprache und Bildung", "VwV Deutsch", "https://lra.example/integration", "01.10.2025", "kreisweit"],
    ],
    "Empfehlungen": [
        ["Name", "Status", "Handlungsfelder", "Verantwortlich", "Ergebnis von"],
        ["Mehr Sprachkurse", "Offen", "language_education", "lra", "Integrationsbericht 2021"],
    ],
    "Kennzahlen": [
        ["Name", "Kennzahl", "Wert", "Einheit", "Stichtag", "Gebiet"],
        ["Ausländeranteil 2021", "Ausländeranteil", "19,16", "%", "31.12.2021", "Landkreis Ludwigsburg"],
        ["Ausländische Staatsangehörige 2023", "Ausländische Staatsangehörige", 119120, "Personen",
         dt.datetime(2023, 12, 31), None],  # its area is in the links sheet
    ],
    "Verknüpfungen": [
        ["Von", "Art", "Nach", "Quelle", "Bestätigt am", "Hinweis"],
        ["Ausländische Staatsangehörige 2023", "gilt für", "region-lb", "Statistisches Landesamt", None, None],
        ["sm", "nimmt teil an", "Integrationskonferenz 2020", None, dt.datetime(2020, 11, 9), "Grußwort"],
    ],
}


def _id(prefix: str, name: str) -> str:
    return node_id_for(prefix, name)


def _plan(paths: list[Path], vocabulary: Vocabulary, known: KnownActors | None = None) -> ImportPlan:
    return plan_import(paths, vocabulary, known or KnownActors(), imported_at=STAMP)


def test_one_german_excel_workbook_holds_every_node_type_and_the_links(
        vocabulary: Vocabulary, write_workbook: WriteWorkbook, tmp_path: Path) -> None:
    path = write_workbook("Netzwerk.xlsx", SHEETS)
    plan = _plan([path], vocabulary)
    assert plan.problems == ()
    assert plan.nodes_by_type() == {"Region": 1, "Format": 2, "Event": 2, "Document": 1, "Programme": 1, "Offer": 1,
                                    "Recommendation": 1, "Indicator": 2}
    nodes = {n.id: n for n in plan.nodes}
    offer = _id("offer", "Deutschkurse bis B1/B2")
    assert nodes[offer] == Node(
        offer, "Offer", "Deutschkurse bis B1/B2", provenance="https://lra.example/integration", confirmed="2025-10-01",
        imported_at=STAMP, properties={"status": "not_offered", "target_groups": ("non_refugees",),
                                       "language_levels": ("b1", "b2"), "district_wide": True, "Kursort": "kreisweit"})
    share = _id("indicator", "Ausländeranteil 2021")
    assert nodes[share] == Node(share, "Indicator", "Ausländeranteil 2021", provenance="Netzwerk.xlsx",
                                confirmed="", imported_at=STAMP,  # no confirmation date is invented
                                properties={"measure": "foreign_share", "value": 19.16, "unit": "percent",
                                            "reference_date": "2021-12-31"})
    assert nodes[_id("indicator", "Ausländische Staatsangehörige 2023")].properties["value"] == 119120
    # Dates as real cells and as typed text; a time cell as Excel shows it; terms by label in any case.
    assert dict(nodes["ik2020"].properties) == {"kind": "conference", "start": "2020-11-09", "end": "2020-11-19",
                                                "mode": "digital"}
    assert dict(nodes["auftakt"].properties) == {"kind": "kick_off", "start": "2020-11-09", "time": "17:30",
                                                 "mode": "digital"}
    assert nodes[_id("document", "Integrationsbericht 2021")].properties["date"] == "2021-05-17"
    assert nodes["region-lb"].properties == {"level": "district", "ags": "08118"}
    every = [(n.type, n.properties) for n in plan.nodes]
    assert all(vocabulary.schema.check_properties(t, p) == [] for t, p in every)

    exchange, newsletter = _id("format", "Austauschtreffen Integrationsbeauftragte"), _id("format",
                                                                                         "Newsletter Integration")
    report, vwv = _id("document", "Integrationsbericht 2021"), _id("programme", "VwV Deutsch")
    ends = {(lk.source, lk.type, lk.target): (lk.source_type, lk.target_type) for lk in plan.links}
    assert ends == {
        ("lra", "ORGANISES", exchange): ("Actor", "Format"),  # direction in: the actor is the source
        (exchange, "CONCERNS", "language_education"): ("Format", "FieldOfAction"),
        (exchange, "CONCERNS", "work_training"): ("Format", "FieldOfAction"),
        ("ik2020", "FUNDED_BY", "sm"): ("Event", "Actor"),
        ("auftakt", "PART_OF", "ik2020"): ("Event", "Event"),  # by name
        ("auftakt", "HELD_IN", "ags-08118048"): ("Event", "Actor"),  # a municipality by its AGS
        (report, "RESULTS_FROM", "ik2020"): ("Document", "Event"),
        ("lra", "PUBLISHES", report): ("Actor", "Document"),
        (vwv, "FUNDED_BY", "sm"): ("Programme", "Actor"),
        (offer, "CONCERNS", "language_education"): ("Offer", "FieldOfAction"),
        (offer, "UNDER", vwv): ("Offer", "Programme"),
        (_id("recommendation", "Mehr Sprachkurse"), "CONCERNS", "language_education"): ("Recommendation",
                                                                                       "FieldOfAction"),
        ("lra", "RESPONSIBLE_FOR", _id("recommendation", "Mehr Sprachkurse")): ("Actor", "Recommendation"),
        (_id("recommendation", "Mehr Sprachkurse"), "RESULTS_FROM", report): ("Recommendation", "Document"),
        (share, "MEASURED_FOR", "region-lb"): ("Indicator", "Region"),
        (_id("indicator", "Ausländische Staatsangehörige 2023"), "MEASURED_FOR", "region-lb"): ("Indicator",
                                                                                                 "Region"),
        ("sm", "TAKES_PART_IN", "ik2020"): ("Actor", "Event"),
        ("lra", "ORGANISES", newsletter): ("Actor", "Format"),  # from the relations sheet
    }
    took_part = next(lk for lk in plan.links if lk.type == "TAKES_PART_IN")
    assert took_part == Link("sm", "Actor", "TAKES_PART_IN", "ik2020", "Event", provenance="Netzwerk.xlsx",
                             confirmed="2020-11-09", imported_at=STAMP, properties={"note": "Grußwort"})
    assert [r.key for r in plan.relations] == [("sm", "funds", "lra")]

    with EmbeddedStore(tmp_path / "s.sqlite", vocabulary) as store:
        result = load_plan(plan, store)
        assert result.batches == 1  # the whole workbook in one transaction
        assert (result.nodes, result.links) == (plan.nodes_by_type(), len(plan.links))
        assert sorted(store.nodes(), key=lambda n: n.id) == sorted(plan.nodes, key=lambda n: n.id)
        assert {lk.key for lk in store.links()} == set(ends)
        assert store.stats().by_node_type["Event"] == 2


def test_bad_rows_are_named_by_sheet_line_and_column_and_nothing_is_written(
        vocabulary: Vocabulary, write_workbook: WriteWorkbook, tmp_path: Path) -> None:
    sheets = {name: [list(row) for row in rows] for name, rows in SHEETS.items()}
    sheets["Veranstaltungen"][1][3] = "31.02.2020"
    sheets["Angebote"][1][1] = "vielleicht"
    sheets["Kennzahlen"][1][2] = "viel"
    sheets["Verknüpfungen"][2][2] = "Integrationskonferenz 2021"
    path = write_workbook("Netzwerk.xlsx", sheets)
    plan = _plan([path], vocabulary)
    assert [(p.source.removeprefix(str(path)), p.line, p.column, p.code) for p in plan.errors] == [
        ("[Veranstaltungen]", 2, "Beginn", "invalid-date"),
        ("[Veranstaltungen]", 3, "Teil von", "invalid-node"),  # a part of the broken conference
        ("[Dokumente]", 2, "Ergebnis von", "invalid-node"),  # the report that results from it
        ("[Angebote]", 2, "Status", "unknown-term"),
        ("[Empfehlungen]", 2, "Ergebnis von", "invalid-node"),  # … and what results from the report
        ("[Kennzahlen]", 2, "Wert", "invalid-number"),
        ("[Verknüpfungen]", 3, "Nach", "unknown-node"),
    ]
    with EmbeddedStore(tmp_path / "s.sqlite", vocabulary) as store:
        with pytest.raises(InvalidInputError):
            load_plan(plan, store)
        assert store.stats().actors == 0 and store.nodes() == [] and store.links() == []
        # --skip-invalid writes the rest: no link to a rejected node is left to fail in the store.
        load_plan(plan, store, skip_invalid=True)
        assert "ik2020" not in {n.id for n in store.nodes()}
        assert {n.type for n in store.nodes()} >= {"Region", "Format", "Programme"}
        ids = {n.id for n in store.nodes()} | {a.id for a in store.actors()} | set(vocabulary.fields.ids())
        assert all(lk.source in ids and lk.target in ids for lk in store.links())


def test_cp1252_csvs_with_semicolons_import_through_the_command_line(store_location: str, write_file: WriteFile,
                                                                     tmp_path: Path) -> None:
    def cp1252(name: str, text: str) -> Path:
        return write_file(name, text.replace("\n", "\r\n").encode("cp1252"))

    files = [
        cp1252("Akteure.csv", "Kennung;Bezeichnung;Art\nlra;Landratsamt Ludwigsburg – Integration;Landratsamt\n"),
        cp1252("Veranstaltungen.csv", "Kennung;Name;Art;Beginn;Ort;Organisiert von\n"
                                      "ik;Inklusionskonferenz „gemeinsam denken“;Konferenz;25.11.2025;"
                                      "Scala, Stuttgarter Str. 2;Landratsamt Ludwigsburg – Integration\n"),
        cp1252("Kennzahlen.csv", "Name;Kennzahl;Wert;Einheit;Stichtag\n"
                                 "Anteil 2023;Ausländeranteil;21,51;%;31.12.2023\n"),
        cp1252("Gebiete.csv", "Kennung;Name;Ebene\nlk;Landkreis Ludwigsburg;Landkreis\n"),
        cp1252("Verknüpfungen.csv", "Von;Art;Nach\nAnteil 2023;MEASURED_FOR;Landkreis Ludwigsburg\n"),
    ]
    code, out, err = run("--store", store_location, "validate", *map(str, files))
    assert code == 0, err
    assert "1 region, 1 event, 1 figure, 2 links valid" in out and "nothing was written" in out
    assert stats(store_location)["actors"] == 0
    code, out, err = run("--store", store_location, "import", *map(str, files))
    assert code == 0, err
    assert "1 actor(s), 0 tie(s), 1 region, 1 event, 1 figure, 2 links.\nChange set " in out
    counts = stats(store_location)
    assert counts["by_node_type"]["Event"] == 1 and counts["by_link_type"] == {"MEASURED_FOR": 1, "ORGANISES": 1}  # type: ignore[index]


def test_a_bad_csv_row_is_named_by_file_line_and_column_and_nothing_is_written(store_location: str,
                                                                             write_file: WriteFile) -> None:
    good = write_file("formate.csv", "Name;Art\nNewsletter;Newsletter\n")
    bad = write_file("Angebote.csv", "Name;Status;Ganzer Landkreis\nKurs;Angeboten;ja\nKurs 2;Angeboten;vielleicht\n")
    code, _out, err = run("--store", store_location, "import", str(good), str(bad))
    assert code == 1
    assert f"{bad}:3: Ganzer Landkreis:" in err and "[invalid-boolean]" in err
    counts = stats(store_location)["by_node_type"]
    assert isinstance(counts, dict) and counts.get("Format", 0) == 0 and counts.get("Offer", 0) == 0


def test_type_names_a_csv_with_another_name(store_location: str, write_file: WriteFile) -> None:
    path = write_file("termine_2025.csv", "Name;Art;Beginn\nTreffen;Treffen;03.03.2025\n")
    code, _out, err = run("--store", store_location, "validate", str(path))
    assert code == 1 and "[unknown-kind]" in err  # a name column and no type: read as actors
    code, out, err = run("--store", store_location, "import", "--type", "Veranstaltungen", str(path))
    assert code == 0, err
    assert "1 event" in out
    code, _out, err = run("--store", store_location, "import", "--type", "Sitzungen", str(path))
    assert code == 2 and "--type" in err


# --- references: the same import and the store ---------------------------------------------------------------


def test_link_columns_name_nodes_in_the_store_by_id_or_exact_name(vocabulary: Vocabulary, write_file: WriteFile,
                                                                  tmp_path: Path) -> None:
    with EmbeddedStore(tmp_path / "s.sqlite", vocabulary) as store:
        first = _plan([write_file("formate.csv", "Kennung;Name;Art\nnl;Newsletter Integration;Newsletter\n"),
                       write_file("a.csv", "id;name;kind\nlra;Landratsamt;district_office\n")], vocabulary)
        load_plan(first, store)
        events = write_file("Veranstaltungen.csv", "Name;Art;Beginn;Termin des Formats;Organisiert von\n"
                                                   "Ausgabe 1;Sonstiges;01.03.2025;Newsletter Integration;lra\n"
                                                   "Ausgabe 2;Sonstiges;01.09.2025;nl;Landratsamt\n"
                                                   "Ausgabe 3;Sonstiges;01.03.2026;newsletter integration;\n")
        plan = _plan([events], vocabulary, KnownActors.from_store(store))
        assert [(p.line, p.column, p.code) for p in plan.problems] == [(4, "Termin des Formats", "unknown-node")]
        assert [(lk.source_type, lk.type, lk.target) for lk in plan.links if lk.type == "INSTANCE_OF"] == [
            ("Event", "INSTANCE_OF", "nl"), ("Event", "INSTANCE_OF", "nl")]
        # Without the store the same file names nothing it knows.
        alone = _plan([events], vocabulary)
        assert sorted({p.code for p in alone.problems}) == ["unknown-node"]


def test_an_id_names_one_thing_and_a_link_only_the_types_it_may_join(vocabulary: Vocabulary,
                                                                     write_file: WriteFile) -> None:
    actors = write_file("a.csv", "id;name;kind\nvhs;Newsletter;course_provider\n")
    formats = write_file("formate.csv", "Kennung;Name;Art\nnl;Newsletter;Newsletter\n")
    # "Newsletter" names an actor and a format; a format's instance can only be the format.
    events = write_file("events.csv", "Name;Art;Beginn;Termin des Formats;Organisiert von\n"
                                      "Ausgabe;Sonstiges;01.03.2025;Newsletter;Newsletter\n")
    plan = _plan([actors, formats, events], vocabulary)
    assert plan.problems == ()
    assert sorted((lk.source, lk.type, lk.target) for lk in plan.links) == sorted([
        (_id("event", "Ausgabe"), "INSTANCE_OF", "nl"), ("vhs", "ORGANISES", _id("event", "Ausgabe"))])


def test_a_required_link_may_come_from_the_links_table(vocabulary: Vocabulary, write_file: WriteFile) -> None:
    figures = write_file("Kennzahlen.csv", "Name;Kennzahl;Wert;Einheit;Stichtag\nA;Bevölkerung;553.689;Personen;"
                                           "31.12.2023\nB;Bevölkerung;1000;Personen;31.12.2023\n")
    regions = write_file("regions.csv", "id;name;level\nlk;Landkreis;district\n")
    links = write_file("links.csv", "from;type;to\nA;is measured for;lk\n")
    plan = _plan([figures, regions, links], vocabulary)
    assert [(p.line, p.column, p.code) for p in plan.problems] == [(3, "", "missing-property")]
    assert [n.name for n in plan.nodes if n.type == "Indicator"] == ["A"]
    assert next(n for n in plan.nodes if n.name == "A").properties["value"] == 553689


def test_link_rows_and_tie_rows_share_a_relations_table_and_a_links_table(vocabulary: Vocabulary,
                                                                         write_file: WriteFile) -> None:
    actors = write_file("a.csv", "id;name;kind\na;A;other\nb;B;other\n")
    formats = write_file("formate.csv", "id;Name;Art\nf;Treffen;Austauschtreffen\n")
    relations = write_file("beziehungen.csv", "from;to;type\na;b;berät\na;f;takes part in\n")
    links = write_file("links.csv", "Von;Art;Nach;Hinweis\nb;kooperiert mit;a;seit Jahren\nb;ORGANISES;Treffen;\n"
                                    "b;ORGANISES;f;\n")
    plan = _plan([actors, formats, relations, links], vocabulary)
    assert plan.problems == ()
    assert sorted(r.key for r in plan.relations) == [("a", "advises", "b"), ("b", "cooperates_with", "a")]
    assert sorted(lk.key for lk in plan.links) == [("a", "TAKES_PART_IN", "f"), ("b", "ORGANISES", "f")]
    assert next(r for r in plan.relations if r.type == "cooperates_with").note == "seit Jahren"


def test_the_same_node_twice_is_one_unless_they_differ(vocabulary: Vocabulary, write_file: WriteFile) -> None:
    path = write_file("formate.csv", "Name;Art;Quelle\nTreffen;Newsletter;A\nTreffen;Newsletter;B\n"
                                     "Runde;Newsletter;\nRunde;Arbeitskreis;\n")
    plan = _plan([path], vocabulary)
    assert [(n.name, n.provenance) for n in plan.nodes] == [("Treffen", "A"), ("Runde", "formate.csv")]
    assert [(p.line, p.column, p.code) for p in plan.problems] == [(5, "Name", "conflicting-duplicate")]


def test_an_id_the_store_holds_as_another_type_is_refused(vocabulary: Vocabulary, write_file: WriteFile,
                                                          tmp_path: Path) -> None:
    with EmbeddedStore(tmp_path / "s.sqlite", vocabulary) as store:
        load_plan(_plan([write_file("formate.csv", "Kennung;Name;Art\nx;Newsletter;Newsletter\n")], vocabulary),
                  store)
        events = write_file("events.csv", "Kennung;Name;Art;Beginn\nx;Ausgabe;Sonstiges;01.03.2025\n"
                                          "y;Ausgabe 2;Sonstiges;01.04.2025\n")
        plan = _plan([events], vocabulary, KnownActors.from_store(store))
        assert [(p.line, p.column, p.code) for p in plan.problems] == [(2, "Kennung", "id-taken")]
        assert [n.id for n in plan.nodes] == ["y"]
        again = _plan([write_file("Format.csv", "Kennung;Name;Art\nx;Newsletter;Newsletter\n")], vocabulary,
                      KnownActors.from_store(store))
        assert again.problems == ()  # the same type: an update

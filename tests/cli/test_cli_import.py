"""The import path end to end through the command line, on both backends."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support import run, stats

GERMAN_ACTORS = (
    "Kennung;Bezeichnung;Art;Gemeinde;Handlungsfelder;Einzugsgebiet;Bemerkungen;Gemeindeschlüssel;Einwohner;"
    "Stichtag;Breitengrad;Längengrad;Datenquelle\r\n"
    ";Ludwigsburg;Kommune;;;;;08118048;94.859;31.12.2023;48,889441;9,194347;GV-ISys\r\n"
    ";Tamm;Kommune;;;;;08118071;12726;31.12.2023;48,920183;9,117204;GV-ISys\r\n"
    "vhs;Volkshochschule Ludwigsburg – „Deutsch für alle“;Kursträger;Ludwigsburg;Sprache und Bildung;"
    "Ludwigsburg|Tamm;Kursgebühr 5 € – ermäßigt;;;;;;Programmheft\r\n"
    "fk;Freundeskreis Asyl Tamm;Ehrenamtliche Initiative;Tamm;\"Sprache und Bildung; Kultur/Freizeit/Sport\";"
    "Tamm;Größte Gruppe im Ort, „Café Begegnung“;;;;;;Eigene Erhebung\r\n"
    "jc;Jobcenter Landkreis Ludwigsburg;Jobcenter oder Arbeitsagentur;Ludwigsburg;Arbeit und Ausbildung;"
    "Landkreis;;;;;;;Eigene Erhebung\r\n"
)
GERMAN_RELATIONS = (
    "Von;Nach;Beziehung;Handlungsfelder;seit;bis;Bemerkung;Datenquelle\r\n"
    "vhs;Freundeskreis Asyl Tamm;kooperiert mit;Sprache und Bildung;01.09.2016;;Sprachcafé „Miteinander“;"
    "Eigene Erhebung\r\n"
    "jc;vhs;vermittelt an;Arbeit und Ausbildung|Sprache und Bildung;2019-01-01;31.12.2025;;Eigene Erhebung\r\n"
)


@pytest.fixture
def german_files(tmp_path: Path) -> tuple[Path, Path]:
    actors = tmp_path / "Akteure.csv"
    relations = tmp_path / "Beziehungen.csv"
    actors.write_bytes(GERMAN_ACTORS.encode("cp1252"))
    relations.write_bytes(GERMAN_RELATIONS.encode("cp1252"))
    return actors, relations


def test_a_german_excel_csv_imports_with_every_character_intact(store_location: str,
                                                                 german_files: tuple[Path, Path]) -> None:
    code, _out, err = run("import", "--store", store_location, *map(str, german_files))
    assert code == 0, err
    from graph.settings import Settings
    from graph.store import open_store

    with open_store(Settings.from_env(store=store_location)) as store:
        vhs = store.get_actor("vhs")
        assert vhs is not None
        assert vhs.name == "Volkshochschule Ludwigsburg – „Deutsch für alle“"
        assert vhs.properties["notes"] == "Kursgebühr 5 € – ermäßigt"
        assert vhs.kind == "course_provider" and vhs.municipality == "ags-08118048"
        assert vhs.serves == ("ags-08118048", "ags-08118071")
        fk = store.get_actor("fk")
        assert fk is not None and fk.fields == ("culture_leisure_sport", "language_education")
        lb = store.get_actor("ags-08118048")
        assert lb is not None and lb.properties["population"] == 94859 and lb.properties["lat"] == 48.889441
        assert lb.properties["population_date"] == "2023-12-31"
        jc = store.get_actor("jc")
        assert jc is not None and jc.serves_district and jc.serves == ()
        ties = {r.key: r for r in store.relations()}
        tie = ties[("vhs", "cooperates_with", "fk")]
        assert tie.note == "Sprachcafé „Miteinander“" and tie.since == "2016-09-01"
        assert ties[("jc", "refers_to", "vhs")].until == "2025-12-31"
    assert stats(store_location)["relations"] == 2


def test_importing_the_same_files_twice_changes_nothing(store_location: str,
                                                        german_files: tuple[Path, Path]) -> None:
    assert run("--store", store_location, "import", *map(str, german_files))[0] == 0
    first = stats(store_location)
    assert run("--store", store_location, "import", *map(str, german_files))[0] == 0
    assert stats(store_location) == first


BAD_ACTORS = (
    "id,name,kind,municipality,fields\n"
    "a1,Gute Zeile,volunteer_group,,language_education\n"
    "a2,,volunteer_group,,\n"
    "a3,Unbekannte Art,Sportverein,,\n"
    "a4,Falsches Feld,other,,Gesundheit\n"
    "a1,Gute Zeile (anders),other,,\n"
)
BAD_RELATIONS = (
    "from,to,type\n"
    "a1,niemand,cooperates_with\n"
    "a1,a1,funds\n"
    "a1,a2,kennt\n"
)


def test_a_file_with_bad_rows_exits_1_names_each_row_and_writes_nothing(store_location: str,
                                                                         tmp_path: Path) -> None:
    good = tmp_path / "good.csv"
    good.write_text("id,name,kind\nkeep,Bestehender Akteur,other\n", encoding="utf-8")
    assert run("--store", store_location, "import", str(good))[0] == 0
    before = stats(store_location)
    actors = tmp_path / "actors.csv"
    relations = tmp_path / "relations.csv"
    actors.write_text(BAD_ACTORS, encoding="utf-8")
    relations.write_text(BAD_RELATIONS, encoding="utf-8")
    code, out, err = run("--store", store_location, "import", str(actors), str(relations))
    assert code == 1
    lines = err.splitlines()
    expected = [
        (f"{actors}:3: name:", "[missing-name]"),
        (f"{actors}:4: kind:", "[unknown-kind]"),
        (f"{actors}:5: fields:", "[unknown-field]"),
        (f"{actors}:6: id:", "[conflicting-duplicate]"),
        (f"{relations}:2: to:", "[unknown-actor]"),
        (f"{relations}:3: to:", "[self-tie]"),
        (f"{relations}:4: to:", "[invalid-actor]"),
        (f"{relations}:4: type:", "[unknown-type]"),
    ]
    for start, code_text in expected:
        assert any(line.startswith(start) and line.endswith(code_text) for line in lines), (start, err)
    assert "Nothing was written" in out + err
    assert "Traceback" not in out + err
    assert stats(store_location) == before


def test_skip_invalid_writes_the_valid_rows_and_lists_the_rest(store_location: str, tmp_path: Path) -> None:
    actors = tmp_path / "actors.csv"
    actors.write_text(BAD_ACTORS, encoding="utf-8")
    code, out, err = run("--store", store_location, "import", "--skip-invalid", str(actors))
    assert code == 0, err
    assert "[unknown-kind]" in err and "skipped" in out
    counts = stats(store_location)
    # a1 (first occurrence) is the only valid actor; its conflicting duplicate was rejected.
    assert counts["actors"] == 1


def test_dry_run_and_validate_write_nothing(tmp_path: Path, german_files: tuple[Path, Path]) -> None:
    store = str(tmp_path / "s.sqlite")
    code, out, _ = run("--store", store, "import", "--dry-run", *map(str, german_files))
    assert code == 0 and "nothing was written" in out
    code, out, _ = run("validate", "--store", store, *map(str, german_files))
    assert code == 0
    assert stats(store)["actors"] == 0


def test_an_ambiguous_name_lists_the_candidates(tmp_path: Path) -> None:
    store = str(tmp_path / "s.sqlite")
    actors = tmp_path / "a.csv"
    actors.write_text("id,name,kind,municipality\nx1,Freundeskreis Asyl,volunteer_group,Tamm\n"
                      "x2,Freundeskreis Asyl,volunteer_group,Asperg\ny,Jobcenter,employment_agency,\n",
                      encoding="utf-8")
    relations = tmp_path / "r.csv"
    relations.write_text("from,to,type\nJobcenter,Freundeskreis Asyl,refers_to\n", encoding="utf-8")
    code, _, err = run("--store", store, "import", str(actors), str(relations))
    assert code == 1
    assert "[ambiguous-actor]" in err and "x1 (Freundeskreis Asyl, Tamm)" in err and "x2 (" in err


def test_relations_resolve_against_the_store(tmp_path: Path, german_files: tuple[Path, Path]) -> None:
    store = str(tmp_path / "s.sqlite")
    assert run("--store", store, "import", str(german_files[0]))[0] == 0
    later = tmp_path / "later.csv"
    later.write_text("from,to,type\nJobcenter Landkreis Ludwigsburg,Ludwigsburg,advises\n", encoding="utf-8")
    code, _, err = run("--store", store, "import", str(later))
    assert code == 0, err
    assert stats(store)["by_relation_type"] == {"advises": 1}


def test_an_xlsx_workbook_with_a_sheet_per_table(tmp_path: Path) -> None:
    import datetime as dt

    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Akteure"
    sheet.append(["ID", "Name", "Typ", "Ort", "AGS", "Einwohner"])
    sheet.append([None, "Asperg", "Kommune", None, 8118003, 13836])
    sheet.append(["miz", "Migrationszentrum", "Beratungsstelle", "Asperg", None, None])
    rel = book.create_sheet("Beziehungen")
    rel.append(["Von", "An", "Art", "Seit"])
    rel.append(["miz", "Asperg", "berät", dt.datetime(2015, 3, 1)])
    book.create_sheet("Hinweise").append(["Dieses Blatt erklärt die Tabelle."])
    path = tmp_path / "netz.xlsx"
    book.save(path)
    store = str(tmp_path / "s.sqlite")
    code, _out, err = run("--store", store, "import", str(path))
    assert code == 0, err
    assert "netz.xlsx[Hinweise]:1" in err and "[unknown-table]" in err
    counts = stats(store)
    assert counts["municipalities"] == 1 and counts["relations"] == 1
    from graph.settings import Settings
    from graph.store import open_store

    with open_store(Settings.from_env(store=store)) as opened:
        assert opened.get_actor("ags-08118003") is not None
        assert opened.relations()[0].since == "2015-03-01"


def test_hostile_text_is_imported_verbatim_and_deletes_nothing(store_location: str, tmp_path: Path) -> None:
    hostile = ["x'}) MATCH (n) DETACH DELETE n //", '"; DROP TABLE actor; --', "`Actor`) SET n.x = 1 //",
               "<script>alert(1)</script><img src=x onerror=alert(2)>", "=HYPERLINK(\"http://x\",\"y\")"]
    actors = tmp_path / "hostile.csv"
    import csv

    with actors.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "name", "kind", "notes"])
        writer.writerow(["base", "Basis", "other", ""])
        for i, text in enumerate(hostile):
            writer.writerow([f"h{i}", text, "other", text])
    assert run("--store", store_location, "import", str(actors))[0] == 0
    from graph.settings import Settings
    from graph.store import open_store

    with open_store(Settings.from_env(store=store_location)) as store:
        for i, text in enumerate(hostile):
            actor = store.get_actor(f"h{i}")
            assert actor is not None and actor.name == text and actor.properties["notes"] == text
        assert store.stats().actors == len(hostile) + 1


@pytest.mark.parametrize("args, code", [
    (["import"], 2),
    (["stats", "--bogus"], 2),
    (["export", "--format", "docx", "--out", "x"], 2),
    (["--store", "bolt://127.0.0.1:1", "stats"], 3),
])
def test_exit_codes_for_usage_and_an_unreachable_store(args: list[str], code: int, tmp_path: Path) -> None:
    got, out, err = run(*args) if "--store" in args else run("--store", str(tmp_path / "s.sqlite"), *args)
    assert got == code, (out, err)
    assert "Traceback" not in out + err


def test_a_missing_file_is_named_and_exits_1(tmp_path: Path) -> None:
    code, _, err = run("--store", str(tmp_path / "s.sqlite"), "import", str(tmp_path / "fehlt.csv"))
    assert code == 1 and "fehlt.csv" in err and "Traceback" not in err


def test_python_dash_m_integranet_runs_with_the_store_after_the_subcommand(tmp_path: Path) -> None:
    store = str(tmp_path / "s.sqlite")
    done = subprocess.run([sys.executable, "-m", "integranet", "init", "--store", store],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    done = subprocess.run([sys.executable, "-m", "integranet", "stats", "--json", "--store", store],
                          capture_output=True, text=True, check=False)
    assert json.loads(done.stdout)["fields_of_action"] == 4


def test_the_dashboard_listens_on_localhost_and_sends_no_usage_statistics() -> None:
    from integranet.dashboard_command import dashboard_command

    command = dashboard_command("127.0.0.1", 8501)
    options = dict(zip(command[5::2], command[6::2], strict=True))
    assert options["--server.address"] == "127.0.0.1"
    assert options["--browser.gatherUsageStats"] == "false"
    assert options["--client.showErrorDetails"] == "none"
    assert command[4].endswith("dashboard/app.py")

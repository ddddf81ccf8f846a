"""Tests of importers.records: files validated into exact records, references resolved, every problem placed.

Each test writes real files and runs them through :func:`plan_import` (reader, column mapping, validation);
the codes of every problem are covered one by one in ``test_problem_codes.py``.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from graph.model.domain import Actor, Relation, actor_id_for, municipality_id_for
from graph.model.vocabulary import Vocabulary
from graph.store.embedded import EmbeddedStore
from importers.columns import Role
from importers.problems import Problem, Severity
from importers.records import DISTRICT_WORDS, ImportPlan, KnownActors, plan_import
from tests.support import WriteFile, WriteWorkbook

STAMP = "2025-01-15T09:30:00+00:00"

ACTORS = (
    "id;name;kind;municipality;fields;serves;ags;population;population_date;lat;lon;website;Träger;imported_at;"
    "provenance\n"
    ";Ludwigsburg;Kommune;;;;8118048;94.859;31.12.2023;48,889441;9,194347;;;;GV-ISys\n"
    "vhs;Volkshochschule;Kursträger;ludwigsburg;Sprache und Bildung|work_training;08118048|Landkreis|Stuttgart;;;;;;"
    "https://vhs.example;Verein;x;\n"
    ";Tamm;municipality;;;;08118071;;;;;;;;\n"
    ";Freundeskreis;Ehrenamtliche Initiative;Tamm;;;;;;;;;;;\n"
)
RELATIONS = (
    "from,to,type,fields,since,until,note,name\n"
    "vhs,freundeskreis,kooperiert mit,Sprache und Bildung,01.09.2016,2025,Sprachcafé,x\n"
)


def codes(plan: ImportPlan) -> list[tuple[str, int, str, str]]:
    """(code, line, column, severity) of every problem, in the plan's order."""
    return [(p.code, p.line, p.column, p.severity.value) for p in plan.problems]


def by_id(plan: ImportPlan) -> dict[str, Actor]:
    return {actor.id: actor for actor in plan.actors}


# --- a whole import --------------------------------------------------------------------------------------


def test_a_clean_import_gives_exactly_these_records(vocabulary: Vocabulary, write_file: WriteFile) -> None:
    actors, relations = write_file("a.csv", ACTORS), write_file("r.csv", RELATIONS)
    plan = plan_import([actors, relations], vocabulary, imported_at=STAMP)

    freundeskreis = actor_id_for("volunteer_group", "Freundeskreis", "Tamm")
    assert by_id(plan) == {
        "ags-08118048": Actor(
            "ags-08118048", "Ludwigsburg", "municipality", town="Ludwigsburg", provenance="GV-ISys",
            imported_at=STAMP, properties={"ags": "08118048", "population": 94859, "population_date": "2023-12-31",
                                           "lat": 48.889441, "lon": 9.194347}),
        "ags-08118071": Actor("ags-08118071", "Tamm", "municipality", town="Tamm", provenance="a.csv",
                              imported_at=STAMP, properties={"ags": "08118071"}),
        # Kind and fields by German label or id; the seat by name in any case; served towns by AGS.
        "vhs": Actor(
            "vhs", "Volkshochschule", "course_provider", municipality="ags-08118048", town="Ludwigsburg",
            fields=("language_education", "work_training"), serves=("ags-08118048",), serves_district=True,
            provenance="a.csv", imported_at=STAMP,
            properties={"website": "https://vhs.example", "Träger": "Verein", "column imported_at": "x",
                        "serves_elsewhere": ("Stuttgart",)}),
        freundeskreis: Actor(freundeskreis, "Freundeskreis", "volunteer_group", municipality="ags-08118071",
                             town="Tamm", provenance="a.csv", imported_at=STAMP),
    }
    # The tie names its target by its exact name, folded; the header "name" is no tie field.
    assert plan.relations == (
        Relation("vhs", "cooperates_with", freundeskreis, fields=("language_education",), since="2016-09-01",
                 until="2025", note="Sprachcafé", provenance="r.csv", imported_at=STAMP,
                 properties={"column name": "x"}),
    )
    assert plan.problems == (
        Problem(str(actors), 3, "serves", "place-outside-district",
                "'Stuttgart' is not a municipality in the store or in this import; kept as text (property "
                "serves_elsewhere)", Severity.WARNING),
    )
    assert (plan.files, plan.rows, plan.rejected, plan.imported_at) == ((str(actors), str(relations)), 5, 0, STAMP)
    assert (plan.errors, plan.warnings, plan.has_errors) == ((), plan.problems, False)


def test_without_a_stamp_the_plan_is_stamped_now_in_utc(vocabulary: Vocabulary, write_file: WriteFile) -> None:
    before = dt.datetime.now(dt.UTC).replace(microsecond=0)
    plan = plan_import([write_file("a.csv", "name,kind\nVerein,other\n")], vocabulary)
    after = dt.datetime.now(dt.UTC)
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00", plan.imported_at)
    assert before <= dt.datetime.fromisoformat(plan.imported_at) <= after
    assert [a.imported_at for a in plan.actors] == [plan.imported_at]


def test_the_same_files_always_give_the_same_ids(vocabulary: Vocabulary, write_file: WriteFile) -> None:
    path = write_file("a.csv", "name;kind;municipality;ags\nAsperg;Kommune;;08118003\nBeihingen;Kommune;;\n"
                               "Café Global;Migrantenorganisation;Asperg;\nOhne Ort;Sonstige;;\n")
    first = plan_import([path], vocabulary, imported_at=STAMP)
    assert sorted(by_id(first)) == sorted([
        municipality_id_for("08118003"),  # a municipality's id from its AGS
        actor_id_for("municipality", "Beihingen", "Beihingen"),  # without one, from kind, name and itself
        actor_id_for("migrant_organisation", "Café Global", "Asperg"),
        actor_id_for("other", "Ohne Ort", ""),
    ])
    assert plan_import([path], vocabulary, imported_at=STAMP) == first


def test_municipalities_are_read_first_wherever_they_stand(vocabulary: Vocabulary, write_file: WriteFile) -> None:
    plan = plan_import([write_file("a.csv", "id,name,kind,municipality,serves\n"
                                            "vhs,VHS,course_provider,Asperg,Tamm\n"
                                            ",Asperg,municipality,,\n,Tamm,Kommune,,\n")],
                       vocabulary, imported_at=STAMP)
    vhs = by_id(plan)["vhs"]
    assert (vhs.municipality, vhs.serves, plan.problems) == (
        actor_id_for("municipality", "Asperg", "Asperg"), (actor_id_for("municipality", "Tamm", "Tamm"),), ())


# --- references to the store ---------------------------------------------------------------------------------


@pytest.fixture
def store(vocabulary: Vocabulary, tmp_path: Path) -> EmbeddedStore:
    store = EmbeddedStore(tmp_path / "store.sqlite", vocabulary)
    store.initialise()
    store.upsert_actors([
        Actor("ags-08118048", "Ludwigsburg", "municipality", town="Ludwigsburg", properties={"ags": "08118048"}),
        Actor("jc", "Jobcenter Landkreis Ludwigsburg", "employment_agency", municipality="ags-08118048",
              town="Ludwigsburg"),
    ])
    return store


def test_known_actors_are_what_the_store_holds(store: EmbeddedStore) -> None:
    assert KnownActors.from_store(store) == KnownActors(tuple(store.actors()))
    assert sorted(a.id for a in KnownActors.from_store(store).actors) == ["ags-08118048", "jc"]
    assert KnownActors().actors == ()


def test_references_resolve_against_the_store(vocabulary: Vocabulary, store: EmbeddedStore,
                                              write_file: WriteFile) -> None:
    actors = write_file("a.csv", "id,name,kind,municipality,serves\n"
                                 "cafe,Sprachcafé,volunteer_group,Ludwigsburg,08118048\n")
    relations = write_file("r.csv", "from,to,type\njobcenter landkreis  ludwigsburg,cafe,refers_to\n"
                                    "cafe,ags-08118048,exchanges_with\n")
    plan = plan_import([actors, relations], vocabulary, KnownActors.from_store(store), imported_at=STAMP)
    assert plan.problems == ()
    cafe = by_id(plan)["cafe"]
    assert (cafe.municipality, cafe.town, cafe.serves) == ("ags-08118048", "Ludwigsburg", ("ags-08118048",))
    assert [r.key for r in plan.relations] == [("jc", "refers_to", "cafe"), ("cafe", "exchanges_with", "ags-08118048")]
    assert store.stats().actors == 2  # planning writes nothing

    # Without the store's actors the same files refer to nothing known.
    alone = plan_import([actors, relations], vocabulary, imported_at=STAMP)
    assert [(p.code, p.line, p.column) for p in alone.problems] == [
        ("place-outside-district", 2, "municipality"), ("place-outside-district", 2, "serves"),
        ("unknown-actor", 2, "from"), ("unknown-actor", 3, "to"),
    ]
    assert (by_id(alone)["cafe"].municipality, by_id(alone)["cafe"].town) == (None, "Ludwigsburg")
    assert (alone.relations, alone.rejected) == ((), 2)


# --- roles and tables ----------------------------------------------------------------------------------------


def test_roles_decide_where_the_headers_cannot(vocabulary: Vocabulary, write_file: WriteFile) -> None:
    path = write_file("liste.csv", "id;kind\nx;other\n")
    guessed = plan_import([path], vocabulary, imported_at=STAMP)
    assert codes(guessed) == [("unknown-table", 1, "", "error")]
    assert guessed.rows == 0
    told = plan_import([path], vocabulary, roles={str(path): Role.ACTORS}, imported_at=STAMP)
    assert codes(told) == [("missing-column-name", 1, "", "error"), ("missing-name", 2, "name", "error")]


def test_headers_decide_the_role_of_each_file(vocabulary: Vocabulary, write_file: WriteFile) -> None:
    actors = write_file("eins.csv", "Bezeichnung;Art\nVerein;Sonstige\n")
    relations = write_file("zwei.csv", "Von;Nach;Beziehung\nVerein;Verein;berät\n")
    plan = plan_import([relations, actors], vocabulary, imported_at=STAMP)
    assert [a.name for a in plan.actors] == ["Verein"]
    assert codes(plan) == [("self-tie", 2, "Nach", "error")]  # read as a tie, named by the file's own header


def test_an_unknown_sheet_is_ignored_with_a_warning(vocabulary: Vocabulary, write_workbook: WriteWorkbook) -> None:
    path = write_workbook("buch.xlsx", {"Akteure": [["Name", "Art"], ["Verein", "Sonstige"]],
                                        "Notizen": [["Thema"], ["Sitzung am Montag"]]})
    plan = plan_import([path], vocabulary, imported_at=STAMP)
    (problem,) = plan.problems
    assert (problem.source, problem.code, problem.severity) == (f"{path}[Notizen]", "unknown-table", Severity.WARNING)
    assert problem.message.endswith("— sheet ignored")
    assert [a.name for a in plan.actors] == ["Verein"] and not plan.has_errors


def test_workbook_cells_keep_their_types(vocabulary: Vocabulary, write_workbook: WriteWorkbook) -> None:
    path = write_workbook("buch.xlsx", {"Akteure": [
        ["Name", "Art", "AGS", "Einwohner", "Stichtag", "lat", "lon"],
        ["Ludwigsburg", "Kommune", 8118048, 94859, dt.datetime(2023, 12, 31), 48.889441, 9.194347],
    ]})
    (town,) = plan_import([path], vocabulary, imported_at=STAMP).actors
    assert town.id == "ags-08118048"  # the leading zero a number cell drops is restored
    assert dict(town.properties) == {"ags": "08118048", "population": 94859, "population_date": "2023-12-31",
                                     "lat": 48.889441, "lon": 9.194347}


def test_problems_come_in_file_order_then_line(vocabulary: Vocabulary, write_file: WriteFile) -> None:
    actors = write_file("a.csv", "name,kind,ags\nVerein,Sportverein,\nAsperg,municipality,123456789\n")
    relations = write_file("r.csv", "from,to,type\nx,y,kennt\n")
    plan = plan_import([str(relations), str(actors)], vocabulary, imported_at=STAMP)
    # The municipality (line 3) is validated before the other actors, but reported in line order.
    assert [(Path(p.source).name, p.line, p.code) for p in plan.problems] == [
        ("r.csv", 2, "unknown-actor"), ("r.csv", 2, "unknown-actor"), ("r.csv", 2, "unknown-type"),
        ("a.csv", 2, "unknown-kind"), ("a.csv", 3, "invalid-ags"),
    ]


# --- rows with problems ----------------------------------------------------------------------------------


def test_rows_with_errors_are_left_out_and_counted(vocabulary: Vocabulary, write_file: WriteFile) -> None:
    actors = write_file("a.csv", "id,name,kind\ngut,Gut,other\nleer,,other\nart,Art,Sportverein\n")
    relations = write_file("r.csv", "from,to,type\ngut,art,funds\ngut,leer,funds\nleer,gut,kennt\n")
    plan = plan_import([actors, relations], vocabulary, imported_at=STAMP)
    assert [a.id for a in plan.actors] == ["gut"]
    assert plan.relations == ()
    assert (plan.rows, plan.rejected, plan.has_errors) == (6, 5, True)
    assert plan.errors == plan.problems and plan.warnings == ()
    assert [(p.line, p.column, p.code) for p in plan.problems if p.source == str(relations)] == [
        (2, "to", "invalid-actor"), (3, "to", "invalid-actor"), (4, "from", "invalid-actor"),
        (4, "type", "unknown-type"),
    ]
    invalid = next(p for p in plan.problems if p.code == "invalid-actor")
    assert invalid.message == f"'art' is the actor of {actors}:4, which has errors; fix that row first"


def test_a_warning_keeps_the_row(vocabulary: Vocabulary, write_file: WriteFile) -> None:
    plan = plan_import([write_file("a.csv", "name,kind,municipality\nMinisterium,state_ministry,Stuttgart\n")],
                       vocabulary, imported_at=STAMP)
    (ministry,) = plan.actors
    assert (ministry.municipality, ministry.town) == (None, "Stuttgart")
    assert codes(plan) == [("place-outside-district", 2, "municipality", "warning")]
    assert (plan.rejected, plan.has_errors) == (0, False)


def test_repeated_rows_are_one_record_unless_they_differ(vocabulary: Vocabulary, write_file: WriteFile) -> None:
    same = write_file("a.csv", "id,name,kind,provenance\nv,Verein,other,Liste A\nv,Verein,other,Liste B\n")
    plan = plan_import([same], vocabulary, imported_at=STAMP)
    assert ([a.provenance for a in plan.actors], plan.problems, plan.rejected) == (["Liste A"], (), 0)

    differ = write_file("b.csv", "name,kind,fields\nVerein,other,\nVerein,other,work_training\n")
    plan = plan_import([differ], vocabulary, imported_at=STAMP)
    # Without an id column the clash is the name's; the first row stays.
    assert codes(plan) == [("conflicting-duplicate", 3, "name", "error")]
    assert [a.fields for a in plan.actors] == [()]

    ties = write_file("r.csv", "from,to,type,note\nv,w,funds,\nv,w,funds,\nv,w,advises,a\nv,w,advises,b\n")
    actors = write_file("c.csv", "id,name,kind\nv,V,other\nw,W,other\n")
    plan = plan_import([actors, ties], vocabulary, imported_at=STAMP)
    assert codes(plan) == [("conflicting-duplicate", 5, "type", "error")]
    assert [(r.type, r.note) for r in plan.relations] == [("funds", ""), ("advises", "a")]


def test_ties_name_their_actors_by_id_or_exact_name(vocabulary: Vocabulary, write_file: WriteFile) -> None:
    actors = write_file("a.csv", "id,name,kind,municipality\nx1,Freundeskreis Asyl,volunteer_group,Tamm\n"
                                 "x2,Freundeskreis Asyl,volunteer_group,Asperg\nj,Jobcenter,employment_agency,\n")
    relations = write_file("r.csv", "from,to,type\nJOBCENTER,x1,refers_to\nj,Freundeskreis Asyl,refers_to\n"
                                    "Jobcent,x2,refers_to\n,x2,refers_to\n")
    plan = plan_import([actors, relations], vocabulary, imported_at=STAMP)
    assert [r.key for r in plan.relations] == [("j", "refers_to", "x1")]
    tie_problems = [p for p in plan.problems if p.source == str(relations)]
    assert [(p.line, p.column, p.code) for p in tie_problems] == [
        (3, "to", "ambiguous-actor"), (4, "from", "unknown-actor"), (5, "from", "missing-actor"),
    ]
    assert tie_problems[0].message == ("'Freundeskreis Asyl' names 2 actors: x1 (Freundeskreis Asyl, Tamm); "
                                       "x2 (Freundeskreis Asyl, Asperg); use the id")


# --- cells ---------------------------------------------------------------------------------------------------


def test_cells_lose_only_spaces_and_names_are_composed(vocabulary: Vocabulary, write_file: WriteFile) -> None:
    text = "name;kind;notes;website\n  Mu\u0308nchner Verein  ; Sonstige ;'\tnach Tab;'=HYPERLINK(1)\n"
    (actor,) = plan_import([write_file("a.csv", text)], vocabulary, imported_at=STAMP).actors
    assert actor.name == "Münchner Verein" and actor.kind == "other"
    # A leading tab an export neutralised is content; so is a formula, restored from its neutralised form.
    assert dict(actor.properties) == {"notes": "\tnach Tab", "website": "=HYPERLINK(1)"}


@pytest.mark.parametrize("words", ["Landkreis", "ganzer Landkreis", "KREISWEIT", "whole  district", "Kreis"])
def test_district_words_mean_the_whole_district(vocabulary: Vocabulary, write_file: WriteFile, words: str) -> None:
    (actor,) = plan_import([write_file("a.csv", f"name,kind,serves\nJobcenter,employment_agency,{words}\n")],
                           vocabulary, imported_at=STAMP).actors
    assert (actor.serves_district, actor.serves, dict(actor.properties)) == (True, (), {})


def test_district_words_are_folded_labels() -> None:
    assert DISTRICT_WORDS == frozenset({"district", "whole district", "landkreis", "ganzer landkreis", "kreis",
                                        "kreisweit", "gesamter landkreis"})

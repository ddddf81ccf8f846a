"""The coverage and gap model: a district of three towns computed by hand, properties, the bundled data."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graph.analysis.coverage import (
    DEFAULT_EXPECTED_ROLES,
    CoverageReport,
    CoverageSettings,
    NearestActor,
    coverage_gaps,
    load_expected_roles,
)
from graph.analysis.network import to_networkx
from graph.errors import VocabularyError
from graph.model.domain import Actor, Relation, Subgraph
from graph.model.place import haversine_km
from graph.model.vocabulary import Vocabulary
from graph.settings import DATA_DIR
from graph.store.embedded import EmbeddedStore

HOUSING, LANGUAGE, WORK, CULTURE = "housing_living_together", "language_education", "work_training", \
    "culture_leisure_sport"
# Three towns on one meridian: 0.1° of latitude apart is 11.1 km, 0.2° is 22.2 km, 0.3° is 33.4 km.
TOWNS = (
    Actor(id="adorf", name="Adorf", kind="municipality", town="Adorf",
          properties={"ags": "09999001", "population": 10000, "population_date": "2023-12-31", "lat": 48.9,
                      "lon": 9.2}),
    Actor(id="bstadt", name="Bstadt", kind="municipality", town="Bstadt",
          properties={"ags": "09999002", "population": "25000", "population_date": "2023-12-31", "lat": 49.0,
                      "lon": 9.2}),
    Actor(id="cheim", name="Cheim", kind="municipality", town="Cheim",
          properties={"ags": "09999003", "lat": 49.2, "lon": 9.2}),  # population unknown
)
ORGANISATIONS = (
    Actor(id="jobcenter", name="Jobcenter Kreis", kind="employment_agency", municipality="bstadt",
          fields=(WORK,), serves_district=True),
    Actor(id="vhs", name="Volkshochschule Bstadt", kind="course_provider", municipality="bstadt", fields=(LANGUAGE,)),
    Actor(id="cafe", name="Sprachcafé Adorf", kind="volunteer_group", municipality="adorf",
          fields=(LANGUAGE, CULTURE)),
    Actor(id="miz", name="Migrationszentrum Bstadt", kind="counselling_service", municipality="bstadt",
          serves=("bstadt", "cheim"), fields=(WORK, HOUSING)),
    Actor(id="awo", name="AWO Kreisverband", kind="welfare_organisation", town="Stuttgart", serves_district=True,
          fields=(HOUSING,)),
    Actor(id="verein", name="Kulturverein Cheim", kind="migrant_organisation", municipality="cheim",
          fields=(CULTURE,)),
)
DISTRICT = Subgraph(TOWNS + ORGANISATIONS, (
    Relation("miz", "cooperates_with", "jobcenter"), Relation("cafe", "refers_to", "vhs"),
))

# (town, field): local actors, district-wide actors, per 10,000, missing roles, single point of failure, gap,
# status. No offer is recorded, so no cell is a confirmed gap: a cell lacking a role is not surveyed.
NS, WIDE = "not_surveyed", "district_wide_only"
EXPECTED = {
    ("adorf", HOUSING): (0, 1, 0.0, ["counselling_service"], False, False, NS),
    ("adorf", LANGUAGE): (1, 0, 1.0, ["course_provider"], True, False, NS),
    ("adorf", WORK): (0, 1, 0.0, ["counselling_service"], False, False, NS),
    ("adorf", CULTURE): (1, 0, 1.0, ["migrant_organisation"], True, False, NS),
    ("bstadt", HOUSING): (1, 1, 0.4, [], True, False, WIDE),  # the welfare organisation only district-wide
    ("bstadt", LANGUAGE): (1, 0, 0.4, ["volunteer_group"], True, False, NS),
    ("bstadt", WORK): (2, 0, 0.8, [], False, False, "covered"),  # the job centre is seated here: local
    ("bstadt", CULTURE): (0, 0, 0.0, ["volunteer_group", "migrant_organisation"], False, False, NS),
    ("cheim", HOUSING): (1, 1, None, [], True, False, WIDE),  # served by name from Bstadt
    ("cheim", LANGUAGE): (0, 0, None, ["course_provider", "volunteer_group"], False, False, NS),
    ("cheim", WORK): (1, 1, None, [], True, False, WIDE),
    ("cheim", CULTURE): (1, 0, None, ["volunteer_group"], True, False, NS),
}


@pytest.fixture(scope="module")
def roles(vocabulary: Vocabulary) -> dict[str, tuple[str, ...]]:
    return dict(load_expected_roles(DEFAULT_EXPECTED_ROLES, vocabulary))


@pytest.fixture(scope="module")
def report(vocabulary: Vocabulary, roles: dict[str, tuple[str, ...]]) -> CoverageReport:
    return coverage_gaps(to_networkx(DISTRICT), vocabulary, roles, CoverageSettings())


def test_default_expected_roles(roles: dict[str, tuple[str, ...]]) -> None:
    assert roles == {
        HOUSING: ("welfare_organisation", "counselling_service"),
        LANGUAGE: ("course_provider", "volunteer_group"),
        WORK: ("employment_agency", "counselling_service"),
        CULTURE: ("volunteer_group", "migrant_organisation"),
    }


def test_expected_roles_accept_labels(tmp_path: Path, vocabulary: Vocabulary) -> None:
    path = tmp_path / "roles.csv"
    path.write_text("field,kind,source\nSprache und Bildung,Kursträger,x\nwork_training,Counselling service,\n",
                    encoding="utf-8")
    assert dict(load_expected_roles(path, vocabulary)) == {LANGUAGE: ("course_provider",),
                                                           WORK: ("counselling_service",)}


@pytest.mark.parametrize(("text", "message"), [
    ("field,kind\nlanguage_education,course_provider\nlanguage_education,wizard\n", ":3: kind: 'wizard'"),
    ("field,kind\nnowhere,course_provider\n", ":2: field: 'nowhere'"),
    ("field,kind\nwork_training,counselling_service\nwork_training,Beratungsstelle\n", ":3: work_training, "
     "counselling_service appears twice"),
    ("field,source\nwork_training,x\n", ":1: missing column(s) kind"),
])
def test_bad_expected_roles_name_file_and_line(tmp_path: Path, vocabulary: Vocabulary, text: str,
                                               message: str) -> None:
    path = tmp_path / "roles.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(VocabularyError) as caught:
        load_expected_roles(path, vocabulary)
    assert str(caught.value).startswith(f"{path}{message}")


def test_missing_expected_roles_file(tmp_path: Path, vocabulary: Vocabulary) -> None:
    with pytest.raises(VocabularyError, match="not found"):
        load_expected_roles(tmp_path / "none.csv", vocabulary)


def test_every_cell_of_the_three_town_district(report: CoverageReport) -> None:
    assert report.fields == (HOUSING, LANGUAGE, WORK, CULTURE)
    assert [(m.id, m.name, m.ags) for m in report.municipalities] == [
        ("adorf", "Adorf", "09999001"), ("bstadt", "Bstadt", "09999002"), ("cheim", "Cheim", "09999003")]
    assert [(c.municipality_id, c.field) for c in report.cells] == list(EXPECTED)
    for cell in report.cells:
        data = cell.as_dict()
        got = (data["local_actors"], data["district_wide_actors"], data["per_10k"], data["missing_roles"],
               data["single_point_of_failure"], data["gap"], data["status"])
        assert got == EXPECTED[(cell.municipality_id, cell.field)], (cell.municipality, cell.field)


def test_cell_keys_are_exactly_those_of_the_json(report: CoverageReport) -> None:
    data = report.as_dict("de")
    assert json.loads(json.dumps(data)) == data
    assert list(data) == ["fields", "municipalities", "cells"]
    assert list(data["cells"][0]) == ["municipality_id", "municipality", "field", "local_actors",
                                      "district_wide_actors", "per_10k", "missing_roles", "single_point_of_failure",
                                      "gap", "explanation", "status", "local_offers", "district_wide_offers",
                                      "absent_offers"]


def test_cells_name_their_actors_population_and_kinds(report: CoverageReport) -> None:
    work = report.cell("bstadt", WORK)
    assert work.local_actor_ids == ("jobcenter", "miz")  # by name: Jobcenter before Migrationszentrum
    assert dict(work.local_by_kind) == {"counselling_service": 1, "employment_agency": 1}
    assert (work.population, work.population_date) == (25000, "2023-12-31")
    assert report.cell("cheim", WORK).district_wide_actor_ids == ("jobcenter",)
    assert (report.cell("cheim", WORK).population, report.cell("cheim", WORK).population_date) == (None, None)
    with pytest.raises(KeyError):
        report.cell("nowhere", WORK)


def test_nearest_actor_of_each_missing_role(report: CoverageReport) -> None:
    assert haversine_km(48.9, 9.2, 49.0, 9.2) == pytest.approx(11.12, abs=0.01)
    assert report.cell("adorf", WORK).nearest == (
        NearestActor("counselling_service", "miz", "Migrationszentrum Bstadt", "Bstadt", 11.1),)
    assert report.cell("adorf", CULTURE).nearest == (
        NearestActor("migrant_organisation", "verein", "Kulturverein Cheim", "Cheim", 33.4),)
    assert report.cell("cheim", LANGUAGE).nearest == (
        NearestActor("course_provider", "vhs", "Volkshochschule Bstadt", "Bstadt", 22.2),
        NearestActor("volunteer_group", "cafe", "Sprachcafé Adorf", "Adorf", 33.4),
    )


def test_explanations_in_english_and_german(report: CoverageReport) -> None:
    adorf = report.cell("adorf", WORK)
    assert adorf.explanation("en") == ("Adorf: not surveyed in Work and vocational training, too little is known; "
                                       "no local actor known; district-wide: Jobcenter Kreis; roles present: job "
                                       "centre or employment agency; no counselling service known here, nearest: "
                                       "Migrationszentrum Bstadt, 11 km.")
    assert adorf.explanation("de") == ("Adorf: in Arbeit und Ausbildung nicht erhoben, zu wenig bekannt; kein "
                                       "lokaler Akteur bekannt; kreisweit: Jobcenter Kreis; vorhandene Rollen: "
                                       "Jobcenter oder Arbeitsagentur; Beratungsstelle hier nicht bekannt, am "
                                       "nächsten: Migrationszentrum Bstadt, 11 km.")
    assert report.cell("bstadt", WORK).explanation("en") == (
        "Bstadt: covered in Work and vocational training; 2 local actors; every expected role present locally.")
    assert report.cell("bstadt", HOUSING).explanation("en") == (
        "Bstadt: covered only district-wide in Housing and living together in the neighbourhood; one local actor "
        "(Migrationszentrum Bstadt), a single point of failure; plus 1 district-wide; only district-wide: welfare "
        "organisation.")
    assert report.cell("bstadt", CULTURE).explanation("de") == (
        "Bstadt: in Kultur/Freizeit/Sport nicht erhoben, zu wenig bekannt; kein lokaler Akteur bekannt; auch kein "
        "kreisweiter Akteur; Ehrenamtliche Initiative hier nicht bekannt, am nächsten: Sprachcafé Adorf, 11 km; "
        "Migrantenorganisation hier nicht bekannt, am nächsten: Kulturverein Cheim, 22 km.")
    assert report.as_dict("de")["cells"][0]["explanation"] == report.cells[0].explanation_de


def test_minimum_local_actors_is_a_setting(vocabulary: Vocabulary, roles: dict[str, tuple[str, ...]]) -> None:
    strict = coverage_gaps(DISTRICT, vocabulary, roles, CoverageSettings(min_local_actors=2))
    assert strict.cell("bstadt", WORK).status == "covered"
    # One local actor is too few for "covered"; the district-wide ones fill in.
    assert strict.cell("cheim", WORK).status == "district_wide_only"
    assert strict.cell("cheim", HOUSING).status == "district_wide_only"
    assert strict.cell("adorf", LANGUAGE).status == "not_surveyed"


def test_district_wide_actors_may_be_kept_from_filling_roles(vocabulary: Vocabulary,
                                                            roles: dict[str, tuple[str, ...]]) -> None:
    local_only = coverage_gaps(DISTRICT, vocabulary, roles, CoverageSettings(district_wide_fills_roles=False))
    housing = local_only.cell("bstadt", HOUSING)
    assert (housing.missing_roles, housing.status, housing.nearest) == (("welfare_organisation",), "not_surveyed", ())
    assert {c.status for c in local_only.cells} == {"covered", "not_surveyed"}
    assert "no welfare organisation known here or in another town" in housing.explanation("en")
    assert "Wohlfahrtsverband weder hier noch in einem anderen Ort bekannt" in housing.explanation("de")


def test_nearest_actors_beyond_the_distance_limit_are_not_named(vocabulary: Vocabulary,
                                                               roles: dict[str, tuple[str, ...]]) -> None:
    near = coverage_gaps(DISTRICT, vocabulary, roles, CoverageSettings(max_distance_km=20))
    assert near.cell("adorf", CULTURE).nearest == ()
    assert len(near.cell("adorf", WORK).nearest) == 1


def test_district_wide_names_are_cut_after_the_setting(vocabulary: Vocabulary,
                                                      roles: dict[str, tuple[str, ...]]) -> None:
    extra = tuple(Actor(id=f"w{i}", name=f"Wide {i}", kind="network", serves_district=True, fields=(WORK,))
                  for i in range(4))
    result = coverage_gaps(Subgraph(DISTRICT.actors + extra, ()), vocabulary, roles,
                           CoverageSettings(names_in_explanation=2))
    assert "district-wide: Jobcenter Kreis, Wide 0 and 3 more;" in result.cell(
        "adorf", WORK).explanation("en")


def test_a_town_without_coordinates_gets_no_nearest_actor(vocabulary: Vocabulary,
                                                          roles: dict[str, tuple[str, ...]]) -> None:
    no_coords = replace(TOWNS[0], properties={"ags": "09999001"})
    result = coverage_gaps(Subgraph((no_coords, *DISTRICT.actors[1:]), ()), vocabulary, roles)
    cell = result.cell("adorf", WORK)
    assert (cell.nearest, cell.per_10k, cell.status) == ((), None, "not_surveyed")
    assert cell.explanation("en").endswith("no counselling service known here or in another town.")


def test_same_input_gives_identical_output(vocabulary: Vocabulary, roles: dict[str, tuple[str, ...]],
                                           report: CoverageReport) -> None:
    shuffled = Subgraph(tuple(reversed(DISTRICT.actors)), tuple(reversed(DISTRICT.relations)))
    again = coverage_gaps(shuffled, vocabulary, roles, CoverageSettings())
    assert again == report
    assert json.dumps(again.as_dict("en")) == json.dumps(report.as_dict("en"))


_TOWN_IDS = [t.id for t in TOWNS]
_FIELDS = [HOUSING, LANGUAGE, WORK, CULTURE]


@st.composite
def districts(draw: st.DrawFn, vocabulary: Vocabulary) -> Subgraph:
    kinds = [k for k in vocabulary.kinds.ids() if k != "municipality"]
    extra = []
    for i in range(draw(st.integers(min_value=0, max_value=6))):
        extra.append(Actor(
            id=f"x{i}", name=f"Extra {i}", kind=draw(st.sampled_from(kinds)),
            municipality=draw(st.sampled_from([None, *_TOWN_IDS])),
            fields=tuple(draw(st.lists(st.sampled_from(_FIELDS), unique=True))),
            serves=tuple(draw(st.lists(st.sampled_from(_TOWN_IDS), unique=True))),
            serves_district=draw(st.booleans()),
        ))
    return Subgraph(DISTRICT.actors + tuple(extra), ())


_VOCABULARY = Vocabulary.load(DATA_DIR / "vocabularies")
_ROLES = dict(load_expected_roles(DEFAULT_EXPECTED_ROLES, _VOCABULARY))


@settings(max_examples=80, deadline=None)
@given(
    district=districts(_VOCABULARY),
    kind=st.sampled_from([k for k in _VOCABULARY.kinds.ids() if k != "municipality"]),
    town=st.sampled_from(_TOWN_IDS),
    field=st.sampled_from(_FIELDS),
    seat=st.sampled_from([None, *_TOWN_IDS]),
    options=st.builds(CoverageSettings, min_local_actors=st.integers(1, 3),
                      district_wide_fills_roles=st.booleans()),
)
def test_a_new_actor_serving_a_town_never_makes_it_less_covered(district: Subgraph, kind: str, town: str, field: str,
                                                         seat: str | None, options: CoverageSettings) -> None:
    before = coverage_gaps(district, _VOCABULARY, _ROLES, options).cell(town, field)
    newcomer = Actor(id="newcomer", name="Newcomer", kind=kind, municipality=seat, serves=(town,), fields=(field,))
    after = coverage_gaps(Subgraph((*district.actors, newcomer), ()), _VOCABULARY, _ROLES, options).cell(town, field)
    assert after.gap == before.gap is False  # only an absent offer confirms a gap
    order = ("covered", "district_wide_only", "not_surveyed")
    assert order.index(after.status) <= order.index(before.status)
    assert kind not in after.missing_roles
    assert set(after.missing_roles) <= set(before.missing_roles)
    assert after.local_actors == before.local_actors + 1


@pytest.fixture(scope="module")
def bundled(tmp_path_factory: pytest.TempPathFactory, vocabulary: Vocabulary,
            roles: dict[str, tuple[str, ...]]) -> tuple[CoverageReport, CoverageReport]:
    from importers.seed import seed

    with EmbeddedStore(tmp_path_factory.mktemp("bundled") / "s.sqlite", vocabulary) as store:
        seed(store, vocabulary, DATA_DIR / "ludwigsburg")
        graph = to_networkx(store.subgraph())
        subgraph = store.subgraph()
    return coverage_gaps(graph, vocabulary, roles), coverage_gaps(subgraph, vocabulary, roles)


def test_bundled_data_gives_39_by_4_sane_cells(bundled: tuple[CoverageReport, CoverageReport]) -> None:
    report, _ = bundled
    assert len(report.municipalities) == 39 and len(report.fields) == 4
    assert len(report.cells) == 156
    assert all(m.ags.startswith("08118") for m in report.municipalities)
    ludwigsburg = next(m for m in report.municipalities if m.name == "Ludwigsburg")
    assert report.cell(ludwigsburg.id, LANGUAGE).local_actors > 0
    assert all(c.explanation_en and c.explanation_de for c in report.cells)
    assert all(c.explanation_en != c.explanation_de for c in report.cells)
    assert all(c.per_10k is not None and c.population_date for c in report.cells)
    # The actors alone (a subgraph holds no offers) confirm no gap: cells lack a role or are covered.
    assert not any(c.gap for c in report.cells)
    assert {c.status for c in report.cells} >= {"covered", "district_wide_only", "not_surveyed"}


def test_bundled_data_is_deterministic(bundled: tuple[CoverageReport, CoverageReport]) -> None:
    from_graph, from_subgraph = bundled
    assert from_graph == from_subgraph
    assert json.dumps(from_graph.as_dict("de")) == json.dumps(from_subgraph.as_dict("de"))

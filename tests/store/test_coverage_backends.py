"""What the stores aggregate themselves equals what the whole graph gives.

The gap statuses add the offers (GraphStore.gap_facts: the actors' facts plus the offers, their links and
the illustrative actors), which must equal the same knowledge added to the whole graph's facts.

The gap matrix from GraphStore.coverage_facts (grouped per municipality × field by SQLite, or by Cypher on
the Neo4j server) must be exactly the one computed from the whole graph, on named edge cases, on a generated
landscape and on the bundled data, and the two backends must agree. Likewise the network the analysis
measures (GraphStore.tie_counts, ties counted per pair by the store).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from benchmarks.gaps_analysis import generate_landscape
from graph.analysis.coverage import (
    DEFAULT_EXPECTED_ROLES,
    CoverageReport,
    coverage_facts,
    coverage_gaps,
    load_expected_roles,
)
from graph.analysis.measures import AnalysisSettings, network_measures
from graph.analysis.network import to_networkx
from graph.analysis.projection import actor_network, simple_projection
from graph.model.coverage_facts import ActorFacts, CoverageFacts
from graph.model.domain import Actor, GraphBatch, Relation, Subgraph
from graph.model.knowledge import Link, Node
from graph.model.vocabulary import Vocabulary
from graph.settings import Settings
from graph.store import GraphStore, open_store
from tests.support import neo4j_auth, neo4j_database, run

LANGUAGE, WORK, CULTURE = "language_education", "work_training", "culture_leisure_sport"

TOWNS = (
    Actor(id="adorf", name="Adorf", kind="municipality", town="Adorf", fields=(CULTURE,), serves=("cheim",),
          properties={"ags": "09999001", "population": 10000, "population_date": "2023-12-31", "lat": 48.9,
                      "lon": 9.2}),
    Actor(id="bstadt", name="Bstadt", kind="municipality", town="Bstadt",
          properties={"ags": "09999002", "population": "25000", "population_date": "2023-12-31", "lat": 49.0,
                      "lon": 9.2}),
    Actor(id="cheim", name="Cheim", kind="municipality", town="Cheim", properties={"ags": "09999003"}),
    Actor(id="oedorf", name="Ödorf", kind="municipality", town="Ödorf",
          properties={"ags": "09999004", "lat": 49.1, "lon": 9.3, "population": 800}),
)
ORGANISATIONS = (
    # Seated in Bstadt and serving it too: listed once, seated.
    Actor(id="vhs", name="Volkshochschule Bstadt", kind="course_provider", municipality="bstadt",
          serves=("bstadt", "cheim"), fields=(LANGUAGE, WORK)),
    # District-wide and seated: local in its town, district-wide everywhere else.
    Actor(id="jobcenter", name="Jobcenter Kreis", kind="employment_agency", municipality="bstadt", fields=(WORK,),
          serves_district=True),
    # Seated outside the district, serving one town by name.
    Actor(id="beratung", name="Beratung Stuttgart", kind="counselling_service", town="Stuttgart",
          serves=("oedorf",), fields=(WORK,)),
    # Seated at an actor that is not a municipality: local nowhere through its seat.
    Actor(id="ableger", name="Ableger", kind="volunteer_group", municipality="vhs", fields=(LANGUAGE,)),
    # Working on nothing: in no cell.
    Actor(id="ohne", name="Ohne Feld", kind="other", municipality="adorf"),
    # Names that sort by their base letter: Öko before Ost, Äpfel before Apfel... by id on a tie.
    Actor(id="oeko", name="Öko-Café", kind="volunteer_group", municipality="oedorf", fields=(LANGUAGE, CULTURE)),
    Actor(id="ost", name="Ost-Treff", kind="migrant_organisation", municipality="oedorf", fields=(CULTURE,),
          serves_district=True),
    Actor(id="apfel", name="Apfel", kind="volunteer_group", municipality="adorf", fields=(LANGUAGE,)),
    Actor(id="aepfel", name="Äpfel", kind="volunteer_group", municipality="adorf", fields=(LANGUAGE,)),
)
# A municipality actor seated in another town: its own seat is itself, whatever LOCATED_IN says.
LOCATED = Actor(id="cheim", name="Cheim", kind="municipality", town="Cheim", municipality="bstadt",
                fields=(WORK,), properties={"ags": "09999003"})
TIES = (Relation("vhs", "cooperates_with", "jobcenter"), Relation("oeko", "refers_to", "vhs"))


@pytest.fixture(scope="module")
def roles(vocabulary: Vocabulary) -> dict[str, tuple[str, ...]]:
    return dict(load_expected_roles(DEFAULT_EXPECTED_ROLES, vocabulary))


def _district(store: GraphStore) -> Subgraph:
    store.write(GraphBatch(actors=TOWNS))
    store.write(GraphBatch(actors=(*ORGANISATIONS, LOCATED), relations=TIES))
    return Subgraph((*TOWNS[:2], LOCATED, TOWNS[3], *ORGANISATIONS), TIES)


def test_store_facts_are_the_graphs_facts(store: GraphStore, vocabulary: Vocabulary,
                                          roles: dict[str, tuple[str, ...]]) -> None:
    written = _district(store)
    facts = store.coverage_facts()
    assert facts == coverage_facts(to_networkx(written)) == coverage_facts(to_networkx(store.subgraph()))
    assert facts == coverage_facts(store.subgraph())
    report = coverage_gaps(facts, vocabulary, roles)
    assert report == coverage_gaps(to_networkx(store.subgraph()), vocabulary, roles)
    assert report == coverage_gaps(written, vocabulary, roles)
    assert len(report.cells) == 4 * len(vocabulary.fields)


def test_facts_of_the_edge_cases(store: GraphStore) -> None:
    _district(store)
    facts = store.coverage_facts()
    assert [t.id for t in facts.municipalities] == ["adorf", "bstadt", "cheim", "oedorf"]
    adorf = facts.municipalities[0]
    assert (adorf.ags, adorf.population, adorf.population_date, adorf.lat, adorf.lon) == (
        "09999001", 10000, "2023-12-31", 48.9, 9.2)
    assert facts.municipalities[2].population is None and facts.municipalities[2].lat is None
    local = facts.local
    assert local[("bstadt", LANGUAGE)] == (ActorFacts("vhs", "Volkshochschule Bstadt", "course_provider", True),)
    assert local[("cheim", LANGUAGE)] == (ActorFacts("vhs", "Volkshochschule Bstadt", "course_provider", False),)
    assert [a.id for a in local[("bstadt", WORK)]] == ["jobcenter", "vhs"]
    # Cheim's own LOCATED_IN Bstadt does not make it local there; it is seated in itself.
    assert local[("cheim", WORK)][0] == ActorFacts("cheim", "Cheim", "municipality", True)
    assert "cheim" not in {a.id for a in local[("bstadt", WORK)]}
    assert local[("oedorf", WORK)] == (ActorFacts("beratung", "Beratung Stuttgart", "counselling_service", False),)
    assert [a.id for a in local[("adorf", LANGUAGE)]] == ["aepfel", "apfel"]  # Äpfel, Apfel: a tie, then by id
    assert [a.id for a in local[("oedorf", CULTURE)]] == ["oeko", "ost"]
    assert local[("cheim", CULTURE)] == (ActorFacts("adorf", "Adorf", "municipality", False),)
    assert local[("adorf", CULTURE)] == (ActorFacts("adorf", "Adorf", "municipality", True),)
    everyone = {a.id for group in local.values() for a in group}
    assert not everyone & {"ableger", "ohne"}
    assert facts.district_wide == {WORK: (ActorFacts("jobcenter", "Jobcenter Kreis", "employment_agency"),),
                                   CULTURE: (ActorFacts("ost", "Ost-Treff", "migrant_organisation"),)}


def test_an_empty_store_has_no_cells(store: GraphStore, vocabulary: Vocabulary,
                                     roles: dict[str, tuple[str, ...]]) -> None:
    facts = store.coverage_facts()
    assert facts == CoverageFacts.from_rows([], [], [])
    report = coverage_gaps(facts, vocabulary, roles)
    assert (report.municipalities, report.cells) == ((), ())


def test_a_generated_landscape_gives_the_same_gaps_from_the_store(store: GraphStore, vocabulary: Vocabulary,
                                                                  roles: dict[str, tuple[str, ...]]) -> None:
    landscape = generate_landscape(vocabulary, municipalities=25, actors=400, ties=1200, seed=5)
    assert landscape == generate_landscape(vocabulary, municipalities=25, actors=400, ties=1200, seed=5)
    for batch in landscape.batches(size=150):
        store.write(batch)
    facts = store.coverage_facts()
    assert facts == coverage_facts(Subgraph((*landscape.municipalities, *landscape.actors), ()))
    report = coverage_gaps(facts, vocabulary, roles)
    assert report == coverage_gaps(to_networkx(store.subgraph()), vocabulary, roles)
    assert len(report.cells) == 25 * 4
    statuses = {cell.status for cell in report.cells}
    assert len(statuses) > 1 and "confirmed_gap" not in statuses  # no offer, so no confirmed gap


SOURCE = "https://example.org/integration"
OFFERS = (
    Node("offer-absent", "Offer", "Kostenlose Deutschkurse", provenance=SOURCE,
         properties={"status": "not_offered", "district_wide": True}),
    Node("offer-course", "Offer", "Kurs in Cheim", provenance=SOURCE, properties={"status": "offered"}),
    Node("offer-demo", "Offer", "Demo", provenance="illustrative", properties={"status": "not_offered"}),
)
OFFER_LINKS = (
    Link("offer-absent", "Offer", "CONCERNS", LANGUAGE, "FieldOfAction", provenance=SOURCE),
    Link("offer-course", "Offer", "CONCERNS", WORK, "FieldOfAction", provenance=SOURCE),
    Link("offer-course", "Offer", "SERVES", "cheim", "Actor", provenance=SOURCE),
    Link("beratung", "Actor", "PROVIDES", "offer-course", "Offer", provenance=SOURCE),
    Link("offer-demo", "Offer", "CONCERNS", CULTURE, "FieldOfAction", provenance="illustrative"),
    Link("offer-demo", "Offer", "SERVES", "adorf", "Actor", provenance="illustrative"),
)


def test_gap_facts_add_the_offers_and_the_illustrative_actors(store: GraphStore, vocabulary: Vocabulary,
                                                              roles: dict[str, tuple[str, ...]]) -> None:
    _district(store)
    demo = Actor(id="demo", name="Demo-Treff", kind="migrant_organisation", municipality="adorf",
                 fields=(CULTURE,), provenance="illustrative")
    store.write(GraphBatch(actors=(demo,), nodes=OFFERS, links=OFFER_LINKS))
    facts = store.gap_facts()
    whole = store.subgraph()
    assert facts == coverage_facts(whole).with_knowledge(OFFERS, OFFER_LINKS, whole.actors)
    assert facts.illustrative_actors == {"demo"}
    assert [(o.id, o.status, o.district_wide, o.fields, o.municipalities, o.provider_kinds) for o in facts.offers] == [
        ("offer-absent", "not_offered", True, (LANGUAGE,), (), ()),
        ("offer-course", "offered", False, (WORK,), ("cheim",), ("counselling_service",)),
        ("offer-demo", "not_offered", False, (CULTURE,), ("adorf",), ()),
    ]
    report = coverage_gaps(facts, vocabulary, roles)
    assert {c.municipality_id for c in report.cells if c.status == "confirmed_gap"} == {
        "adorf", "bstadt", "cheim", "oedorf"}
    assert all((c.status == "confirmed_gap") == (c.field == LANGUAGE) for c in report.cells)
    assert report.cell("cheim", WORK).local_offer_ids == ("offer-course",)
    assert report.cell("adorf", CULTURE).illustrative_actor_ids == ("demo",)


def test_the_actor_network_is_the_projection_of_the_whole_graph(store: GraphStore) -> None:
    _district(store)
    store.write(GraphBatch(relations=(
        Relation("jobcenter", "funds", "vhs"),  # a second tie between vhs and the job centre, other direction
        Relation("vhs", "advises", "vhs"),  # a tie of an actor with itself: counted, but connects nothing
    )))
    network = actor_network(store.tie_counts())
    whole = simple_projection(to_networkx(store.subgraph()))
    assert list(network.nodes) == list(whole.nodes)
    assert list(network.edges(data="weight")) == list(whole.edges(data="weight"))
    assert network.edges["jobcenter", "vhs"]["weight"] == 2
    assert network.nodes["oeko"] == {"name": "Öko-Café", "kind": "volunteer_group",
                                     "fields": (CULTURE, LANGUAGE)}
    settings = AnalysisSettings(home_organisation="vhs")
    measures = network_measures(network, settings).as_dict()
    assert measures == network_measures(to_networkx(store.subgraph()), settings).as_dict()
    assert measures["ties"] == 4


def _report(location: str, vocabulary: Vocabulary, roles: dict[str, tuple[str, ...]]
            ) -> tuple[CoverageReport, CoverageReport, CoverageFacts]:
    auth = neo4j_auth()
    settings = Settings.from_env({}, store=location, neo4j_username=auth[0] if auth else None,
                                 neo4j_password=auth[1] if auth else None, neo4j_database=neo4j_database())
    with open_store(settings, vocabulary) as store:
        facts = store.gap_facts()
        subgraph = store.subgraph()
        offers = store.nodes(types=("Offer",))
        whole = coverage_facts(to_networkx(subgraph)).with_knowledge(
            offers, store.links([o.id for o in offers], types=("PROVIDES", "SERVES", "CONCERNS")), subgraph.actors)
        return coverage_gaps(facts, vocabulary, roles), coverage_gaps(whole, vocabulary, roles), facts


def test_bundled_data_from_the_embedded_stores_facts_equals_the_graph(tmp_path: Path, vocabulary: Vocabulary,
                                                                      roles: dict[str, tuple[str, ...]]) -> None:
    location = str(tmp_path / "bundled.sqlite")
    code, _out, err = run("--store", location, "seed")
    assert code == 0, err
    from_facts, from_graph, facts = _report(location, vocabulary, roles)
    assert len(from_facts.cells) == 156
    assert len(facts.offers) >= 2 and from_facts.counts()["confirmed_gap"] == 39
    assert from_facts == from_graph
    assert json.dumps(from_facts.as_dict("de")) == json.dumps(from_graph.as_dict("de"))


@pytest.mark.neo4j
def test_bundled_gap_result_identical_on_embedded_and_neo4j(tmp_path: Path, neo4j_store_uri: str,
                                                            vocabulary: Vocabulary,
                                                            roles: dict[str, tuple[str, ...]]) -> None:
    embedded = str(tmp_path / "bundled.sqlite")
    for location in (embedded, neo4j_store_uri):
        code, _out, err = run("--store", location, "seed")
        assert code == 0, err
    embedded_facts_report, embedded_graph_report, embedded_facts = _report(embedded, vocabulary, roles)
    neo4j_facts_report, neo4j_graph_report, neo4j_facts = _report(neo4j_store_uri, vocabulary, roles)
    assert neo4j_facts == embedded_facts
    assert neo4j_facts_report == embedded_facts_report == embedded_graph_report == neo4j_graph_report
    assert len(neo4j_facts_report.cells) == 156
    for language in ("de", "en"):
        assert json.dumps(neo4j_facts_report.as_dict(language)) == json.dumps(embedded_facts_report.as_dict(language))
    # And through the command line, which reads the store's facts.
    outputs = []
    for location in (embedded, neo4j_store_uri):
        code, out, err = run("--store", location, "gaps", "--format", "json", "--lang", "en")
        assert code == 0, err
        outputs.append(out)
    assert outputs[0] == outputs[1]
    assert json.loads(outputs[0]) == embedded_facts_report.as_dict("en")
    analyses = []
    for location in (embedded, neo4j_store_uri):
        code, out, err = run("--store", location, "analyse", "--format", "json")
        assert code == 0, err
        analyses.append(json.loads(out))
    assert analyses[0] == analyses[1]


@pytest.mark.parametrize("backend", ["embedded", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def test_the_gaps_benchmark_runs_end_to_end(backend: str, request: pytest.FixtureRequest,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    """The benchmark measures (nothing here asserts a speed) and checks the backends agree."""
    from benchmarks import gaps_analysis

    args = ["--json", "--municipalities", "6", "--actors", "80", "--ties", "150", "--repeat", "1", "--no-breakdown"]
    args += ["--neo4j-uri", request.getfixturevalue("neo4j_store_uri")] if backend == "neo4j" else ["--no-neo4j"]
    assert gaps_analysis.main(args) == 0
    result = json.loads(capsys.readouterr().out)
    landscape = result["landscape"]
    assert (landscape["municipalities"], landscape["actors"], landscape["ties"]) == (6, 80, 150)
    assert landscape["embedded"]["cells"] == 24 and result["ludwigsburg"]["embedded"]["cells"] == 156
    assert landscape["embedded"]["gap_matrix_seconds"] > 0 and landscape["embedded"]["analysis_seconds"] > 0
    if backend == "neo4j":
        assert landscape["neo4j"]["identical_to_embedded"] is True
        assert result["ludwigsburg"]["neo4j"]["identical_to_embedded"] is True
    else:
        assert landscape["neo4j"] is None

"""The GraphStore contract for the knowledge graph's nodes and links, on the embedded store and a real Neo4j.

Every node type of the bundled schema goes in and comes back; refused writes write nothing; filtered reads,
cascading deletes and counts agree between the backends. The last test opens an embedded store file of the
layout before nodes and links existed.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from graph.errors import ConfigurationError, StoreWriteError, UnknownReferenceError, VocabularyError
from graph.model.domain import Actor, GraphBatch, Relation
from graph.model.knowledge import Link, Node
from graph.model.vocabulary import Vocabulary
from graph.store.base import GraphStore
from graph.store.embedded import EmbeddedStore

LB = "ags-08118048"
SOURCE = "https://www.landkreis-ludwigsburg.de/integration"


def town(mid: str, name: str) -> Actor:
    return Actor(id=mid, name=name, kind="municipality", town=name, provenance="test")


def typical_nodes() -> list[Node]:
    """One node of every ``node`` type of the bundled schema, with the properties a real import gives it."""
    return [
        Node("region-lb", "Region", "Landkreis Ludwigsburg", SOURCE, "2025-03-01",
             properties={"level": "district", "ags": "08118", "website": "https://www.landkreis-ludwigsburg.de"}),
        Node("format-netzwerk", "Format", "Netzwerktreffen Integration", SOURCE, "2025-01-15",
             properties={"kind": "exchange_meeting", "rhythm": "twice_a_year", "description": "Austausch"}),
        Node("event-konferenz", "Event", "Integrationskonferenz 2024", SOURCE,
             properties={"kind": "conference", "start": "2024-10-17", "end": "2024-10-17", "time": "17:30",
                         "mode": "in_person", "place": "Scala Ludwigsburg, Stuttgarter Str. 2"}),
        Node("event-workshop", "Event", "Workshop Sprache", "illustrative",
             properties={"kind": "workshop", "start": "2024-10-17"}),
        Node("document-bericht", "Document", "Integrationsbericht 2023", SOURCE,
             properties={"kind": "report", "date": "2023-12-01", "url": "https://example.org/bericht.pdf"}),
        Node("offer-sprachcafe", "Offer", "Sprachcafé", SOURCE, "2025-02-01",
             properties={"status": "offered", "target_groups": ("refugees", "women"),
                         "language_levels": ("a1", "a2"), "district_wide": False, "start": "2024-01-01"}),
        Node("offer-kita", "Offer", "Kita-Einstieg", SOURCE,
             properties={"status": "not_offered", "district_wide": True}),
        Node("programme-vwv", "Programme", "VwV Deutsch", SOURCE,
             properties={"kind": "administrative_regulation", "start": "2023-01-01", "end": "2026-12-31"}),
        Node("recommendation-sprache", "Recommendation", "Mehr Sprachkurse für Eltern", SOURCE,
             properties={"status": "open", "description": "Kurse mit Kinderbetreuung"}),
        Node("indicator-auslaender", "Indicator", "Ausländeranteil", SOURCE,
             properties={"measure": "foreign_share", "value": 19.5, "unit": "percent",
                         "reference_date": "2023-12-31", "note": "Statistisches Landesamt"}),
    ]


def typical_links() -> list[Link]:
    return [
        Link("vhs", "Actor", "ORGANISES", "event-konferenz", "Event", SOURCE, "2025-01-01"),
        Link("vhs", "Actor", "PROVIDES", "offer-sprachcafe", "Offer", SOURCE),
        Link("offer-sprachcafe", "Offer", "SERVES", LB, "Actor", SOURCE),
        Link("offer-sprachcafe", "Offer", "CONCERNS", "language_education", "FieldOfAction", SOURCE,
             properties={"weight": 2}),
        Link("event-workshop", "Event", "PART_OF", "event-konferenz", "Event", "illustrative"),
        Link("offer-sprachcafe", "Offer", "UNDER", "programme-vwv", "Programme", SOURCE),
        Link("indicator-auslaender", "Indicator", "MEASURED_FOR", "region-lb", "Region", SOURCE),
        Link("document-bericht", "Document", "DOCUMENTS", "event-konferenz", "Event", SOURCE),
    ]


@pytest.fixture
def base(store: GraphStore) -> GraphStore:
    """Two actors (a municipality and a course provider) and a tie between them."""
    store.write(GraphBatch(
        actors=(town(LB, "Ludwigsburg"),
                Actor("vhs", "Volkshochschule", "course_provider", municipality=LB, fields=("language_education",),
                      confirmed="2025-04-01")),
        relations=(Relation("vhs", "cooperates_with", LB, confirmed="2025-04-02"),),
    ))
    return store


@pytest.fixture
def knowledge(base: GraphStore) -> GraphStore:
    base.write(GraphBatch(nodes=tuple(typical_nodes()), links=tuple(typical_links())))
    return base


def everything(store: GraphStore) -> tuple[object, ...]:
    return (store.stats(), tuple(store.actors()), tuple(store.relations()), tuple(store.nodes()),
            tuple(store.links()))


def test_every_node_type_round_trips(knowledge: GraphStore, vocabulary: Vocabulary) -> None:
    expected = sorted(typical_nodes(), key=lambda n: (n.type, n.id))
    assert {n.type for n in expected} == {t.id for t in vocabulary.schema.node_only_types}
    got = knowledge.nodes()
    assert got == expected
    offer = knowledge.get_node("offer-sprachcafe")
    assert offer is not None and offer.confirmed == "2025-02-01" and offer.provenance == SOURCE
    assert offer.properties["target_groups"] == ("refugees", "women")
    assert offer.properties["district_wide"] is False
    figure = knowledge.get_node("indicator-auslaender")
    assert figure is not None and figure.properties["value"] == 19.5
    assert knowledge.get_node("vhs") is None and knowledge.get_node("nothing") is None


def test_confirmed_of_actors_and_ties_is_kept(base: GraphStore) -> None:
    actor = base.get_actor("vhs")
    assert actor is not None and actor.confirmed == "2025-04-01"
    assert [r.confirmed for r in base.relations()] == ["2025-04-02"]


def test_links_round_trip(knowledge: GraphStore) -> None:
    assert knowledge.links() == sorted(typical_links(), key=lambda k: k.key)
    concerns = knowledge.links(types=("CONCERNS",))
    assert len(concerns) == 1 and concerns[0].properties == {"weight": 2}
    assert concerns[0].target_type == "FieldOfAction"
    organises = knowledge.links(types=("ORGANISES",))[0]
    assert (organises.source_type, organises.confirmed) == ("Actor", "2025-01-01")
    # Links are not ties: the actors' relations and structure are unchanged.
    assert [r.key for r in knowledge.relations()] == [("vhs", "cooperates_with", LB)]
    vhs = knowledge.get_actor("vhs")
    assert vhs is not None and vhs.serves == () and vhs.municipality == LB


def test_upsert_replaces_a_node_and_a_link(knowledge: GraphStore) -> None:
    knowledge.write(GraphBatch(
        nodes=(Node("offer-sprachcafe", "Offer", "Sprachcafé International", "file.xlsx",
                    properties={"status": "ended"}),),
        links=(Link("vhs", "Actor", "PROVIDES", "offer-sprachcafe", "Offer", "file.xlsx", properties={"note": "x"}),),
    ))
    offer = knowledge.get_node("offer-sprachcafe")
    assert offer == Node("offer-sprachcafe", "Offer", "Sprachcafé International", "file.xlsx",
                         properties={"status": "ended"})
    provides = knowledge.links(types=("PROVIDES",))
    assert [(k.provenance, dict(k.properties)) for k in provides] == [("file.xlsx", {"note": "x"})]
    # Its other links stay.
    assert [k.type for k in knowledge.links(["offer-sprachcafe"])] == ["CONCERNS", "SERVES", "UNDER", "PROVIDES"]
    assert knowledge.stats().by_node_type["Offer"] == 2


def test_links_may_join_nodes_written_in_the_same_batch_as_actors(store: GraphStore) -> None:
    store.write(GraphBatch(
        actors=(town(LB, "Ludwigsburg"),),
        nodes=(Node("event-fest", "Event", "Fest", properties={"kind": "other", "start": "2025-06-01"}),),
        links=(Link("event-fest", "Event", "HELD_IN", LB, "Actor"),),
    ))
    assert [k.key for k in store.links()] == [("event-fest", "HELD_IN", LB)]


@pytest.mark.parametrize(("batch", "error"), [
    pytest.param(GraphBatch(nodes=(Node("x-1", "Spaceship", "X"),)), VocabularyError, id="unknown-type"),
    pytest.param(GraphBatch(nodes=(Node("x-1", "Actor", "X"),)), VocabularyError, id="actor-as-node"),
    pytest.param(GraphBatch(nodes=(Node("offer-x", "Offer", "X", properties={"status": "maybe"}),)),
                 VocabularyError, id="bad-term"),
    pytest.param(GraphBatch(nodes=(Node("event-x", "Event", "X", properties={"kind": "panel"}),)),
                 VocabularyError, id="missing-required"),
    pytest.param(GraphBatch(nodes=(Node("indicator-x", "Indicator", "X", properties={
        "measure": "population", "value": "many", "unit": "persons", "reference_date": "2023-12-31"}),)),
                 VocabularyError, id="bad-number"),
    pytest.param(GraphBatch(nodes=(Node("vhs", "Offer", "Clash", properties={"status": "offered"}),)),
                 StoreWriteError, id="id-of-an-actor"),
    pytest.param(GraphBatch(nodes=(Node("language_education", "Offer", "Clash", properties={"status": "offered"}),)),
                 StoreWriteError, id="id-of-a-field"),
    pytest.param(GraphBatch(nodes=(Node("offer-sprachcafe", "Programme", "Retyped",
                                        properties={"kind": "law"}),)), StoreWriteError, id="id-of-another-type"),
    pytest.param(GraphBatch(actors=(Actor("offer-sprachcafe", "Clash", "course_provider"),)),
                 StoreWriteError, id="actor-with-a-node-id"),
    pytest.param(GraphBatch(links=(Link("vhs", "Actor", "HELD_IN", "event-konferenz", "Event"),)),
                 VocabularyError, id="link-not-allowed"),
    pytest.param(GraphBatch(links=(Link("vhs", "Actor", "FLIES_TO", "event-konferenz", "Event"),)),
                 VocabularyError, id="unknown-link-type"),
    pytest.param(GraphBatch(links=(Link("vhs", "Actor", "ORGANISES", "event-nowhere", "Event"),)),
                 UnknownReferenceError, id="unknown-end"),
    pytest.param(GraphBatch(links=(Link("vhs", "Actor", "ORGANISES", "format-netzwerk", "Event"),)),
                 UnknownReferenceError, id="end-of-another-type"),
    pytest.param(GraphBatch(links=(Link("offer-sprachcafe", "Offer", "CONCERNS", "no_field", "FieldOfAction"),)),
                 UnknownReferenceError, id="unknown-field-end"),
])
def test_refused_writes_write_nothing(knowledge: GraphStore, batch: GraphBatch, error: type[Exception]) -> None:
    before = everything(knowledge)
    extra = Node("offer-new", "Offer", "Neu", properties={"status": "planned"})
    extra_link = Link("vhs", "Actor", "PROVIDES", "offer-new", "Offer")
    # The valid records beside the wrong one are not written either.
    whole = GraphBatch(fields=batch.fields, actors=batch.actors, relations=batch.relations,
                       nodes=(extra, *batch.nodes), links=(extra_link, *batch.links))
    with pytest.raises(error):
        knowledge.write(whole)
    assert everything(knowledge) == before
    assert knowledge.get_node("offer-new") is None


def test_unknown_end_names_the_missing_ids(knowledge: GraphStore) -> None:
    with pytest.raises(UnknownReferenceError) as info:
        knowledge.write(GraphBatch(links=(Link("vhs", "Actor", "ORGANISES", "event-nowhere", "Event"),)))
    assert info.value.missing == ("event-nowhere",) and "Event" in str(info.value)


def test_filtered_reads(knowledge: GraphStore) -> None:
    assert [n.id for n in knowledge.nodes(("Offer",))] == ["offer-kita", "offer-sprachcafe"]
    assert [n.id for n in knowledge.nodes(("Offer", "Region"))] == ["offer-kita", "offer-sprachcafe", "region-lb"]
    assert [n.id for n in knowledge.nodes(ids=["region-lb", "event-workshop", "vhs", "none"])] == [
        "event-workshop", "region-lb"]
    assert [n.id for n in knowledge.nodes(("Event",), ids=["region-lb", "event-workshop"])] == ["event-workshop"]
    assert knowledge.nodes(ids=[]) == []
    assert [n.id for n in knowledge.find_nodes_by_name("  Sprachcafé ")] == ["offer-sprachcafe"]
    assert knowledge.find_nodes_by_name("Sprachcafé", ("Event",)) == []
    assert knowledge.find_nodes_by_name("sprachcafé") == []
    # With node ids: links with at least one end among them, actors' and fields' ids included.
    assert [k.key for k in knowledge.links(["event-konferenz"])] == [
        ("document-bericht", "DOCUMENTS", "event-konferenz"),
        ("event-workshop", "PART_OF", "event-konferenz"),
        ("vhs", "ORGANISES", "event-konferenz"),
    ]
    assert [k.key for k in knowledge.links(["vhs", LB], types=("SERVES", "PROVIDES"))] == [
        ("offer-sprachcafe", "SERVES", LB), ("vhs", "PROVIDES", "offer-sprachcafe")]
    assert [k.key for k in knowledge.links(["language_education"])] == [
        ("offer-sprachcafe", "CONCERNS", "language_education")]
    assert knowledge.links([]) == [] and knowledge.links(types=("ADDRESSES",)) == []
    assert knowledge.types_of(["vhs", LB, "language_education", "offer-kita", "indicator-auslaender", "none"]) == {
        "vhs": "Actor", LB: "Actor", "language_education": "FieldOfAction", "offer-kita": "Offer",
        "indicator-auslaender": "Indicator",
    }
    assert knowledge.types_of([]) == {}


def test_stats_count_nodes_and_links(knowledge: GraphStore, vocabulary: Vocabulary) -> None:
    stats = knowledge.stats()
    assert stats.by_node_type == {
        "Actor": 2, "FieldOfAction": len(vocabulary.fields), "Region": 1, "Format": 1, "Event": 2, "Document": 1,
        "Offer": 2, "Programme": 1, "Recommendation": 1, "Indicator": 1,
    }
    assert stats.by_link_type == {"ORGANISES": 1, "PROVIDES": 1, "SERVES": 1, "CONCERNS": 1, "PART_OF": 1,
                                  "UNDER": 1, "MEASURED_FOR": 1, "DOCUMENTS": 1}
    assert stats.links == 8
    # The offer's SERVES link is not an actor's structure edge, nor a tie.
    assert (stats.actors, stats.relations, stats.municipalities) == (2, 1, 1)


def test_delete_node_removes_its_links(knowledge: GraphStore) -> None:
    assert knowledge.delete_node("event-konferenz") is True
    assert knowledge.get_node("event-konferenz") is None
    assert knowledge.links(["event-konferenz"]) == []
    assert len(knowledge.links()) == 5
    assert knowledge.delete_node("event-konferenz") is False
    assert knowledge.delete_node("vhs") is False and knowledge.get_actor("vhs") is not None


def test_delete_actor_removes_its_links(knowledge: GraphStore) -> None:
    assert knowledge.delete_actor("vhs") is True
    assert knowledge.links(["vhs"]) == []
    assert {k.type for k in knowledge.links()} == {"SERVES", "CONCERNS", "PART_OF", "UNDER", "MEASURED_FOR",
                                                   "DOCUMENTS"}
    assert len(knowledge.nodes()) == 10


# -- an embedded store file of the layout before nodes and links ----------------------------------------------
_OLD_LAYOUT = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE vocabulary_term (
    category TEXT NOT NULL, id TEXT NOT NULL, label_en TEXT NOT NULL, label_de TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '', source TEXT NOT NULL DEFAULT '', PRIMARY KEY (category, id));
CREATE TABLE field_of_action (
    id TEXT PRIMARY KEY, label_en TEXT NOT NULL, label_de TEXT NOT NULL, description TEXT NOT NULL DEFAULT '',
    provenance TEXT NOT NULL DEFAULT '', imported_at TEXT NOT NULL DEFAULT '', position INTEGER NOT NULL DEFAULT 0);
CREATE TABLE actor (
    id TEXT PRIMARY KEY, name TEXT NOT NULL, kind TEXT NOT NULL, town TEXT NOT NULL DEFAULT '',
    serves_district INTEGER NOT NULL DEFAULT 0, provenance TEXT NOT NULL DEFAULT '',
    imported_at TEXT NOT NULL DEFAULT '', properties TEXT NOT NULL DEFAULT '{}');
CREATE TABLE located_in (
    actor_id TEXT PRIMARY KEY REFERENCES actor (id) ON DELETE CASCADE,
    municipality_id TEXT NOT NULL REFERENCES actor (id) ON DELETE CASCADE);
CREATE TABLE serves (
    actor_id TEXT NOT NULL REFERENCES actor (id) ON DELETE CASCADE,
    municipality_id TEXT NOT NULL REFERENCES actor (id) ON DELETE CASCADE, PRIMARY KEY (actor_id, municipality_id));
CREATE TABLE works_on (
    actor_id TEXT NOT NULL REFERENCES actor (id) ON DELETE CASCADE,
    field_id TEXT NOT NULL REFERENCES field_of_action (id) ON DELETE CASCADE, PRIMARY KEY (actor_id, field_id));
CREATE TABLE relation (
    source TEXT NOT NULL REFERENCES actor (id) ON DELETE CASCADE, type TEXT NOT NULL,
    target TEXT NOT NULL REFERENCES actor (id) ON DELETE CASCADE,
    fields TEXT NOT NULL DEFAULT '[]', since TEXT, until TEXT, note TEXT NOT NULL DEFAULT '',
    provenance TEXT NOT NULL DEFAULT '', imported_at TEXT NOT NULL DEFAULT '',
    properties TEXT NOT NULL DEFAULT '{}', PRIMARY KEY (source, type, target));
CREATE TABLE import_log (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, imported_at TEXT NOT NULL, files TEXT NOT NULL,
    actors INTEGER NOT NULL, relations INTEGER NOT NULL, rows INTEGER NOT NULL, skipped INTEGER NOT NULL DEFAULT 0);
INSERT INTO meta VALUES ('schema_version', '1');
INSERT INTO field_of_action VALUES ('language_education', 'Language', 'Sprache', 'kept label', '', '', 1);
INSERT INTO actor VALUES
    ('ags-08118048', 'Ludwigsburg', 'municipality', 'Ludwigsburg', 0, 'old', '', '{"ags": "08118048"}');
INSERT INTO actor VALUES ('vhs', 'Volkshochschule', 'course_provider', 'Ludwigsburg', 1, 'old', '',
    '{"confirmed": "2024-05-02", "website": "https://vhs.example"}');
INSERT INTO located_in VALUES ('vhs', 'ags-08118048');
INSERT INTO works_on VALUES ('vhs', 'language_education');
INSERT INTO relation (source, type, target, note, provenance) VALUES ('vhs', 'advises', 'ags-08118048', 'n', 'old');
INSERT INTO import_log (imported_at, files, actors, relations, rows) VALUES ('2025-01-01', '["a.csv"]', 2, 1, 3);
"""


def _old_store(path: Path) -> None:
    with sqlite3.connect(path) as db:
        db.executescript(_OLD_LAYOUT)
    db.close()


def test_an_old_embedded_store_file_opens_initialises_and_keeps_its_rows(tmp_path: Path,
                                                                           vocabulary: Vocabulary) -> None:
    path = tmp_path / "old.sqlite"
    _old_store(path)
    with EmbeddedStore(path, vocabulary) as store:
        # Readable before initialise() runs: the new columns and tables were added on opening.
        vhs = store.get_actor("vhs")
        assert vhs is not None and vhs.municipality == LB and vhs.serves_district
        # A spreadsheet column "confirmed" the old importer kept as a property is now the field, value unchanged.
        assert vhs.confirmed == "2024-05-02" and dict(vhs.properties) == {"website": "https://vhs.example"}
        assert store.nodes() == [] and store.links() == []
        store.initialise()
        store.initialise()
        assert [a.id for a in store.actors()] == [LB, "vhs"]
        assert store.get_actor(LB) == Actor(LB, "Ludwigsburg", "municipality", town="Ludwigsburg",
                                            provenance="old", properties={"ags": "08118048"})
        assert [(r.key, r.note, r.confirmed) for r in store.relations()] == [(("vhs", "advises", LB), "n", "")]
        assert next(f for f in store.fields_of_action() if f.id == "language_education").description == "kept label"
        assert [r.files for r in store.last_imports()] == [("a.csv",)]
        store.write(GraphBatch(
            nodes=(Node("event-x", "Event", "Fest", properties={"kind": "other", "start": "2025-01-01"}),),
            links=(Link("vhs", "Actor", "ORGANISES", "event-x", "Event"),),
        ))
        assert [k.key for k in store.links()] == [("vhs", "ORGANISES", "event-x")]
    with sqlite3.connect(path) as db:
        columns = {r[1] for r in db.execute("PRAGMA table_info(actor)")}
        indexes = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    db.close()
    assert "confirmed" in columns
    assert {"node_type", "node_name", "link_target", "link_type"} <= indexes


def test_answer_runs_a_ready_question_in_the_backend(knowledge: GraphStore) -> None:
    assert knowledge.answer("recommendations_without_responsible") == [
        {"recommendation_id": "recommendation-sprache", "recommendation": "Mehr Sprachkurse für Eltern",
         "status": "open"},
    ]
    knowledge.write(GraphBatch(links=(Link("vhs", "Actor", "RESPONSIBLE_FOR", "recommendation-sprache",
                                           "Recommendation"),)))
    assert knowledge.answer("recommendations_without_responsible") == []
    with pytest.raises(ConfigurationError):
        knowledge.answer("no_such_question")

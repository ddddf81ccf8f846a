"""The GraphStore contract: every test runs against the embedded store and against a real Neo4j."""

from __future__ import annotations

import networkx as nx
import pytest

from graph.analysis.network import to_networkx
from graph.errors import ConfigurationError, UnknownReferenceError, VocabularyError
from graph.model.domain import Actor, ActorFilter, FieldOfAction, GraphBatch, Relation
from graph.store.base import GraphStore, ImportRecord

LB = "ags-08118048"  # Ludwigsburg
KW = "ags-08118046"  # Kornwestheim
TAMM = "ags-08118071"


def municipality(mid: str, name: str, population: int) -> Actor:
    return Actor(
        id=mid, name=name, kind="municipality", town=name, provenance="test",
        properties={"ags": mid.removeprefix("ags-"), "population": population, "population_date": "2023-12-31",
                    "lat": 48.89, "lon": 9.19},
    )


def base_actors() -> list[Actor]:
    return [
        municipality(LB, "Ludwigsburg", 94859),
        municipality(KW, "Kornwestheim", 34177),
        municipality(TAMM, "Tamm", 12726),
        Actor(id="lra", name="Landratsamt – Stabsstelle Integration", kind="district_office", municipality=LB,
              town="Ludwigsburg", serves_district=True, fields=("language_education", "work_training"),
              provenance="https://example.org/lra"),
        Actor(id="vhs", name="Volkshochschule Ludwigsburg", kind="course_provider", municipality=LB,
              town="Ludwigsburg", serves=(LB, KW), fields=("language_education",), provenance="test",
              properties={"website": "https://vhs.example", "courses": 300}),
        Actor(id="fk-tamm", name="Freundeskreis Asyl Tamm", kind="volunteer_group", municipality=TAMM,
              town="Tamm", serves=(TAMM,), fields=("language_education", "culture_leisure_sport"),
              provenance="illustrative"),
        Actor(id="jc", name="Jobcenter Landkreis Ludwigsburg", kind="employment_agency", municipality=LB,
              town="Ludwigsburg", serves_district=True, fields=("work_training",), provenance="test"),
        Actor(id="isolated", name="Kulturverein Kornwestheim", kind="migrant_organisation", municipality=KW,
              town="Kornwestheim", fields=("culture_leisure_sport",), provenance="test"),
    ]


def base_relations() -> list[Relation]:
    return [
        Relation("lra", "coordinates", "vhs", fields=("language_education",), since="2019-05-01",
                 provenance="test", note="Kursträgertreffen"),
        Relation("vhs", "cooperates_with", "fk-tamm", fields=("language_education",), provenance="illustrative"),
        Relation("jc", "refers_to", "vhs", fields=("language_education", "work_training"), provenance="test"),
        Relation("lra", "advises", LB, provenance="test"),
        Relation("lra", "exchanges_with", "jc", provenance="test"),
    ]


@pytest.fixture
def filled(store: GraphStore) -> GraphStore:
    store.write(GraphBatch(actors=tuple(base_actors()), relations=tuple(base_relations())))
    return store


def snapshot(store: GraphStore) -> tuple[object, ...]:
    """Everything observable through the interface."""
    return (
        store.stats(),
        tuple(store.actors()),
        tuple(store.relations()),
        tuple(store.fields_of_action()),
    )


# -- initialisation -------------------------------------------------------------------------------------
def test_initialise_writes_the_fields_of_action_and_is_idempotent(store: GraphStore) -> None:
    assert store.is_initialised()
    store.initialise()
    fields = store.fields_of_action()
    assert [f.id for f in fields] == [
        "housing_living_together", "language_education", "work_training", "culture_leisure_sport",
    ]
    assert fields[1].label_de == "Sprache und Bildung"
    assert store.stats().fields_of_action == 4
    assert store.stats().actors == 0


# -- upserts --------------------------------------------------------------------------------------------
def test_upserted_actor_reads_back_equal(filled: GraphStore) -> None:
    expected = {a.id: a for a in base_actors()}
    for actor_id, actor in expected.items():
        assert filled.get_actor(actor_id) == actor


def test_upserted_ties_read_back_equal(filled: GraphStore) -> None:
    assert filled.relations() == sorted(base_relations(), key=lambda r: r.key)


def test_upsert_of_a_field_of_action_updates_its_labels(store: GraphStore) -> None:
    store.upsert_fields([FieldOfAction("work_training", "Work", "Arbeit", "changed", "test")])
    field = next(f for f in store.fields_of_action() if f.id == "work_training")
    assert (field.label_en, field.label_de, field.description) == ("Work", "Arbeit", "changed")
    assert store.stats().fields_of_action == 4


def test_re_upsert_changes_nothing(filled: GraphStore) -> None:
    before = snapshot(filled)
    filled.write(GraphBatch(actors=tuple(base_actors()), relations=tuple(base_relations())))
    filled.upsert_actors(base_actors())
    assert snapshot(filled) == before


def test_update_changes_properties_and_drops_removed_ones(filled: GraphStore) -> None:
    vhs = filled.get_actor("vhs")
    assert vhs is not None and vhs.properties["courses"] == 300
    filled.upsert_actors([Actor(id="vhs", name="vhs Ludwigsburg", kind="course_provider", municipality=LB,
                                town="Ludwigsburg", provenance="update", properties={"courses": 301})])
    updated = filled.get_actor("vhs")
    assert updated is not None
    assert updated.name == "vhs Ludwigsburg"
    assert dict(updated.properties) == {"courses": 301}
    assert updated.provenance == "update"
    # The row is authoritative for structure: no fields, no served towns any more.
    assert updated.fields == () and updated.serves == ()
    # Ties survive an update of their ends.
    assert len(filled.relations(["vhs", "lra", "jc", "fk-tamm"])) == 4


def test_update_of_a_tie_keeps_one_tie(filled: GraphStore) -> None:
    filled.upsert_relations([Relation("lra", "coordinates", "vhs", note="neu", provenance="update")])
    ties = [r for r in filled.relations() if r.key == ("lra", "coordinates", "vhs")]
    assert len(ties) == 1
    assert ties[0].note == "neu" and ties[0].fields == () and ties[0].since is None
    assert filled.stats().relations == 5


def test_two_types_between_the_same_pair_are_two_ties(filled: GraphStore) -> None:
    filled.upsert_relations([Relation("lra", "funds", "vhs", provenance="test")])
    types = {r.type for r in filled.relations(["lra", "vhs"])}
    assert types == {"coordinates", "funds"}


def test_property_values_keep_their_types(store: GraphStore) -> None:
    props = {"count": 7, "share": 21.51, "active": True, "tags": ("a", "ä"), "text": "„Zitat“ – 5 €"}
    store.upsert_actors([Actor(id="x", name="X", kind="other", properties=props)])
    got = store.get_actor("x")
    assert got is not None and dict(got.properties) == props
    assert isinstance(got.properties["count"], int) and isinstance(got.properties["active"], bool)


def test_hostile_text_is_stored_verbatim_and_changes_nothing_else(filled: GraphStore) -> None:
    before = snapshot(filled)
    hostile = [
        "x'}) MATCH (n) DETACH DELETE n //",
        'Robert"); DROP TABLE actor; --',
        "`Actor` ` `) SET n.name = 'pwned'",
        "<img src=x onerror=alert(1)> <script>alert('x')</script>",
        "$param {id: 1} \\u0027 \\n",
    ]
    actors = [Actor(id=f"h{i}", name=text, kind="other", town=text, provenance=text,
                    properties={"notes": text}) for i, text in enumerate(hostile)]
    store_ties = [Relation("h0", "cooperates_with", "h1", note=hostile[2], provenance=hostile[3])]
    filled.write(GraphBatch(actors=tuple(actors), relations=tuple(store_ties)))
    for actor in actors:
        assert filled.get_actor(actor.id) == actor
    assert filled.relations(["h0", "h1"])[0].note == hostile[2]
    for actor in actors:
        assert filled.delete_actor(actor.id)
    assert snapshot(filled) == before


# -- deletion -------------------------------------------------------------------------------------------
def test_deleting_an_actor_removes_its_ties(filled: GraphStore) -> None:
    assert filled.delete_actor("vhs") is True
    assert filled.get_actor("vhs") is None
    assert all("vhs" not in (r.source, r.target) for r in filled.relations())
    assert filled.stats().relations == 2
    assert filled.stats().actors == 7


def test_deleting_a_municipality_removes_seats_and_served_links(filled: GraphStore) -> None:
    assert filled.delete_actor(KW)
    vhs = filled.get_actor("vhs")
    isolated = filled.get_actor("isolated")
    assert vhs is not None and vhs.serves == (LB,)
    assert isolated is not None and isolated.municipality is None and isolated.town == "Kornwestheim"


def test_deleting_an_unknown_actor_says_so(filled: GraphStore) -> None:
    assert filled.delete_actor("nobody") is False
    assert filled.stats().actors == 8


# -- reads ----------------------------------------------------------------------------------------------
def test_get_by_id_of_an_unknown_actor_is_none(filled: GraphStore) -> None:
    assert filled.get_actor("nobody") is None
    assert filled.get_actor("") is None


def test_find_actors_by_exact_name(filled: GraphStore) -> None:
    assert [a.id for a in filled.find_actors_by_name("  Jobcenter Landkreis Ludwigsburg ")] == ["jc"]
    assert filled.find_actors_by_name("Jobcenter") == []


def test_neighbourhood_depth_one(filled: GraphStore) -> None:
    sub = filled.neighbourhood("vhs", 1)
    assert sub.actor_ids() == {"vhs", "lra", "fk-tamm", "jc"}
    assert {r.key for r in sub.relations} == {
        ("lra", "coordinates", "vhs"), ("vhs", "cooperates_with", "fk-tamm"), ("jc", "refers_to", "vhs"),
        ("lra", "exchanges_with", "jc"),
    }


def test_neighbourhood_depth_two_and_zero(filled: GraphStore) -> None:
    assert filled.neighbourhood("fk-tamm", 1).actor_ids() == {"fk-tamm", "vhs"}
    assert filled.neighbourhood("fk-tamm", 2).actor_ids() == {"fk-tamm", "vhs", "lra", "jc"}
    assert filled.neighbourhood("fk-tamm", 3).actor_ids() == {"fk-tamm", "vhs", "lra", "jc", LB}
    assert filled.neighbourhood("fk-tamm", 0).actor_ids() == {"fk-tamm"}
    assert filled.neighbourhood("isolated", 3).actor_ids() == {"isolated"}


def test_neighbourhood_follows_ties_not_structure(filled: GraphStore) -> None:
    # Tamm is the volunteer group's seat (LOCATED_IN), not a tie.
    assert TAMM not in filled.neighbourhood("fk-tamm", 1).actor_ids()


def test_neighbourhood_of_an_unknown_actor_is_empty(filled: GraphStore) -> None:
    sub = filled.neighbourhood("nobody", 2)
    assert sub.actors == () and sub.relations == ()


@pytest.mark.parametrize("depth", [-1, 6, 1.5, True])
def test_neighbourhood_refuses_a_bad_depth(filled: GraphStore, depth: object) -> None:
    with pytest.raises(ConfigurationError):
        filled.neighbourhood("vhs", depth)  # type: ignore[arg-type]


def test_filter_by_kind(filled: GraphStore) -> None:
    got = filled.actors(ActorFilter(kinds=("municipality",)))
    assert [a.id for a in got] == sorted([LB, KW, TAMM])
    got = filled.actors(ActorFilter(kinds=("course_provider", "volunteer_group")))
    assert [a.id for a in got] == ["fk-tamm", "vhs"]


def test_filter_by_field_of_action(filled: GraphStore) -> None:
    got = filled.actors(ActorFilter(fields=("culture_leisure_sport",)))
    assert [a.id for a in got] == ["fk-tamm", "isolated"]
    got = filled.actors(ActorFilter(fields=("work_training", "culture_leisure_sport")))
    assert [a.id for a in got] == ["fk-tamm", "isolated", "jc", "lra"]


def test_filter_by_municipality(filled: GraphStore) -> None:
    # Seated in Kornwestheim, serving it, or Kornwestheim itself.
    assert [a.id for a in filled.actors(ActorFilter(municipalities=(KW,)))] == [KW, "isolated", "vhs"]
    wide = filled.actors(ActorFilter(municipalities=(KW,), include_district_wide=True))
    assert [a.id for a in wide] == [KW, "isolated", "jc", "lra", "vhs"]


def test_filters_combine(filled: GraphStore) -> None:
    where = ActorFilter(kinds=("course_provider", "migrant_organisation"), fields=("language_education",),
                        municipalities=(KW,))
    assert [a.id for a in filled.actors(where)] == ["vhs"]
    sub = filled.subgraph(ActorFilter(fields=("language_education",)))
    assert sub.actor_ids() == {"lra", "vhs", "fk-tamm"}
    assert {r.key for r in sub.relations} == {("lra", "coordinates", "vhs"), ("vhs", "cooperates_with", "fk-tamm")}


def test_relations_among_given_actors_and_of_given_types(filled: GraphStore) -> None:
    assert [r.key for r in filled.relations(["lra", "jc"])] == [("lra", "exchanges_with", "jc")]
    assert [r.key for r in filled.relations(types=["refers_to"])] == [("jc", "refers_to", "vhs")]
    assert filled.relations([]) == []


def test_counts(filled: GraphStore) -> None:
    stats = filled.stats()
    assert stats.as_dict() == {
        "actors": 8,
        "relations": 5,
        "municipalities": 3,
        "fields_of_action": 4,
        "by_kind": {"course_provider": 1, "district_office": 1, "employment_agency": 1, "migrant_organisation": 1,
                    "municipality": 3, "volunteer_group": 1},
        "by_relation_type": {"advises": 1, "cooperates_with": 1, "coordinates": 1, "exchanges_with": 1,
                             "refers_to": 1},
        # Every node type of the schema, with 0 when the store has none; links only of the types present.
        "by_node_type": {"Actor": 8, "Document": 0, "Event": 0, "FieldOfAction": 4, "Format": 0, "Indicator": 0,
                         "Offer": 0, "Programme": 0, "Recommendation": 0, "Region": 0},
        "links": 0,
        "by_link_type": {},
    }


def test_conversion_to_networkx(filled: GraphStore) -> None:
    graph = to_networkx(filled.subgraph())
    assert isinstance(graph, nx.MultiDiGraph)
    assert graph.number_of_nodes() == 8 and graph.number_of_edges() == 5
    assert graph.nodes["vhs"]["kind"] == "course_provider"
    assert graph.nodes["vhs"]["courses"] == 300
    assert graph.nodes["fk-tamm"]["municipality"] == TAMM
    assert graph.edges["lra", "vhs", "coordinates"]["since"] == "2019-05-01"
    assert set(nx.isolates(graph)) == {KW, TAMM, "isolated"}
    part = to_networkx(filled.subgraph(ActorFilter(kinds=("course_provider", "employment_agency"))))
    assert set(part.nodes) == {"vhs", "jc"} and list(part.edges(keys=True)) == [("jc", "vhs", "refers_to")]


def test_import_records_are_kept_newest_first(store: GraphStore) -> None:
    store.record_import(ImportRecord("2026-01-01T10:00:00+00:00", ("a.csv",), 3, 2, 5))
    store.record_import(ImportRecord("2026-01-02T10:00:00+00:00", ("b.csv", "c.csv"), 1, 0, 1, skipped=2))
    records = store.last_imports()
    assert [r.files for r in records] == [("b.csv", "c.csv"), ("a.csv",)]
    assert records[0].skipped == 2


# -- atomicity and refusal --------------------------------------------------------------------------------
def test_a_batch_failing_midway_leaves_the_store_as_it_was(filled: GraphStore) -> None:
    before = snapshot(filled)
    batch = GraphBatch(
        fields=(FieldOfAction("work_training", "W", "A", "changed"),),
        actors=(
            Actor(id="new1", name="Neu 1", kind="other"),
            Actor(id="vhs", name="renamed", kind="course_provider"),
        ),
        # The actors above are written first; this tie's missing end fails the batch afterwards.
        relations=(Relation("new1", "cooperates_with", "vhs"), Relation("new1", "funds", "missing-actor")),
    )
    with pytest.raises(UnknownReferenceError) as info:
        filled.write(batch)
    assert "missing-actor" in info.value.missing
    assert snapshot(filled) == before


def test_an_unknown_field_or_seat_fails_the_whole_batch(filled: GraphStore) -> None:
    before = snapshot(filled)
    with pytest.raises(UnknownReferenceError):
        filled.upsert_actors([Actor(id="a", name="A", kind="other"),
                              Actor(id="b", name="B", kind="other", fields=("no_such_field",))])
    with pytest.raises(UnknownReferenceError):
        filled.upsert_actors([Actor(id="a", name="A", kind="other", municipality="ags-00000000")])
    assert snapshot(filled) == before


def test_kinds_and_types_outside_the_vocabulary_are_refused_before_any_write(filled: GraphStore) -> None:
    before = snapshot(filled)
    with pytest.raises(VocabularyError):
        filled.upsert_actors([Actor(id="a", name="A", kind="other"), Actor(id="b", name="B", kind="Actor`) //")])
    with pytest.raises(VocabularyError):
        filled.upsert_relations([Relation("lra", "KNOWS]->() DETACH DELETE n //", "vhs")])
    assert snapshot(filled) == before

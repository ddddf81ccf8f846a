"""The ready questions (graph.store.questions): each answered by one query, with the same rows on the embedded
store and on a real Neo4j, checked exactly on a small graph built for them."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest

from graph.errors import ConfigurationError
from graph.language import LANGUAGES
from graph.model.domain import ILLUSTRATIVE, Actor, GraphBatch
from graph.model.knowledge import Link, Node
from graph.model.schema import Schema
from graph.model.vocabulary import Vocabulary
from graph.store.base import GraphStore
from graph.store.questions import (
    QUESTIONS,
    Column,
    cell_text,
    embedded_query,
    neo4j_query,
    question_words,
    resolve_parameters,
)

TODAY = "2026-12-03"
SOURCE = "https://www.landkreis-ludwigsburg.de/integration"


def _town(mid: str, name: str, ags: str) -> Actor:
    return Actor(mid, name, "municipality", town=name, provenance=SOURCE, properties={"ags": ags})


ACTORS = (
    _town("ags-08118003", "Asperg", "08118003"),
    _town("ags-08118048", "Ludwigsburg", "08118048"),
    _town("ags-08118079", "Bietigheim-Bissingen", "08118079"),
    Actor("lra", "Landratsamt Ludwigsburg", "district_office", municipality="ags-08118048", serves_district=True),
    Actor("vhs", "Volkshochschule Ludwigsburg", "course_provider", municipality="ags-08118048"),
    Actor("caritas", "Caritas Ludwigsburg", "welfare_organisation", municipality="ags-08118048"),
    Actor("bamf", "Bundesamt für Migration und Flüchtlinge", "federal_agency"),
    Actor("verein", "Arbeitskreis Asyl Asperg", "volunteer_group", municipality="ags-08118003"),
    Actor("moschee", "Ditib Moschee Asperg", "religious_community", municipality="ags-08118003"),
)


def _node(node_id: str, node_type: str, name: str, **properties: object) -> Node:
    return Node(node_id, node_type, name, SOURCE, properties=properties)  # type: ignore[arg-type]


NODES = (
    _node("format-treffen", "Format", "Austauschtreffen Integrationsbeauftragte", kind="exchange_meeting"),
    _node("format-newsletter", "Format", "Newsletter Integration", kind="newsletter"),
    _node("format-ak", "Format", "Arbeitskreis Sprache", kind="working_group"),
    _node("event-konferenz", "Event", "Integrationskonferenz 2020", kind="conference", start="2020-11-09"),
    _node("event-auftakt", "Event", "Auftakt", kind="kick_off", start="2020-11-09"),
    _node("event-panel", "Event", "Panel Sprache", kind="panel", start="2020-11-10"),
    _node("event-treffen-1", "Event", "Austauschtreffen Frühjahr", kind="meeting", start="2025-03-01"),
    _node("event-treffen-2", "Event", "Austauschtreffen Herbst", kind="meeting", start="2025-09-01"),
    _node("event-fachtag", "Event", "Fachtag Ehrenamt", kind="workshop", start="2024-05-01"),
    _node("event-zukunft", "Event", "Inklusionskonferenz 2027", kind="conference", start="2027-01-20"),
    _node("document-bericht", "Document", "Integrationsbericht 2021", kind="report", date="2021-05-17"),
    _node("document-protokoll", "Document", "Protokoll Frühjahr", kind="other", date="2025-03-02"),
    _node("document-ausgabe", "Document", "Newsletter 1/2025", kind="newsletter_issue"),
    _node("recommendation-kurse", "Recommendation", "Sprachkurse ausbauen", status="open"),
    _node("recommendation-mittlung", "Recommendation", "Sprachmittlung sichern", status="open"),
    _node("recommendation-wohnen", "Recommendation", "Wohnraum für Geflüchtete", status="in_progress"),
    _node("offer-kurs", "Offer", "Integrationskurs", status="offered", end="2027-06-30"),
    _node("offer-cafe", "Offer", "Sprachcafé", status="planned", end="2027-01-15"),
    _node("offer-alt", "Offer", "Frauenkurs", status="ended", end="2027-02-01"),
    _node("offer-lang", "Offer", "Berufssprachkurs", status="offered", end="2028-12-31"),
    _node("offer-heute", "Offer", "Wohnberatung", status="offered", end=TODAY),
    _node("offer-gratis", "Offer", "Kostenlose Deutschkurse bis B1/B2", status="not_offered", district_wide=True),
    _node("offer-job", "Offer", "Jobcoaching", status="planned", district_wide=True),
    _node("offer-wohnen", "Offer", "Wohnraumbörse", status="offered", district_wide=True),
)


def _link(source: str, source_type: str, link_type: str, target: str, target_type: str) -> Link:
    return Link(source, source_type, link_type, target, target_type, SOURCE)


LINKS = (
    _link("lra", "Actor", "ORGANISES", "format-treffen", "Format"),
    _link("vhs", "Actor", "TAKES_PART_IN", "format-treffen", "Format"),
    _link("vhs", "Actor", "TAKES_PART_IN", "event-treffen-1", "Event"),
    _link("caritas", "Actor", "TAKES_PART_IN", "event-treffen-1", "Event"),
    _link("caritas", "Actor", "TAKES_PART_IN", "event-treffen-2", "Event"),
    _link("bamf", "Actor", "TAKES_PART_IN", "format-newsletter", "Format"),
    # An event of no format: taking part in it is no format.
    _link("verein", "Actor", "TAKES_PART_IN", "event-konferenz", "Event"),
    _link("ags-08118003", "Actor", "TAKES_PART_IN", "event-konferenz", "Event"),
    _link("event-treffen-1", "Event", "INSTANCE_OF", "format-treffen", "Format"),
    _link("event-treffen-2", "Event", "INSTANCE_OF", "format-treffen", "Format"),
    _link("event-auftakt", "Event", "PART_OF", "event-konferenz", "Event"),
    _link("event-panel", "Event", "PART_OF", "event-auftakt", "Event"),
    _link("document-bericht", "Document", "DOCUMENTS", "event-konferenz", "Event"),
    _link("document-protokoll", "Document", "DOCUMENTS", "event-treffen-1", "Event"),
    # A newsletter issue documents the format, not an event.
    _link("document-ausgabe", "Document", "DOCUMENTS", "format-newsletter", "Format"),
    _link("lra", "Actor", "RESPONSIBLE_FOR", "recommendation-kurse", "Recommendation"),
    _link("recommendation-kurse", "Recommendation", "CONCERNS", "language_education", "FieldOfAction"),
    _link("recommendation-mittlung", "Recommendation", "CONCERNS", "language_education", "FieldOfAction"),
    _link("recommendation-wohnen", "Recommendation", "CONCERNS", "housing_living_together", "FieldOfAction"),
    _link("offer-kurs", "Offer", "CONCERNS", "language_education", "FieldOfAction"),
    _link("offer-kurs", "Offer", "SERVES", "ags-08118003", "Actor"),
    _link("offer-heute", "Offer", "CONCERNS", "housing_living_together", "FieldOfAction"),
    _link("offer-heute", "Offer", "SERVES", "ags-08118048", "Actor"),
    _link("offer-gratis", "Offer", "CONCERNS", "language_education", "FieldOfAction"),
    _link("offer-job", "Offer", "CONCERNS", "work_training", "FieldOfAction"),
    _link("offer-wohnen", "Offer", "CONCERNS", "housing_living_together", "FieldOfAction"),
    _link("vhs", "Actor", "PROVIDES", "offer-kurs", "Offer"),
)


@pytest.fixture
def graph(store: GraphStore) -> GraphStore:
    """The store of each backend holding the small graph above."""
    store.write(GraphBatch(actors=ACTORS, nodes=NODES, links=LINKS))
    return store


def _ids(rows: list[dict[str, object]], column: str) -> list[object]:
    return [row[column] for row in rows]


def test_actors_without_format(graph: GraphStore) -> None:
    rows = graph.answer("actors_without_format")
    assert rows == [
        {"actor_id": "verein", "actor": "Arbeitskreis Asyl Asperg", "kind": "volunteer_group"},
        {"actor_id": "moschee", "actor": "Ditib Moschee Asperg", "kind": "religious_community"},
    ]


def test_recommendations_without_responsible(graph: GraphStore) -> None:
    assert graph.answer("recommendations_without_responsible") == [
        {"recommendation_id": "recommendation-mittlung", "recommendation": "Sprachmittlung sichern", "status": "open"},
        {"recommendation_id": "recommendation-wohnen", "recommendation": "Wohnraum für Geflüchtete",
         "status": "in_progress"},
    ]
    only = graph.answer("recommendations_without_responsible", field="language_education")
    assert _ids(only, "recommendation_id") == ["recommendation-mittlung"]
    assert graph.answer("recommendations_without_responsible", field="culture_leisure_sport") == []


def test_offers_ending_within(graph: GraphStore) -> None:
    # Offered or planned, ending from today (included) to a year later; ended offers and later ends stay out.
    assert graph.answer("offers_ending_within", today=TODAY) == [
        {"offer_id": "offer-heute", "offer": "Wohnberatung", "status": "offered", "ends": TODAY},
        {"offer_id": "offer-cafe", "offer": "Sprachcafé", "status": "planned", "ends": "2027-01-15"},
        {"offer_id": "offer-kurs", "offer": "Integrationskurs", "status": "offered", "ends": "2027-06-30"},
    ]
    assert _ids(graph.answer("offers_ending_within", today=TODAY, days=30), "offer_id") == ["offer-heute"]
    assert _ids(graph.answer("offers_ending_within", today="2027-01-16", days="900"), "offer_id") == [
        "offer-kurs", "offer-lang"]


def test_municipalities_without_offer(graph: GraphStore) -> None:
    language = graph.answer("municipalities_without_offer", field="language_education")
    # The absent (not offered) district-wide course counts for nothing; Asperg has its Integrationskurs.
    assert language == [
        {"municipality_id": "ags-08118079", "municipality": "Bietigheim-Bissingen", "ags": "08118079"},
        {"municipality_id": "ags-08118048", "municipality": "Ludwigsburg", "ags": "08118048"},
    ]
    # A planned district-wide offer is no offer yet.
    assert _ids(graph.answer("municipalities_without_offer", field="work_training"), "municipality") == [
        "Asperg", "Bietigheim-Bissingen", "Ludwigsburg"]
    # An offered district-wide offer serves every municipality.
    assert graph.answer("municipalities_without_offer", field="housing_living_together") == []
    assert graph.answer("municipalities_without_offer") == []
    assert graph.delete_node("offer-wohnen")
    assert _ids(graph.answer("municipalities_without_offer"), "municipality_id") == ["ags-08118079"]
    # An illustrative offer serves no one, as in the gap matrix.
    graph.write(GraphBatch(nodes=(Node("offer-demo", "Offer", "Demo-Kurs", provenance=ILLUSTRATIVE,
                                       properties={"status": "offered", "district_wide": True}),)))
    assert _ids(graph.answer("municipalities_without_offer"), "municipality_id") == ["ags-08118079"]


def test_formats_by_participants(graph: GraphStore) -> None:
    # Caritas takes part in two meetings and the VHS in the format and a meeting: each counts once; the district
    # office organises, which is not taking part.
    assert graph.answer("formats_by_participants") == [
        {"format_id": "format-treffen", "format": "Austauschtreffen Integrationsbeauftragte",
         "kind": "exchange_meeting", "participants": 2, "events": 2},
        {"format_id": "format-newsletter", "format": "Newsletter Integration", "kind": "newsletter",
         "participants": 1, "events": 0},
        {"format_id": "format-ak", "format": "Arbeitskreis Sprache", "kind": "working_group", "participants": 0,
         "events": 0},
    ]


def test_events_without_documents(graph: GraphStore) -> None:
    # The conference's report documents its kick-off and the kick-off's panel too; a future event is not asked.
    assert graph.answer("events_without_documents", today=TODAY) == [
        {"event_id": "event-fachtag", "event": "Fachtag Ehrenamt", "start": "2024-05-01"},
        {"event_id": "event-treffen-2", "event": "Austauschtreffen Herbst", "start": "2025-09-01"},
    ]
    later = graph.answer("events_without_documents", today="2027-12-31")
    assert _ids(later, "event_id") == ["event-fachtag", "event-treffen-2", "event-zukunft"]


def test_an_empty_store_answers_every_question_with_no_rows(store: GraphStore) -> None:
    for question_id in QUESTIONS:
        assert store.answer(question_id) == []


#: Parameters under which each question has rows in the graph above.
_SOME_ROWS: dict[str, dict[str, object]] = {
    "offers_ending_within": {"today": TODAY},
    "events_without_documents": {"today": TODAY},
    "municipalities_without_offer": {"field": "language_education"},
}


@pytest.mark.parametrize("question_id", list(QUESTIONS))
def test_the_rows_have_the_declared_columns_in_order(graph: GraphStore, question_id: str) -> None:
    rows = graph.answer(question_id, **_SOME_ROWS.get(question_id, {}))
    assert rows, question_id
    assert all(tuple(row) == QUESTIONS[question_id].column_names for row in rows)


# -- the definitions, without a store ------------------------------------------------------------------------


def test_defaults() -> None:
    assert resolve_parameters("offers_ending_within", {}) == {"today": dt.date.today().isoformat(), "days": 365}
    assert resolve_parameters("municipalities_without_offer", {"field": " "}) == {"field": None}
    assert resolve_parameters("offers_ending_within", {"today": dt.date(2026, 1, 2), "days": "0"}) == {
        "today": "2026-01-02", "days": 0}


@pytest.mark.parametrize(("question_id", "params"), [
    ("no_such_question", {}),
    ("actors_without_format", {"field": "language_education"}),
    ("offers_ending_within", {"today": "03.12.2026"}),
    ("offers_ending_within", {"days": -1}),
    ("offers_ending_within", {"days": "ein Jahr"}),
    ("offers_ending_within", {"days": True}),
    ("offers_ending_within", {"days": 100_000}),
    ("municipalities_without_offer", {"field": "Sprache'); DROP TABLE actor; --"}),
    ("recommendations_without_responsible", {"field": 3}),
])
def test_bad_questions_and_parameters_are_configuration_errors(question_id: str, params: dict[str, object],
                                                               vocabulary: Vocabulary) -> None:
    with pytest.raises(ConfigurationError):
        embedded_query(question_id, params)
    with pytest.raises(ConfigurationError):
        neo4j_query(question_id, params, vocabulary.schema)


@pytest.mark.parametrize("question_id", list(QUESTIONS))
def test_each_question_is_one_statement_with_every_value_a_parameter(question_id: str,
                                                                     vocabulary: Vocabulary) -> None:
    sql, values = embedded_query(question_id, {"field": "language_education"} if QUESTIONS[question_id].parameters
                                 and QUESTIONS[question_id].parameters[0].name == "field" else {})
    assert sqlite3.complete_statement(sql + ";") and ";" not in sql
    assert sql.count("?") == len(values)
    assert "language_education" not in sql and "'Actor'" not in sql and "offered" not in sql
    cypher, params = neo4j_query(question_id, {}, vocabulary.schema)
    assert ";" not in cypher and "'" not in cypher.replace("coalesce(e.start, '')", "")
    assert {name for name in params} <= {"today", "days", "until", "field", "municipality", "offered", "statuses",
                                          "illustrative"}


def test_a_schema_without_the_types_cannot_ask_about_them() -> None:
    from graph.errors import VocabularyError

    with pytest.raises(VocabularyError):
        neo4j_query("formats_by_participants", {}, Schema.minimal())


@pytest.mark.parametrize("language", list(LANGUAGES))
def test_every_question_has_its_words(language: str) -> None:
    words = question_words(language)
    for q in QUESTIONS.values():
        assert words[q.msgid] and words[q.help_msgid]
        assert all(words[p.msgid] for p in q.parameters)
        assert all(words[c.msgid] for c in q.columns)
    assert question_words("de")["questions.title.actors_without_format"] != question_words("en")[
        "questions.title.actors_without_format"]


def test_cell_text(vocabulary: Vocabulary) -> None:
    assert cell_text(Column("kind", "actor_kind"), "district_office", vocabulary, "de") == "Landratsamt"
    assert cell_text(Column("status", "term:offer_status"), "not_offered", vocabulary, "en") == \
        "Confirmed not offered"
    assert cell_text(Column("ends", "date"), "2027-06-30", vocabulary, "de") == "30.06.2027"
    assert cell_text(Column("participants", "number"), 1200, vocabulary, "de") == "1.200"
    assert cell_text(Column("ags"), None, vocabulary, "de") == "–"

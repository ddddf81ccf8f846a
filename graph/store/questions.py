"""Ready questions a planner asks of the knowledge graph, each answered by one query on the backend.

A :class:`Question` names its words (message ids of the catalogues), its parameters with their defaults and
the columns of its answer. :func:`embedded_query` gives the SQL for the embedded store (tables ``node``,
``link``, ``actor``; node properties read with ``json_extract``), :func:`neo4j_query` the Cypher for Neo4j
(labels and relationship types through :meth:`Schema.neo4j_label` / :meth:`Schema.neo4j_link_type`). Every
value is a parameter, type names included; both queries return the same columns in the same order
(``ORDER BY`` in the query), so :meth:`GraphStore.answer` gives the same rows on both backends and the graph
is never pulled into Python to answer a question.

Dates are ISO strings (``YYYY-MM-DD``), which compare as text on both backends.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import LiteralString

from graph.errors import ConfigurationError
from graph.language import format_date, format_number, phrasebook
from graph.model.domain import ILLUSTRATIVE
from graph.model.schema import Schema
from graph.model.vocabulary import MUNICIPALITY_KIND, Vocabulary

__all__ = [
    "QUESTIONS", "Column", "Parameter", "Question", "cell_text", "embedded_query", "neo4j_query", "question",
    "question_words", "resolve_parameters",
]

#: The most days an offer's end may lie ahead (a hundred years): more is a typing error.
MAX_DAYS = 36_500
_FIELD_ID = re.compile(r"[a-z][a-z0-9_]{0,62}")


@dataclass(frozen=True)
class Parameter:
    """A parameter of a question. ``kind``: ``date`` (ISO date; no default means today), ``days`` (a whole
    number from 0 to :data:`MAX_DAYS`) or ``field`` (a field-of-action id; None means any field)."""

    name: str
    kind: str
    default: object = None

    @property
    def msgid(self) -> str:
        return f"questions.param.{self.name}"


@dataclass(frozen=True)
class Column:
    """A column of an answer. ``values`` says how a value reads: ``text``, ``id``, ``date``, ``number``,
    ``actor_kind`` (an actor kind) or ``term:<vocabulary>`` (a term of the schema's property vocabularies)."""

    name: str
    values: str = "text"

    @property
    def msgid(self) -> str:
        return "questions.column.id" if self.values == "id" else f"questions.column.{self.name}"


@dataclass(frozen=True)
class Question:
    """A ready question: its id, its parameters, the columns of its answer and the node type of its rows
    (``subject``, whose id is in the column ``id_column``)."""

    id: str
    parameters: tuple[Parameter, ...]
    columns: tuple[Column, ...]
    subject: str
    id_column: str

    @property
    def msgid(self) -> str:
        """The message id of the question's words; ``…_help`` (see :attr:`help_msgid`) explains what counts."""
        return f"questions.title.{self.id}"

    @property
    def help_msgid(self) -> str:
        return f"questions.help.{self.id}"

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)


_TODAY = Parameter("today", "date")
_FIELD = Parameter("field", "field")

#: The ready questions by id, in the order the overview lists them.
QUESTIONS: Mapping[str, Question] = MappingProxyType({q.id: q for q in (
    Question("actors_without_format", (),
             (Column("actor_id", "id"), Column("actor"), Column("kind", "actor_kind")), "Actor", "actor_id"),
    Question("recommendations_without_responsible", (_FIELD,),
             (Column("recommendation_id", "id"), Column("recommendation"),
              Column("status", "term:recommendation_status")), "Recommendation", "recommendation_id"),
    Question("offers_ending_within", (_TODAY, Parameter("days", "days", 365)),
             (Column("offer_id", "id"), Column("offer"), Column("status", "term:offer_status"),
              Column("ends", "date")), "Offer", "offer_id"),
    Question("municipalities_without_offer", (_FIELD,),
             (Column("municipality_id", "id"), Column("municipality"), Column("ags")), "Actor", "municipality_id"),
    Question("formats_by_participants", (),
             (Column("format_id", "id"), Column("format"), Column("kind", "term:format_kinds"),
              Column("participants", "number"), Column("events", "number")), "Format", "format_id"),
    Question("events_without_documents", (_TODAY,),
             (Column("event_id", "id"), Column("event"), Column("start", "date")), "Event", "event_id"),
)})

# Every message of the questions (phrasebook "questions"), written out so that the catalogue checks see them.
_MESSAGE_KEYS = (
    "title.actors_without_format", "help.actors_without_format",
    "title.recommendations_without_responsible", "help.recommendations_without_responsible",
    "title.offers_ending_within", "help.offers_ending_within",
    "title.municipalities_without_offer", "help.municipalities_without_offer",
    "title.formats_by_participants", "help.formats_by_participants",
    "title.events_without_documents", "help.events_without_documents",
    "param.today", "param.days", "param.field",
    "column.id", "column.actor", "column.kind", "column.recommendation", "column.status", "column.offer",
    "column.ends", "column.municipality", "column.ags", "column.format", "column.participants", "column.events",
    "column.event", "column.start",
)


def question(question_id: str) -> Question:
    """The question ``question_id``; :class:`ConfigurationError` naming the known ones when there is none."""
    found = QUESTIONS.get(question_id)
    if found is None:
        raise ConfigurationError(f"{question_id!r} is not a ready question. Known: {', '.join(QUESTIONS)}.")
    return found


def question_words(language: str) -> dict[str, str]:
    """Every message of the questions in ``language`` by message id (``questions.…``): titles, explanations,
    parameter and column labels."""
    words = phrasebook("questions", language)
    return {f"questions.{key}": words[key] for key in _MESSAGE_KEYS}


def resolve_parameters(question_id: str, params: Mapping[str, object]) -> dict[str, object]:
    """The parameters of the question, checked and completed with their defaults (``today`` is today's date).

    Text is accepted for every kind (a command line or an address passes text). Raises
    :class:`ConfigurationError` for an unknown question, an unknown parameter or a value that does not fit.
    """
    asked = question(question_id)
    known = {p.name: p for p in asked.parameters}
    unknown = sorted(set(params) - set(known))
    if unknown:
        accepted = ", ".join(known) or "none"
        raise ConfigurationError(f"{question_id} has no parameter {', '.join(unknown)} (parameters: {accepted}).")
    return {name: _checked(question_id, spec, params.get(name, spec.default)) for name, spec in known.items()}


def _checked(question_id: str, spec: Parameter, value: object) -> object:
    where = f"{question_id}: parameter {spec.name}"
    if isinstance(value, str):
        value = value.strip() or None
    if value is None:
        value = spec.default
    if spec.kind == "date":
        if value is None:
            return dt.date.today().isoformat()
        if isinstance(value, dt.datetime):
            value = value.date()
        if isinstance(value, dt.date):
            return value.isoformat()
        try:
            return dt.date.fromisoformat(str(value)).isoformat()
        except ValueError:
            raise ConfigurationError(f"{where}: {value!r} is not a date (YYYY-MM-DD).") from None
    if spec.kind == "days":
        number = value
        if isinstance(value, str) and re.fullmatch(r"\d+", value):
            number = int(value)
        if not isinstance(number, int) or isinstance(number, bool) or not 0 <= number <= MAX_DAYS:
            raise ConfigurationError(f"{where}: {value!r} is not a number of days from 0 to {MAX_DAYS}.")
        return number
    if value is None:
        return None
    if not isinstance(value, str) or not _FIELD_ID.fullmatch(value):
        raise ConfigurationError(f"{where}: {value!r} is not the id of a field of action.")
    return value


def _until(params: Mapping[str, object]) -> str:
    """The last day of the window of ``offers_ending_within``: ``today`` plus ``days``."""
    today = dt.date.fromisoformat(str(params["today"]))
    days = params["days"]
    assert isinstance(days, int)
    return (today + dt.timedelta(days=days)).isoformat()


# -- the embedded store (SQLite) ------------------------------------------------------------------------------

# An actor's link to a format, or to an event that is an instance of a format.
_SQL_ACTORS_WITHOUT_FORMAT = (
    "SELECT a.id AS actor_id, a.name AS actor, a.kind AS kind FROM actor a WHERE a.kind <> ? AND NOT EXISTS ("
    "SELECT 1 FROM link l WHERE l.source = a.id AND l.source_type = ? AND l.type IN (?, ?) AND (l.target_type = ? "
    "OR (l.target_type = ? AND EXISTS (SELECT 1 FROM link i WHERE i.source = l.target AND i.source_type = ? "
    "AND i.type = ? AND i.target_type = ?)))) ORDER BY actor, actor_id"
)
_SQL_RECOMMENDATIONS_WITHOUT_RESPONSIBLE = (
    "SELECT r.id AS recommendation_id, r.name AS recommendation, json_extract(r.properties, '$.status') AS status "
    "FROM node r WHERE r.type = ? "
    "AND NOT EXISTS (SELECT 1 FROM link l WHERE l.target = r.id AND l.target_type = ? AND l.type = ?) "
    "AND (? IS NULL OR EXISTS (SELECT 1 FROM link c WHERE c.source = r.id AND c.source_type = ? AND c.type = ? "
    "AND c.target_type = ? AND c.target = ?)) ORDER BY recommendation, recommendation_id"
)
_SQL_OFFERS_ENDING_WITHIN = (
    "SELECT o.id AS offer_id, o.name AS offer, json_extract(o.properties, '$.status') AS status, "
    "json_extract(o.properties, '$.end') AS ends FROM node o WHERE o.type = ? "
    "AND json_extract(o.properties, '$.status') IN (?, ?) AND json_extract(o.properties, '$.end') >= ? "
    "AND json_extract(o.properties, '$.end') <= ? ORDER BY ends, offer, offer_id"
)
# A municipality is served by a sourced offer that SERVES it or is district-wide (of the field, when one is asked);
# an illustrative offer serves no one, as in the gap matrix.
_SQL_MUNICIPALITIES_WITHOUT_OFFER = (
    "SELECT m.id AS municipality_id, m.name AS municipality, json_extract(m.properties, '$.ags') AS ags "
    "FROM actor m WHERE m.kind = ? AND NOT EXISTS (SELECT 1 FROM node o WHERE o.type = ? "
    "AND json_extract(o.properties, '$.status') = ? AND o.provenance <> ? "
    "AND (? IS NULL OR EXISTS (SELECT 1 FROM link c WHERE c.source = o.id AND c.source_type = ? AND c.type = ? "
    "AND c.target_type = ? AND c.target = ?)) "
    "AND (json_extract(o.properties, '$.district_wide') = 1 OR EXISTS (SELECT 1 FROM link s WHERE s.source = o.id "
    "AND s.source_type = ? AND s.type = ? AND s.target = m.id AND s.target_type = ?))) "
    "ORDER BY municipality, municipality_id"
)
_SQL_FORMATS_BY_PARTICIPANTS = (
    "SELECT f.id AS format_id, f.name AS format, json_extract(f.properties, '$.kind') AS kind, "
    "(SELECT count(DISTINCT p.source) FROM link p WHERE p.type = ? AND p.source_type = ? AND ((p.target = f.id "
    "AND p.target_type = ?) OR (p.target_type = ? AND p.target IN (SELECT i.source FROM link i WHERE i.type = ? "
    "AND i.source_type = ? AND i.target = f.id AND i.target_type = ?)))) AS participants, "
    "(SELECT count(*) FROM link e WHERE e.type = ? AND e.source_type = ? AND e.target = f.id "
    "AND e.target_type = ?) AS events "
    "FROM node f WHERE f.type = ? ORDER BY participants DESC, format, format_id"
)
# ``up`` pairs every event with itself and every event it is part of, at any depth (UNION stops at cycles).
_SQL_EVENTS_WITHOUT_DOCUMENTS = (
    "WITH RECURSIVE up (event, ancestor) AS (SELECT id, id FROM node WHERE type = ? UNION "
    "SELECT up.event, l.target FROM up JOIN link l ON l.source = up.ancestor AND l.source_type = ? AND l.type = ? "
    "AND l.target_type = ?) "
    "SELECT e.id AS event_id, e.name AS event, json_extract(e.properties, '$.start') AS start FROM node e "
    "WHERE e.type = ? AND coalesce(json_extract(e.properties, '$.start'), '') <= ? AND NOT EXISTS (SELECT 1 FROM up "
    "JOIN link d ON d.target = up.ancestor AND d.target_type = ? AND d.type = ? AND d.source_type = ? "
    "WHERE up.event = e.id) ORDER BY start, event, event_id"
)


_SQL: Mapping[str, str] = {
    "actors_without_format": _SQL_ACTORS_WITHOUT_FORMAT,
    "recommendations_without_responsible": _SQL_RECOMMENDATIONS_WITHOUT_RESPONSIBLE,
    "offers_ending_within": _SQL_OFFERS_ENDING_WITHIN,
    "municipalities_without_offer": _SQL_MUNICIPALITIES_WITHOUT_OFFER,
    "formats_by_participants": _SQL_FORMATS_BY_PARTICIPANTS,
    "events_without_documents": _SQL_EVENTS_WITHOUT_DOCUMENTS,
}


def _sql_values(question_id: str, p: Mapping[str, object]) -> list[object]:
    """The values of the ``?`` of the question's SQL, in their order."""
    field, today = p.get("field"), p.get("today")
    if question_id == "actors_without_format":
        return [MUNICIPALITY_KIND, "Actor", "TAKES_PART_IN", "ORGANISES", "Format", "Event", "Event", "INSTANCE_OF",
                "Format"]
    if question_id == "recommendations_without_responsible":
        return ["Recommendation", "Recommendation", "RESPONSIBLE_FOR", field, "Recommendation", "CONCERNS",
                "FieldOfAction", field]
    if question_id == "offers_ending_within":
        return ["Offer", "offered", "planned", today, _until(p)]
    if question_id == "municipalities_without_offer":
        return [MUNICIPALITY_KIND, "Offer", "offered", ILLUSTRATIVE, field, "Offer", "CONCERNS", "FieldOfAction",
                field, "Offer", "SERVES", "Actor"]
    if question_id == "formats_by_participants":
        return ["TAKES_PART_IN", "Actor", "Format", "Event", "INSTANCE_OF", "Event", "Format", "INSTANCE_OF", "Event",
                "Format", "Format"]
    return ["Event", "Event", "PART_OF", "Event", "Event", today, "Event", "DOCUMENTS", "Document"]


def embedded_query(question_id: str, params: Mapping[str, object]) -> tuple[str, list[object]]:
    """The SQL (one statement) answering the question on the embedded store, and its parameters.

    Raises :class:`ConfigurationError` for an unknown question or a bad parameter.
    """
    resolved = resolve_parameters(question_id, params)
    return _SQL[question_id], _sql_values(question_id, resolved)


# -- Neo4j (Cypher) -------------------------------------------------------------------------------------------


def _cypher_actors_without_format(s: Schema) -> LiteralString:
    actor, format_, event = s.neo4j_label("Actor"), s.neo4j_label("Format"), s.neo4j_label("Event")
    takes, organises = s.neo4j_link_type("TAKES_PART_IN"), s.neo4j_link_type("ORGANISES")
    instance = s.neo4j_link_type("INSTANCE_OF")
    return (
        f"MATCH (a:{actor}) WHERE a.kind <> $municipality "
        f"AND NOT EXISTS {{ MATCH (a)-[:{takes}|{organises}]->(:{format_}) }} "
        f"AND NOT EXISTS {{ MATCH (a)-[:{takes}|{organises}]->(:{event})-[:{instance}]->(:{format_}) }} "
        "RETURN a.id AS actor_id, a.name AS actor, a.kind AS kind ORDER BY actor, actor_id"
    )


def _cypher_recommendations_without_responsible(s: Schema) -> LiteralString:
    actor, recommendation, field = s.neo4j_label("Actor"), s.neo4j_label("Recommendation"), s.neo4j_label(
        "FieldOfAction")
    responsible, concerns = s.neo4j_link_type("RESPONSIBLE_FOR"), s.neo4j_link_type("CONCERNS")
    return (
        f"MATCH (r:{recommendation}) WHERE NOT EXISTS {{ MATCH (:{actor})-[:{responsible}]->(r) }} "
        f"AND ($field IS NULL OR EXISTS {{ MATCH (r)-[:{concerns}]->(f:{field}) WHERE f.id = $field }}) "
        "RETURN r.id AS recommendation_id, r.name AS recommendation, r.status AS status "
        "ORDER BY recommendation, recommendation_id"
    )


def _cypher_offers_ending_within(s: Schema) -> LiteralString:
    offer = s.neo4j_label("Offer")
    return (
        f"MATCH (o:{offer}) WHERE o.status IN $statuses AND o.end >= $today AND o.end <= $until "
        "RETURN o.id AS offer_id, o.name AS offer, o.status AS status, o.end AS ends ORDER BY ends, offer, offer_id"
    )


def _cypher_municipalities_without_offer(s: Schema) -> LiteralString:
    actor, offer, field = s.neo4j_label("Actor"), s.neo4j_label("Offer"), s.neo4j_label("FieldOfAction")
    concerns, serves = s.neo4j_link_type("CONCERNS"), s.neo4j_link_type("SERVES")
    return (
        f"MATCH (m:{actor}) WHERE m.kind = $municipality AND NOT EXISTS {{ MATCH (o:{offer}) "
        "WHERE o.status = $offered AND NOT coalesce(o.provenance = $illustrative, false) "
        f"AND ($field IS NULL OR EXISTS {{ MATCH (o)-[:{concerns}]->(f:{field}) WHERE f.id = $field }}) "
        f"AND (o.district_wide = true OR EXISTS {{ MATCH (o)-[:{serves}]->(m) }}) }} "
        "RETURN m.id AS municipality_id, m.name AS municipality, m.ags AS ags ORDER BY municipality, municipality_id"
    )


def _cypher_formats_by_participants(s: Schema) -> LiteralString:
    actor, format_, event = s.neo4j_label("Actor"), s.neo4j_label("Format"), s.neo4j_label("Event")
    takes, instance = s.neo4j_link_type("TAKES_PART_IN"), s.neo4j_link_type("INSTANCE_OF")
    # UNION (not UNION ALL) counts an actor once however many of the format's events it takes part in.
    return (
        f"MATCH (f:{format_}) RETURN f.id AS format_id, f.name AS format, f.kind AS kind, "
        f"COUNT {{ MATCH (a:{actor})-[:{takes}]->(f) RETURN a UNION "
        f"MATCH (a:{actor})-[:{takes}]->(:{event})-[:{instance}]->(f) RETURN a }} AS participants, "
        f"COUNT {{ MATCH (:{event})-[:{instance}]->(f) }} AS events ORDER BY participants DESC, format, format_id"
    )


def _cypher_events_without_documents(s: Schema) -> LiteralString:
    event, document = s.neo4j_label("Event"), s.neo4j_label("Document")
    part_of, documents = s.neo4j_link_type("PART_OF"), s.neo4j_link_type("DOCUMENTS")
    # The event itself or any event it is part of, through events only (as the embedded store's ``up``).
    return (
        f"MATCH (e:{event}) WHERE coalesce(e.start, '') <= $today AND NOT EXISTS {{ MATCH (e) "
        f"((:{event})-[:{part_of}]->(:{event}))* (x:{event})<-[:{documents}]-(:{document}) }} "
        "RETURN e.id AS event_id, e.name AS event, e.start AS start ORDER BY start, event, event_id"
    )


_CYPHER: Mapping[str, Callable[[Schema], LiteralString]] = {
    "actors_without_format": _cypher_actors_without_format,
    "recommendations_without_responsible": _cypher_recommendations_without_responsible,
    "offers_ending_within": _cypher_offers_ending_within,
    "municipalities_without_offer": _cypher_municipalities_without_offer,
    "formats_by_participants": _cypher_formats_by_participants,
    "events_without_documents": _cypher_events_without_documents,
}


def neo4j_query(question_id: str, params: Mapping[str, object], schema: Schema) -> tuple[
        LiteralString, dict[str, object]]:
    """The Cypher (one query) answering the question on Neo4j, and its parameters.

    Raises :class:`ConfigurationError` for an unknown question or a bad parameter.
    """
    p = resolve_parameters(question_id, params)
    values: dict[str, object] = dict(p)
    if question_id in ("actors_without_format", "municipalities_without_offer"):
        values["municipality"] = MUNICIPALITY_KIND
    if question_id == "municipalities_without_offer":
        values.update(offered="offered", illustrative=ILLUSTRATIVE)
    if question_id == "offers_ending_within":
        values.update(statuses=["offered", "planned"], until=_until(p))
    return _CYPHER[question_id](schema), values


# -- words ----------------------------------------------------------------------------------------------------


def cell_text(column: Column, value: object, vocabulary: Vocabulary, language: str) -> str:
    """A value of an answer as ``language`` writes it: term ids as their labels, dates and numbers localised;
    a missing value as "–"."""
    if value is None or value == "":
        return "–"
    if column.values == "date":
        return format_date(str(value), language)
    if column.values == "number" and isinstance(value, int | float):
        return format_number(value, language)
    if column.values == "actor_kind":
        return vocabulary.kinds.label(str(value), language)
    if column.values.startswith("term:"):
        return vocabulary.schema.term_label(column.values.removeprefix("term:"), str(value), language)
    return str(value)

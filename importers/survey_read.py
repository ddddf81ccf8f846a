"""A returned survey workbook read back into an import plan, and which municipalities have answered.

The workbook (:mod:`importers.survey_workbook`) is read with :func:`importers.tables.read_tables`, so a damaged
file, formulas without values or garbled text are reported as for any import. Its answers sheet becomes a table
of ``Offer`` rows that :func:`importers.records.plan_import` validates like any node table (the same records,
references and messages, each problem at the answer's sheet, line and column):

- "no" becomes a confirmed gap: an offer of status ``not_offered`` that SERVES the municipality and CONCERNS the
  field, with the survey's answer as its provenance ("Umfrage der Gemeinden, Rücklauf Asperg vom 01.12.2026")
  and the survey's date as the day it was confirmed;
- "yes" with an offer becomes that offer, ``offered``, PROVIDED by the named provider when it is an actor seated
  in or serving the town (or the whole district), else with a warning naming the cell;
- "unknown" or an empty answer records nothing.

Each answer's offer has one id per survey, municipality and field, so a workbook read again replaces its
answers. The offers carry the survey's id, date, municipality and file as properties: that a municipality
answered is read from them (:func:`survey_status`). A name, kind or town corrected in the actors sheet becomes
an update of that actor. The plan is previewed (:func:`importers.preview.preview_plan`) and loaded
(:func:`importers.load.load_plan`) as any other.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from graph.language import LANGUAGES, format_date, phrasebook
from graph.model.domain import Actor
from graph.model.knowledge import node_id_for
from graph.model.terms import normalise_label
from graph.model.vocabulary import MUNICIPALITY_KIND, Vocabulary
from graph.store.base import GraphStore

from .problems import Problem, Severity
from .records import ImportPlan, KnownActors, plan_import
from .survey_workbook import (
    ACTOR_COLUMNS,
    ANSWER_COLUMNS,
    ANSWER_KEYS,
    OFFER,
    SurveyFacts,
    answer_options,
    answer_sheet,
    column_headers,
)
from .tables import RawRow, RawTable, ReadResult, read_tables
from .values import cell_text

__all__ = ["SurveyAnswer", "SurveyReading", "SurveyStatus", "read_survey", "survey_ids", "survey_status"]

#: The answers: the list's first word in either language.
YES, NO, UNKNOWN = "yes", "no", "unknown"
_ANSWER_OF: dict[str, str] = dict(zip(ANSWER_KEYS, (YES, NO, UNKNOWN), strict=True))
#: The columns of the ``Offer`` table the answers become, and the answers sheet's column each stands for.
_OFFER_HEADERS = ("id", "name", "status", "provenance", "confirmed", "description", "providers", "municipalities",
                  "fields", "contact", "survey", "survey_date", "survey_municipality", "survey_file")
_SHOWN_AS = {"name": "h_offer", "status": "h_answer", "description": "h_comment", "providers": "h_provider",
             "municipalities": "h_municipality_id", "fields": "h_field_id", "contact": "h_contact"}
#: The answers sheet as a problem's source ends, in every language.
_ANSWER_SHEETS = tuple(f"[{answer_sheet(language)}]" for language in LANGUAGES)
_REQUIRED = ("h_answer", "h_field_id", "h_municipality_id", "h_survey_id", "h_survey_date")


@dataclass(frozen=True)
class SurveyAnswer:
    """One answered field of action: its id, the answer (yes, no, unknown), the offer named, and its line."""

    field: str
    answer: str
    offer: str
    line: int


@dataclass(frozen=True)
class SurveyReading:
    """A returned workbook: which survey and municipality it answers, its answers, and the import plan."""

    file: str
    survey_id: str
    survey_date: str
    municipality: str
    answers: tuple[SurveyAnswer, ...]
    plan: ImportPlan

    @property
    def answered(self) -> bool:
        """True when at least one field is answered yes or no."""
        return any(a.answer in (YES, NO) for a in self.answers)


@dataclass(frozen=True)
class SurveyStatus:
    """Whether one municipality has answered a survey: when its answers were read in, from which files, how many
    fields it answered."""

    municipality: str
    name: str
    answered: bool
    when: str = ""
    files: tuple[str, ...] = ()
    fields: int = 0


def read_survey(file: str | Path, vocabulary: Vocabulary, store: GraphStore, *,
                imported_at: str | None = None) -> SurveyReading:
    """Read a returned survey workbook against ``store``; nothing is written.

    Every problem comes back in ``plan.problems`` with file, sheet, line and column: an answer that is none of
    the list's (error ``survey-answer``), "yes" without an offer's name (``survey-offer-missing``), a provider
    that is no actor of the town (warning ``survey-provider-unknown``), a workbook that is no survey
    (``survey-not-a-survey``), a municipality or kind the store does not know, and whatever the import's own
    validation finds.
    """
    source = str(file)
    read = read_tables(file)
    known = KnownActors.from_store(store) if store.is_initialised() else KnownActors()
    facts = SurveyFacts(known.actors)
    found = _survey_tables(read.tables)
    # A town may have no known actors or offers: their sheets without rows are no problem of the answers.
    problems = [p for p in read.problems if p.code != "no-data-rows" or p.source.endswith(_ANSWER_SHEETS)]
    meta = ("", "", "")
    answers: list[SurveyAnswer] = []
    offers: RawTable | None = None
    corrected: list[Actor] = []
    if found is None:
        problems.append(Problem(source, 0, "", "survey-not-a-survey", "the workbook has no answers sheet (Rückmeldung "
                                "/ Answers) with its hidden columns; read only the survey workbooks IntegraNet wrote, "
                                "with their sheets and columns as they were"))
    else:
        table, columns, actors, actor_columns, language = found
        meta = _meta(table, columns, facts, problems)
        if meta[0]:
            offers, answers = _offer_table(table, columns, meta, facts, vocabulary, language, problems)
        if actors is not None and actor_columns is not None:
            corrected = _actor_corrections(actors, actor_columns, facts, vocabulary, meta[2], problems)
    tables = (offers,) if offers is not None else ()
    plan = plan_import([file], vocabulary, known, imported_at=imported_at,
                       reader=lambda _: ReadResult(tables, tuple(problems)))
    plan = replace(plan, actors=(*plan.actors, *(replace(a, imported_at=plan.imported_at) for a in corrected)),
                   problems=tuple(_shown(p, found[0].source, found[1]) if found else p for p in plan.problems))
    return SurveyReading(source, meta[1], meta[2], meta[0], tuple(answers), plan)


def survey_ids(store: GraphStore) -> list[str]:
    """The ids of the surveys whose answers the store holds, newest first."""
    return sorted({str(n.get("survey")) for n in store.nodes(types=[OFFER]) if n.get("survey")}, reverse=True)


def survey_status(store: GraphStore, survey_id: str) -> list[SurveyStatus]:
    """For every municipality of the store (by name): whether it answered the survey ``survey_id``, when its
    answers were read in (the latest time), from which files, and how many fields it answered."""
    given: dict[str, list[tuple[str, str]]] = {}
    for node in store.nodes(types=[OFFER]):
        if node.get("survey") == survey_id and node.get("survey_municipality"):
            given.setdefault(str(node.get("survey_municipality")), []).append(
                (node.imported_at, str(node.get("survey_file") or "")))
    towns = sorted((a for a in store.actors() if a.kind == MUNICIPALITY_KIND), key=lambda a: a.name)
    status = []
    for town in towns:
        entries = given.get(town.id, [])
        files = tuple(sorted({name for _, name in entries if name}))
        status.append(SurveyStatus(town.id, town.name, bool(entries), max((w for w, _ in entries), default=""),
                                   files, len(entries)))
    return status


# -- the sheets -------------------------------------------------------------------------------------------------


def _headers(keys: Sequence[str]) -> dict[str, tuple[str, str]]:
    """Every language's header of each key (folded) → (key, language)."""
    found: dict[str, tuple[str, str]] = {}
    for language in LANGUAGES:
        headers = column_headers(language)
        for key in keys:
            found.setdefault(normalise_label(headers[key]), (key, language))
    return found


def _sheet_names() -> dict[str, tuple[str, str]]:
    found: dict[str, tuple[str, str]] = {}
    for language in LANGUAGES:
        w = phrasebook("survey_book", language)
        found[normalise_label(w["sheet_answers"])] = ("answers", language)
        found[normalise_label(w["sheet_actors"])] = ("actors", language)
    return found


_Columns = dict[str, tuple[int, str]]  # key → (position, header as written)
_Found = tuple[RawTable, _Columns, RawTable | None, _Columns | None, str]


def _survey_tables(tables: Sequence[RawTable]) -> _Found | None:
    """The answers table with its columns, the actors table with its columns (None when missing), and the
    workbook's language; None when there is no answers sheet with every column it needs."""
    names = _sheet_names()
    by_role: dict[str, tuple[RawTable, str]] = {}
    for table in tables:
        role = names.get(normalise_label(table.sheet or ""))
        if role:
            by_role.setdefault(role[0], (table, role[1]))
    if "answers" not in by_role:
        return None
    answers, language = by_role["answers"]
    columns = _columns(answers, ANSWER_COLUMNS)
    if any(key not in columns for key in _REQUIRED):
        return None
    actors = by_role.get("actors")
    actor_columns = _columns(actors[0], ACTOR_COLUMNS) if actors else None
    return answers, columns, actors[0] if actors else None, actor_columns, language


def _columns(table: RawTable, keys: Sequence[str]) -> _Columns:
    known = _headers(keys)
    columns: _Columns = {}
    for position, header in enumerate(table.headers):
        key = known.get(normalise_label(header))
        if key:
            columns.setdefault(key[0], (position, header))
    return columns


def _cell(row: RawRow, columns: _Columns, key: str) -> str:
    position = columns.get(key, (-1, ""))[0]
    return cell_text(row.values[position]).strip() if 0 <= position < len(row.values) else ""


def _problem(table: RawTable, line: int, columns: _Columns, key: str, code: str, message: str,
             severity: Severity = Severity.ERROR) -> Problem:
    return Problem(table.source, line, columns.get(key, (0, ""))[1], code, message, severity)


def _meta(table: RawTable, columns: _Columns, facts: SurveyFacts, problems: list[Problem]) -> tuple[str, str, str]:
    """(municipality id, survey id, survey date) from the hidden columns, the same in every row; empty
    municipality id (and an error) when they disagree or name no municipality of the store."""
    seen = {(_cell(r, columns, "h_municipality_id"), _cell(r, columns, "h_survey_id"),
             _cell(r, columns, "h_survey_date")) for r in table.rows}
    line = table.rows[0].line if table.rows else 1
    if len(seen) != 1:
        problems.append(_problem(table, line, columns, "h_municipality_id", "survey-mixed",
                                 "the hidden columns name more than one municipality or survey (rows copied from "
                                 "another workbook?); return each municipality's own workbook"))
        return "", "", ""
    municipality, survey, date = seen.pop()
    try:
        facts.municipality(municipality)
    except KeyError:
        problems.append(_problem(table, line, columns, "h_municipality_id", "survey-unknown-municipality",
                                 f"{municipality!r} is no municipality of this store; the workbook was made for "
                                 "another store, or its hidden columns were changed"))
        return "", "", ""
    try:
        dt.date.fromisoformat(date)
    except ValueError:
        problems.append(_problem(table, line, columns, "h_survey_date", "survey-date",
                                 f"{date!r} is no date (YYYY-MM-DD); the hidden columns were changed"))
        return "", "", ""
    return municipality, survey, date


def _answer(text: str) -> str | None:
    """yes, no or unknown for a cell's text (the list's entry or just its first word, either language); None
    for anything else."""
    if not text:
        return UNKNOWN
    first = normalise_label(text.replace("–", " ").replace("-", " ").split()[0])
    for language in LANGUAGES:
        for key, option in answer_options(language).items():
            if normalise_label(text) == normalise_label(option) or first == normalise_label(option.split()[0]):
                return _ANSWER_OF[key]
    return None


def _offer_table(table: RawTable, columns: _Columns, meta: tuple[str, str, str], facts: SurveyFacts,
                 vocabulary: Vocabulary, language: str,
                 problems: list[Problem]) -> tuple[RawTable, list[SurveyAnswer]]:
    """The ``Offer`` rows the answers give (each at its own line) and the answers themselves."""
    municipality, survey, date = meta
    town = facts.municipality(municipality)
    w = phrasebook("survey_book", language)
    provenance = w["provenance"].format(town=town.name, date=format_date(date, language))
    providers = _providers(facts, municipality)
    options = " / ".join(answer_options(language).values())
    rows: list[RawRow] = []
    answers: list[SurveyAnswer] = []
    for row in table.rows:
        field, offer = _cell(row, columns, "h_field_id"), _cell(row, columns, "h_offer")
        given = _cell(row, columns, "h_answer")
        answer = _answer(given)
        if answer is None:
            problems.append(_problem(table, row.line, columns, "h_answer", "survey-answer",
                                     f"{given!r} is not an answer of the list; choose one of: {options}"))
            continue
        if given:  # an empty answer is no answer; "unknown" is one
            answers.append(SurveyAnswer(field, answer, offer, row.line))
        if answer == UNKNOWN or (answer == NO and not offer):
            if answer == UNKNOWN and offer:
                problems.append(_problem(table, row.line, columns, "h_offer", "survey-offer-ignored",
                                         f"the offer {offer!r} is named, but the answer is not yes: it is not "
                                         "recorded; answer yes to record it", Severity.WARNING))
            if answer == UNKNOWN:
                continue
        if answer == YES and not offer:
            problems.append(_problem(table, row.line, columns, "h_offer", "survey-offer-missing",
                                     "the answer is yes, but no offer is named; enter its name in this cell "
                                     "(or answer no or unknown)"))
            continue
        label = vocabulary.fields.label(field, language)
        name = offer if answer == YES else w["gap_name"].format(field=label, town=town.name)
        if answer == NO and offer:
            problems.append(_problem(table, row.line, columns, "h_offer", "survey-offer-ignored",
                                     f"the answer is no, so the offer {offer!r} is not recorded; answer yes to record "
                                     "it", Severity.WARNING))
        provider = _cell(row, columns, "h_provider")
        provider_id = ""
        if answer == YES and provider:
            provider_id = providers.get(provider) or providers.get(normalise_label(provider), "")
            if not provider_id:
                problems.append(_problem(table, row.line, columns, "h_provider", "survey-provider-unknown",
                                         f"{provider!r} is no actor seated in or serving {town.name} (or the whole "
                                         "district): the offer is recorded without its provider; write the name as "
                                         "in the sheet of actors to link it", Severity.WARNING))
        node_id = node_id_for("offer", f"{town.name} {label}", f"survey|{survey}|{municipality}|{field}")
        values = {"id": node_id, "name": name, "status": "offered" if answer == YES else "not_offered",
                  "provenance": provenance, "confirmed": date, "description": _cell(row, columns, "h_comment"),
                  "providers": provider_id, "municipalities": municipality, "fields": field,
                  "contact": _cell(row, columns, "h_contact"), "survey": survey, "survey_date": date,
                  "survey_municipality": municipality, "survey_file": Path(table.path).name}
        rows.append(RawRow(row.line, tuple(values[h] for h in _OFFER_HEADERS)))
    # Named after the node type, so the import reads it as a table of offers; its problems name the answers sheet.
    offers = RawTable(table.source, table.path, OFFER, _OFFER_HEADERS, tuple(range(1, len(_OFFER_HEADERS) + 1)),
                      tuple(rows))
    return offers, answers


def _providers(facts: SurveyFacts, municipality: str) -> Mapping[str, str]:
    """The actors an answer may name as a provider, by id and by folded name: those seated in or serving the
    town, and those serving the whole district."""
    found: dict[str, str] = {}
    for actor in facts.actors:
        if actor.kind != MUNICIPALITY_KIND and (actor.municipality == municipality or municipality in actor.serves
                                                or actor.serves_district):
            found[actor.id] = actor.id
            found.setdefault(normalise_label(actor.name), actor.id)
    return found


def _actor_corrections(table: RawTable, columns: _Columns, facts: SurveyFacts, vocabulary: Vocabulary,
                       date: str, problems: list[Problem]) -> list[Actor]:
    """The actors whose name, kind or town the sheet corrects, each as the stored actor with the corrections
    (and confirmed on the survey's date); a kind the vocabulary does not know, an empty name or an unknown id is
    an error on its cell."""
    stored = {a.id: a for a in facts.actors}
    towns = {normalise_label(m.name): m.id for m in facts.municipalities()}
    corrected = []
    for row in table.rows:
        actor_id = _cell(row, columns, "h_id")
        actor = stored.get(actor_id)
        if actor is None:
            problems.append(_problem(table, row.line, columns, "h_id", "survey-unknown-actor",
                                     f"{actor_id!r} is no actor of this store; add new actors in the answers' comments "
                                     "or with an import, not in this sheet"))
            continue
        name, kind_text, town = (_cell(row, columns, key) for key in ("h_name", "h_kind", "h_town"))
        kind = vocabulary.kinds.resolve(kind_text) if kind_text else actor.kind
        if not name:
            problems.append(_problem(table, row.line, columns, "h_name", "missing-name",
                                     "the name is empty; correct it, or leave the actor's name as it was"))
        if kind is None:
            shown = ", ".join(f"{t.label_de} ({t.id})" for t in vocabulary.kinds)
            problems.append(_problem(table, row.line, columns, "h_kind", "unknown-kind",
                                     f"{kind_text!r} is no kind of actor; use one of: {shown}"))
        if not name or kind is None or (name, kind, town) == (actor.name, actor.kind, actor.town):
            continue
        municipality = actor.municipality if town == actor.town else towns.get(normalise_label(town))
        corrected.append(replace(actor, name=name, kind=kind, town=town, municipality=municipality,
                                 confirmed=date or actor.confirmed))
    return corrected


def _shown(problem: Problem, source: str, columns: _Columns) -> Problem:
    """A problem of the offers table as the answers sheet shows it: in the answers sheet's own column."""
    for canonical, key in _SHOWN_AS.items():
        if problem.source == source and problem.column == canonical and key in columns:
            return replace(problem, column=columns[key][1])
    return problem

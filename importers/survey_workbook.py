"""The survey round's workbooks: one XLSX per municipality, pre-filled with what the graph knows there.

Each workbook has four sheets (named in its language): the instructions; the answers, one row per field of
action with the question "is there an offer here?", an answer chosen from a list (yes – enter the offer in
this row / no – no offer / unknown), the offer's name, provider, contact and a comment; the actors seated in or
serving the town (name, kind and town to correct); and the offers known to serve it, for information. Hidden,
locked columns of the answers sheet carry the field's id, the municipality's id, the survey's id and its date,
so that :mod:`importers.survey_read` knows what a returned workbook answers. Every text a spreadsheet would run
as a formula is neutralised (:func:`graph.exports.formulas.neutralise`), which the importer undoes.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from graph.exports.formulas import neutralise
from graph.exports.targets import check_targets
from graph.language import format_date, phrasebook
from graph.model.domain import Actor
from graph.model.knowledge import Link, Node
from graph.model.vocabulary import MUNICIPALITY_KIND, Vocabulary
from graph.store.base import GraphStore

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

__all__ = ["ACTOR_COLUMNS", "ANSWER_COLUMNS", "ANSWER_KEYS", "SurveyFacts", "answer_options", "answer_sheet",
           "column_headers", "survey_book", "survey_file_name", "survey_id_of", "survey_round", "survey_workbook"]

#: The answers sheet's columns (phrasebook ``survey_book`` keys), the hidden ones last.
ANSWER_COLUMNS = ("h_field", "h_question", "h_answer", "h_offer", "h_provider", "h_contact", "h_comment",
                  "h_field_id", "h_municipality_id", "h_survey_id", "h_survey_date")
#: The actors sheet's columns; the id is hidden.
ACTOR_COLUMNS = ("h_id", "h_name", "h_kind", "h_town", "h_fields")
_OFFER_COLUMNS = ("h_name", "h_status", "h_provider", "h_fields")
#: The answers a cell offers, in the list's order: yes, no, unknown.
ANSWER_KEYS = ("answer_yes", "answer_no", "answer_unknown")
_HIDDEN_ANSWER_COLUMNS = 4
_EDITABLE_ANSWERS = ("h_answer", "h_offer", "h_provider", "h_contact", "h_comment")
_EDITABLE_ACTORS = ("h_name", "h_kind", "h_town")
_WIDTHS = {"h_field": 32, "h_question": 60, "h_answer": 36, "h_offer": 36, "h_provider": 30, "h_contact": 28,
           "h_comment": 40, "h_name": 44, "h_kind": 26, "h_town": 20, "h_fields": 50, "h_status": 26}
_UNSAFE_IN_NAMES = re.compile(r"[^\w.-]+")
#: Offers are ``Offer`` nodes; these link them to their providers, towns and fields.
OFFER, PROVIDES, SERVES, CONCERNS = "Offer", "PROVIDES", "SERVES", "CONCERNS"


@dataclass(frozen=True)
class SurveyFacts:
    """What the workbooks are filled from: every actor, every offer and the offers' PROVIDES, SERVES and CONCERNS
    links (read once from a store for a whole round, or given as records)."""

    actors: tuple[Actor, ...]
    offers: tuple[Node, ...] = ()
    links: tuple[Link, ...] = ()

    @classmethod
    def from_store(cls, store: GraphStore) -> SurveyFacts:
        """The facts of ``store``."""
        return cls(tuple(store.actors()), tuple(store.nodes(types=[OFFER])),
                   tuple(store.links(types=[PROVIDES, SERVES, CONCERNS])))

    def municipalities(self) -> list[Actor]:
        """The municipality actors, by name."""
        return sorted((a for a in self.actors if a.kind == MUNICIPALITY_KIND), key=lambda a: a.name)

    def municipality(self, municipality_id: str) -> Actor:
        """The municipality actor ``municipality_id``; KeyError naming the known ones when there is none."""
        for actor in self.actors:
            if actor.id == municipality_id and actor.kind == MUNICIPALITY_KIND:
                return actor
        known = ", ".join(a.id for a in self.municipalities()[:10])
        raise KeyError(f"{municipality_id!r} is no municipality of the store (known, e.g.: {known})")

    def local_actors(self, municipality_id: str) -> list[Actor]:
        """The actors other than municipalities seated in or serving the town by name, by name."""
        return sorted((a for a in self.actors if a.kind != MUNICIPALITY_KIND
                       and (a.municipality == municipality_id or municipality_id in a.serves)),
                      key=lambda a: (a.name, a.id))

    def town_offers(self, municipality_id: str) -> list[Node]:
        """The offers that serve the town (SERVES), or the whole district, by name."""
        serving = {k.source for k in self.links if k.type == SERVES and k.target == municipality_id}
        return sorted((o for o in self.offers if o.id in serving or o.get("district_wide") is True),
                      key=lambda o: (o.name, o.id))

    def ends(self, node_id: str, link_type: str) -> list[str]:
        """The other ends of ``node_id``'s links of ``link_type`` (providers for PROVIDES, fields for CONCERNS)."""
        return sorted({k.source if k.target == node_id else k.target for k in self.links
                       if k.type == link_type and node_id in (k.source, k.target)})


def answer_options(language: str) -> dict[str, str]:
    """The answers of the list in ``language``, by key (:data:`ANSWER_KEYS`)."""
    w = phrasebook("survey_book", language)
    return {key: w[key] for key in ANSWER_KEYS}


def answer_sheet(language: str) -> str:
    """The name of the answers sheet in ``language``."""
    return phrasebook("survey_book", language)["sheet_answers"]


def column_headers(language: str) -> dict[str, str]:
    """The headers of the answers and actors sheets in ``language``, by key (:data:`ANSWER_COLUMNS`,
    :data:`ACTOR_COLUMNS`)."""
    w = phrasebook("survey_book", language)
    return {key: w[key] for key in ANSWER_COLUMNS} | {key: w[key] for key in ACTOR_COLUMNS}


def survey_id_of(survey_date: dt.date) -> str:
    """The id of the survey of ``survey_date``: its month, ``2026-12``."""
    return f"{survey_date.year:04d}-{survey_date.month:02d}"


def survey_file_name(town: str, survey_id: str, language: str) -> str:
    """The workbook's file name, ``Umfrage_2026-12_Freiberg_am_Neckar.xlsx`` (a town's name kept readable)."""
    safe = _UNSAFE_IN_NAMES.sub("_", town).strip("_") or "Gemeinde"
    return f"{phrasebook('survey_book', language)['file_prefix']}_{survey_id}_{safe}.xlsx"


def survey_book(source: GraphStore | SurveyFacts, vocabulary: Vocabulary, municipality_id: str, language: str,
                survey_date: dt.date, survey_id: str = "") -> bytes:
    """The survey workbook of one municipality as XLSX bytes (for a download); KeyError when the store has no
    such municipality."""
    from openpyxl import Workbook

    facts = source if isinstance(source, SurveyFacts) else SurveyFacts.from_store(source)
    town = facts.municipality(municipality_id)
    w = phrasebook("survey_book", language)
    survey = survey_id or survey_id_of(survey_date)
    book = Workbook()
    intro = book.active
    assert intro is not None  # a new workbook has its first sheet
    intro.title = w["sheet_instructions"]
    title = w["title"].format(town=town.name, date=format_date(survey_date, language))
    for line, value in enumerate((title, "", w["intro_answers"], w["intro_actors"], w["intro_offers"],
                                  w["intro_return"]), 1):
        intro.cell(line, 1, neutralise(value))
    intro.column_dimensions["A"].width = 140

    answers = book.create_sheet(w["sheet_answers"])
    hidden = (municipality_id, survey, survey_date.isoformat())
    rows = [(f.label(language), w["question"].format(town=town.name, field=f.label(language)), "", "", "", "", "",
             f.id, *hidden) for f in vocabulary.fields]
    _table(answers, [w[key] for key in ANSWER_COLUMNS], rows, ANSWER_COLUMNS, _EDITABLE_ANSWERS)
    _answer_list(answers, [w[key] for key in ANSWER_KEYS], len(rows), w["answer_prompt"])
    for index in range(len(ANSWER_COLUMNS) - _HIDDEN_ANSWER_COLUMNS, len(ANSWER_COLUMNS)):
        answers.column_dimensions[_letter(index)].hidden = True

    names = {a.id: a.name for a in facts.actors}
    actors = book.create_sheet(w["sheet_actors"])
    actor_rows = [(a.id, a.name, vocabulary.kinds.label(a.kind, language), a.town,
                   ", ".join(vocabulary.fields.label(f, language) for f in a.fields))
                  for a in facts.local_actors(municipality_id)]
    _table(actors, [w[key] for key in ACTOR_COLUMNS], actor_rows, ACTOR_COLUMNS, _EDITABLE_ACTORS)
    actors.column_dimensions["A"].hidden = True

    offers = book.create_sheet(w["sheet_offers"])
    statuses = vocabulary.schema.terms.get("offer_status")
    offer_rows = [(o.name, statuses.label(str(o.get("status") or ""), language) if statuses else str(o.get("status")),
                   ", ".join(names.get(p, p) for p in facts.ends(o.id, PROVIDES)),
                   ", ".join(vocabulary.fields.label(f, language) for f in facts.ends(o.id, CONCERNS)))
                  for o in facts.town_offers(municipality_id)]
    _table(offers, [w[key] for key in _OFFER_COLUMNS], offer_rows, _OFFER_COLUMNS, ())
    book.active = 1  # opens on the answers
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def survey_workbook(source: GraphStore | SurveyFacts, vocabulary: Vocabulary, municipality_id: str, language: str,
                    survey_date: dt.date, path: Path, survey_id: str = "") -> Path:
    """Write the survey workbook of one municipality to ``path`` (overwriting it: callers check first, as
    :func:`survey_round` does) and return the path."""
    data = survey_book(source, vocabulary, municipality_id, language, survey_date, survey_id)
    path.write_bytes(data)
    return path


def survey_round(source: GraphStore | SurveyFacts, vocabulary: Vocabulary, folder: Path, language: str,
                 survey_date: dt.date, municipalities: Iterable[str] = (), *, survey_id: str = "",
                 protected: Sequence[Path] = (), overwrite: bool = False) -> list[Path]:
    """Write one workbook per municipality (all of them when ``municipalities`` is empty) into ``folder``, named
    by :func:`survey_file_name`; return their paths.

    Every target is checked before any is written (:func:`graph.exports.targets.check_targets`): an existing
    file is refused unless ``overwrite``, a ``protected`` path always (:class:`graph.errors.ExportError`); an
    unknown municipality raises KeyError before anything is written.
    """
    facts = source if isinstance(source, SurveyFacts) else SurveyFacts.from_store(source)
    survey = survey_id or survey_id_of(survey_date)
    chosen = list(municipalities)
    towns = [facts.municipality(m) for m in chosen] if chosen else facts.municipalities()
    paths = [folder / survey_file_name(town.name, survey, language) for town in towns]
    check_targets(paths, protected, overwrite)
    folder.mkdir(parents=True, exist_ok=True)
    for town, path in zip(towns, paths, strict=True):
        survey_workbook(facts, vocabulary, town.id, language, survey_date, path, survey)
    return paths


def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return str(get_column_letter(index + 1))


def _table(sheet: Worksheet, headers: Sequence[str], rows: Sequence[Sequence[str]], keys: Sequence[str],
           editable: Sequence[str]) -> None:
    """Headers in line 1 (bold, frozen), the rows below; only the ``editable`` columns' cells may be changed
    (the sheet is protected without a password: it guards against slips, not against intent)."""
    from openpyxl.styles import Alignment, Font, Protection

    for j, header in enumerate(headers, 1):
        cell = sheet.cell(1, j, neutralise(header))
        cell.font = Font(bold=True)
    for i, row in enumerate(rows, 2):
        for j, value in enumerate(row, 1):
            cell = sheet.cell(i, j, neutralise(value) if value else None)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if keys[j - 1] in editable:
                cell.protection = Protection(locked=False)
    for j, key in enumerate(keys):
        sheet.column_dimensions[_letter(j)].width = _WIDTHS.get(key, 18)
    sheet.freeze_panes = "A2"
    if editable:
        sheet.protection.sheet = True
        sheet.protection.formatColumns = False  # widths may change; contents of locked cells may not


def _answer_list(sheet: Worksheet, options: Sequence[str], rows: int, prompt: str) -> None:
    """The answer column's drop-down list of ``options``."""
    from openpyxl.worksheet.datavalidation import DataValidation

    column = _letter(ANSWER_COLUMNS.index("h_answer"))
    quoted = ",".join(option.replace('"', "'") for option in options)
    validation = DataValidation(type="list", formula1=f'"{quoted}"', allow_blank=True, showDropDown=False,
                                showErrorMessage=True, errorStyle="warning", error=prompt, prompt=prompt,
                                showInputMessage=True)
    sheet.add_data_validation(validation)
    validation.add(f"{column}2:{column}{rows + 1}")

"""Filters as people type them: kinds and fields by id or label, municipalities by name, AGS or id.

The command line and the dashboard turn what the user chose into an :class:`~graph.model.domain.ActorFilter` of
ids here, so both accept the same words and reject the same mistakes with the same message.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from graph.errors import ConfigurationError
from graph.model.domain import ActorFilter, municipality_id_for
from graph.model.vocabulary import MUNICIPALITY_KIND, TermSet, Vocabulary, normalise_label
from graph.store.base import GraphStore

__all__ = ["actor_filter"]

_SHOWN = 12


def actor_filter(store: GraphStore, vocabulary: Vocabulary, *, kinds: Iterable[str] = (),
                 fields: Iterable[str] = (), municipalities: Iterable[str] = (),
                 include_district_wide: bool = False) -> ActorFilter:
    """An :class:`ActorFilter` of ids for the values given.

    Kinds and fields may be given by id or by their German or English label; municipalities by id, by
    official key (AGS, 8 digits) or by name, among the municipalities in ``store``. Raises
    :class:`~graph.errors.ConfigurationError` naming every value that matches nothing, with the choices.
    """
    problems: list[str] = []
    kind_ids = _terms(vocabulary.kinds, kinds, "kind", problems)
    field_ids = _terms(vocabulary.fields, fields, "field of action", problems)
    wanted = [m.strip() for m in municipalities if m.strip()]
    town_ids: list[str] = []
    if wanted:
        towns = store.actors(ActorFilter(kinds=(MUNICIPALITY_KIND,)))
        by_key: dict[str, str] = {}
        for town in towns:
            by_key[town.id] = town.id
            by_key.setdefault(normalise_label(town.name), town.id)
            ags = town.properties.get("ags")
            if isinstance(ags, str) and ags:
                by_key.setdefault(ags, town.id)
        for value in wanted:
            found = by_key.get(value) or by_key.get(normalise_label(value))
            if found is None and value.isdigit():
                found = by_key.get(municipality_id_for(value.zfill(8)))
            if found is None:
                names = sorted(t.name for t in towns)
                shown = ", ".join(names[:_SHOWN]) + (" …" if len(names) > _SHOWN else "")
                problems.append(f"No municipality {value!r} in the store. Give its name, AGS or id"
                                + (f", e.g. {shown}." if names else "; the store has no municipality yet."))
            else:
                town_ids.append(found)
    if problems:
        raise ConfigurationError(" ".join(problems))
    return ActorFilter(kinds=_unique(kind_ids), fields=_unique(field_ids), municipalities=_unique(town_ids),
                       include_district_wide=include_district_wide)


def _terms(terms: TermSet, values: Iterable[str], what: str, problems: list[str]) -> list[str]:
    found = []
    for value in values:
        if not value.strip():
            continue
        term_id = terms.resolve(value)
        if term_id is None:
            choices = ", ".join(f"{t.id} ({t.label_de})" for t in terms)
            problems.append(f"Unknown {what} {value!r}; choose one of: {choices}.")
        else:
            found.append(term_id)
    return found


def _unique(ids: Sequence[str]) -> tuple[str, ...]:
    return tuple(sorted(set(ids)))

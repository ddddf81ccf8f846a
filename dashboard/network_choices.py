"""The network map page's choices beside its filter panel: how the map is drawn (layout, size, colour,
motion), how a large view is grouped and which group is opened, and the forgetting of selections the
store no longer offers.

Only the widgets' selections live in ``st.session_state`` (keys ``network_*``, listed in
:data:`dashboard.network_page.WIDGET_KEYS`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import streamlit as st

from dashboard.i18n import format_number, t
from dashboard.network_reads import group_label
from graph.maps.style import COLOUR_KEYS, SIZE_MEASURES
from graph.maps.view import LAYOUTS, MapView
from graph.model.vocabulary import Vocabulary

__all__ = ["display_choices", "drop_unknown", "forget_unknown", "group_choices"]


def display_choices(lang: str) -> tuple[str, str, str, bool]:
    """Draw layout, size, colour and motion choices; return them."""
    layout_labels = {
        "force": t("network.layout_force", lang),
        "geographic": t("network.layout_geographic", lang),
        "grouped": t("network.layout_grouped", lang),
    }
    size_labels = {
        "uniform": t("network.size_uniform", lang),
        "degree": t("network.size_degree", lang),
        "betweenness": t("network.size_betweenness", lang),
    }
    colour_labels = {
        "kind": t("network.colour_kind", lang),
        "field": t("network.colour_field", lang),
        "community": t("network.colour_community", lang),
    }
    with st.expander(t("network.display", lang), expanded=True):
        col_layout, col_size, col_colour, col_physics = st.columns([3, 3, 3, 2])
        layout = col_layout.selectbox(
            t("network.layout", lang), options=list(LAYOUTS), format_func=layout_labels.__getitem__,
            help=t("network.layout_help", lang), key="network_layout",
        )
        size_by = col_size.selectbox(
            t("network.size_by", lang), options=list(SIZE_MEASURES), format_func=size_labels.__getitem__,
            key="network_size_by",
        )
        colour_by = col_colour.selectbox(
            t("network.colour_by", lang), options=list(COLOUR_KEYS), format_func=colour_labels.__getitem__,
            key="network_colour_by",
        )
        physics = col_physics.toggle(t("network.physics", lang), help=t("network.physics_help", lang),
                                     key="network_physics")
    return layout, size_by, colour_by, bool(physics)


def overlay_choice(present: Sequence[str], vocabulary: Vocabulary, lang: str) -> tuple[str, ...]:
    """Draw the "also show" choice of node types (those ``present`` in the store); return the chosen ones."""
    schema = vocabulary.schema
    options = [t_.id for t_ in schema.node_only_types if t_.id in present]
    if not options:
        return ()
    chosen = st.multiselect(
        t("network.show_types", lang), options=options,
        format_func=lambda type_id: schema.node_type(type_id).plural(lang),
        placeholder=t("network.show_types_none", lang), help=t("network.show_types_help", lang),
        key="network_show_types",
    )
    return tuple(type_id for type_id in options if type_id in chosen)


def group_choices(view: MapView, vocabulary: Vocabulary, lang: str) -> None:
    """Draw the grouping switch and one "open a group" box per aggregation level of ``view``."""
    by_labels = {"municipality": t("network.by_municipality", lang), "kind": t("network.by_kind", lang)}
    columns = st.columns(1 + len(view.levels))
    columns[0].radio(t("network.group_by", lang), options=list(by_labels), format_func=by_labels.__getitem__,
                     key="network_group_by")
    titles = (t("network.open_group", lang), t("network.open_subgroup", lang))
    keys = ("network_open_group", "network_open_subgroup")
    for level, (column, key) in enumerate(zip(columns[1:], keys, strict=False)):
        # "" is the overview: a choice of its own, so that going back is one click.
        labels = {"": t("network.open_none", lang)}
        labels.update({
            g.id: t("network.group_option", lang, name=group_label(g.id, view.levels[level], vocabulary, lang),
                    actors=format_number(g.actors, lang))
            for g in view.levels[level].groups
        })
        drop_unknown(key, list(labels))
        column.selectbox(titles[level], options=list(labels), format_func=labels.__getitem__, key=key)


def forget_unknown(catalogue: Mapping[str, Any], actor_labels: Mapping[str, str]) -> None:
    """Forget selections the store no longer offers (e.g. after an import changed the data)."""
    known: dict[str, Sequence[str]] = {
        "network_fields": catalogue["fields"],
        "network_municipalities": [m for m, _ in catalogue["municipalities"]],
        "network_kinds": catalogue["kinds"],
        "network_types": catalogue["relation_types"],
        "network_focus": list(actor_labels),
        "network_path_from": list(actor_labels),
        "network_path_to": list(actor_labels),
    }
    for key, options in known.items():
        drop_unknown(key, options)


def drop_unknown(key: str, options: Sequence[str]) -> None:
    """Remove from the selection under ``key`` whatever is not among ``options`` (a list keeps the rest)."""
    if key not in st.session_state:
        return
    value = st.session_state[key]
    allowed = set(options)
    if isinstance(value, list):
        if any(v not in allowed for v in value):
            st.session_state[key] = [v for v in value if v in allowed]
    elif value is not None and value not in allowed:
        del st.session_state[key]

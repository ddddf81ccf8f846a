"""The overview (the start page, shown by ``views/overview.py``): the network's key figures with date and
source, the district's population figures, the best-connected actors and the last import.

Every chart has the same numbers in a table beside it, and every number is written out as text, so
nothing depends on seeing the chart or its colour.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import streamlit as st

from dashboard import profile_reads as reads
from dashboard import questions_panel
from dashboard.i18n import format_date, format_number, markdown_literal, t
from dashboard.profile_widgets import actor_link, linked_markdown, page_style, show_table, timestamp
from dashboard.session import render_guarded, store_name
from graph.model.district import Amount, DistrictFigure, district_figures
from graph.settings import Settings
from graph.store import GraphStore

__all__ = ["TOP_ACTORS", "render"]

#: How many of the best-connected actors the overview lists.
TOP_ACTORS = 10
#: One colour for every bar (Okabe–Ito blue): the bars differ by their label and length, never by colour.
_BAR_COLOUR = "#0072B2"
# Axis text in the body text's colour: the chart theme's grey has a contrast below 4.5:1 on white.
_TEXT_COLOUR = "#2F2D2B"


def render(store: GraphStore, settings: Settings, lang: str) -> None:
    """Draw the overview of ``store`` in ``lang`` below the page's title.

    A store that cannot be read gives an error that says what to check; an empty store a hint how to fill it.
    """
    render_guarded(store, lang, lambda: _render(store, settings, lang))


def _render(store: GraphStore, settings: Settings, lang: str) -> None:
    stats = store.stats()
    page_style()
    imports = store.last_imports(5)
    token = reads.revision(store)
    illustrative_by_type, illustrative_actors = reads.illustrative_counts(store, store.location, token)
    illustrative_ties = sum(illustrative_by_type.values())
    # The banner names demonstration actors only when there are any: "0 actors" would read as an error.
    if illustrative_actors:
        st.warning(t("overview.illustrative_banner_actors", lang, ties=format_number(illustrative_ties, lang),
                     total=format_number(stats.relations, lang), actors=format_number(illustrative_actors, lang)),
                   icon=":material/science:")
    elif illustrative_ties:
        st.warning(t("overview.illustrative_banner", lang, ties=format_number(illustrative_ties, lang),
                     total=format_number(stats.relations, lang)), icon=":material/science:")

    figures = (
        (t("overview.actors", lang), stats.actors),
        (t("overview.ties", lang), stats.relations),
        (t("overview.municipalities", lang), stats.municipalities),
        (t("overview.fields", lang), stats.fields_of_action),
    )
    for column, (label, value) in zip(st.columns(len(figures)), figures, strict=True):
        column.metric(label, format_number(value, lang))
    if imports:
        st.caption(t("overview.as_of", lang, when=format_date(imports[0].imported_at, lang)) + " · "
                   + t("overview.figures_source", lang, location=markdown_literal(store_name(store, lang))))
    st.page_link("views/network.py", label=t("overview.open_map", lang), icon=":material/hub:")

    vocabulary = store.vocabulary
    st.header(t("overview.by_kind", lang), anchor=False)
    kinds = [k for k in vocabulary.kinds.ids() if stats.by_kind.get(k)]
    kinds += sorted(k for k in stats.by_kind if k not in kinds)
    kind_rows = [(vocabulary.kinds.label(k, lang), stats.by_kind[k]) for k in kinds]
    _chart_and_table(kind_rows, t("overview.col_kind", lang), t("overview.col_count", lang), lang,
                     t("overview.chart_by_kind", lang))

    st.header(t("overview.by_type", lang), anchor=False)
    types = [k for k in vocabulary.relation_types.ids() if stats.by_relation_type.get(k)]
    types += sorted(k for k in stats.by_relation_type if k not in types)
    type_rows = [(vocabulary.relation_types.label(k, lang), stats.by_relation_type[k]) for k in types]
    _chart_and_table(type_rows, t("overview.col_type", lang), t("overview.col_count", lang), lang,
                     t("overview.chart_by_type", lang),
                     extra=(t("overview.col_illustrative", lang),
                            [format_number(illustrative_by_type.get(k, 0), lang) for k in types]))

    st.header(t("overview.fields_heading", lang), anchor=False)
    _fields_table(store, token, lang)

    st.header(t("overview.district_heading", lang), anchor=False)
    _district(store, token, lang)

    st.header(t("overview.top_heading", lang), anchor=False)
    _top_actors(store, token, lang)
    questions_panel.render(store, lang)

    st.header(t("overview.import_heading", lang), anchor=False)
    _imports(imports, lang)


def _chart_and_table(rows: Sequence[tuple[str, int]], label_heading: str, count_heading: str, lang: str,
                     description: str, extra: tuple[str, list[str]] | None = None) -> None:
    """A horizontal bar chart with its numbers written on the bars, and the same numbers in a table beside."""
    import altair as alt

    chart_column, table_column = st.columns([3, 2])
    data = [{"label": label, "count": count, "text": format_number(count, lang)} for label, count in rows]
    # Axis ticks without thousands separators ("d"): Vega writes them the English way, which a German
    # reader would misread; the exact, localised numbers are the labels at the end of each bar.
    base = alt.Chart(alt.Data(values=data)).encode(
        y=alt.Y("label:N", sort=None, title=None, axis=alt.Axis(labelLimit=320, labelColor=_TEXT_COLOUR)),
        x=alt.X("count:Q", title=count_heading, axis=alt.Axis(format="d", tickMinStep=1, labelColor=_TEXT_COLOUR,
                                                               titleColor=_TEXT_COLOUR)),
        tooltip=[alt.Tooltip("label:N", title=label_heading), alt.Tooltip("text:N", title=count_heading)],
    )
    chart = base.mark_bar(color=_BAR_COLOUR) + base.mark_text(align="left", dx=4, color=_TEXT_COLOUR).encode(
        text="text:N")
    # One fixed step per bar, so every label has room whatever the number of rows.
    chart_column.altair_chart(chart.properties(height=alt.Step(26)),
                              width="stretch", alt=description)
    table: dict[str, list[str]] = {label_heading: [r[0] for r in rows],
                                   count_heading: [format_number(r[1], lang) for r in rows]}
    if extra is not None:
        table[extra[0]] = extra[1]
    show_table(table, container=table_column)


def _fields_table(store: GraphStore, token: str, lang: str) -> None:
    index = reads.index(store, store.location, token)
    working: Counter[str] = Counter(f for actor in index.actors() for f in actor.fields)
    fields = store.fields_of_action()
    if not fields:
        st.caption(t("overview.no_fields", lang))
        return
    show_table({
        t("overview.col_field", lang): [f.label(lang) for f in fields],
        t("overview.col_actors_working", lang): [format_number(working[f.id], lang) for f in fields],
    })


@st.cache_data(ttl=reads.CACHE_TTL_SECONDS, max_entries=4, show_spinner=False)
def _district_figures(_store: GraphStore, location: str, token: str) -> tuple[DistrictFigure, ...]:
    """The district's dated figures: the Indicator nodes measured for the Region of level district."""
    del location, token  # cache keys only
    regions = [r for r in _store.nodes(types=("Region",)) if r.get("level") == "district"]
    if not regions:
        return ()
    region = regions[0]
    ids = [link.source for link in _store.links(node_ids=[region.id], types=("MEASURED_FOR",))
           if link.target == region.id]
    return district_figures(region, _store.nodes(types=("Indicator",), ids=ids)) if ids else ()


def _district(store: GraphStore, token: str, lang: str) -> None:
    figures = _district_figures(store, store.location, token)
    if not figures:
        st.caption(t("overview.no_district_figures", lang))
        return
    name = figures[-1].name
    st.caption(markdown_literal(name))
    missing = t("common.not_given", lang)
    show_table({
        t("overview.col_reference_date", lang): [format_date(f.reference_date, lang) for f in figures],
        t("overview.col_population", lang): [_amount(f.population, lang, missing) for f in figures],
        t("overview.col_foreign_nationals", lang): [_amount(f.foreign_nationals, lang, missing) for f in figures],
        t("overview.col_foreign_share", lang): [_amount(f.foreign_share_pct, lang, missing, " %") for f in figures],
    })
    for figure in figures:
        st.caption(t("overview.district_source", lang, date=format_date(figure.reference_date, lang),
                     source=linked_markdown(figure.source) if figure.source else missing))
    st.info(t("overview.district_not_comparable", lang), icon=":material/info:")


def _amount(amount: Amount | None, lang: str, missing: str, unit: str = "") -> str:
    return format_number(amount.value, lang, amount.decimals) + unit if amount else missing


def _top_actors(store: GraphStore, token: str, lang: str) -> None:
    index = reads.index(store, store.location, token)
    top = reads.top_connected(store, store.location, token, TOP_ACTORS)
    if not top:
        st.caption(t("overview.no_ties", lang))
        return
    st.caption(t("overview.top_explained", lang))
    vocabulary = store.vocabulary
    widths = [8, 2.5, 1.2, 1.8]
    for column, heading in zip(st.columns(widths), (t("overview.col_actor", lang), t("overview.col_kind", lang),
                                                    t("overview.col_partners", lang), t("overview.col_ties", lang)),
                               strict=True):
        column.markdown(f"**{heading}**")
    for rank, (actor_id, partners, ties) in enumerate(top, start=1):
        actor = index.actor(actor_id)
        if actor is None:
            continue
        name_column, kind_column, partners_column, ties_column = st.columns(widths)
        actor_link(actor, prefix=f"{rank}. ", container=name_column)
        kind_column.markdown(markdown_literal(vocabulary.kinds.label(actor.kind, lang)))
        partners_column.markdown(format_number(partners, lang))
        ties_column.markdown(format_number(ties, lang))


def _imports(imports: Sequence[Any], lang: str) -> None:
    if not imports:
        st.caption(t("overview.no_import", lang))
        return
    last = imports[0]
    files = ", ".join(Path(f).name for f in last.files) or t("common.not_given", lang)
    st.markdown(t("overview.last_import", lang, when=timestamp(last.imported_at, lang),
                  files=markdown_literal(files), rows=format_number(last.rows, lang),
                  actors=format_number(last.actors, lang), ties=format_number(last.relations, lang),
                  skipped=format_number(last.skipped, lang)))
    if len(imports) > 1:
        with st.expander(t("overview.earlier_imports", lang)):
            show_table({
                t("overview.col_when", lang): [timestamp(r.imported_at, lang) for r in imports],
                t("overview.col_files", lang): [", ".join(Path(f).name for f in r.files) for r in imports],
                t("overview.col_rows", lang): [format_number(r.rows, lang) for r in imports],
                t("overview.col_skipped", lang): [format_number(r.skipped, lang) for r in imports],
            })


"""The municipality profile (``/municipality?id=…``, shown by ``views/municipality.py``).

One town: its population figures with date and source (both series the data has: the official
continuation and the Zensus 2022), the actors seated in and serving it by kind and field, the ties that
cross its border, the nearest actor of each kind in other towns, and the coverage per field of action
(:mod:`graph.analysis.coverage`). The data comes from
:mod:`graph.analysis.profiles` through :mod:`dashboard.profile_reads`.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from dashboard import profile_reads as reads
from dashboard.i18n import format_date, format_number, markdown_literal, t
from dashboard.profile_widgets import (
    actor_link,
    actor_links,
    linked_markdown,
    page_style,
    show_table,
    synced_selection,
)
from dashboard.session import render_guarded, store_name
from graph.analysis.coverage_cell import status_label
from graph.analysis.profiles import Figure, MunicipalityProfile
from graph.model.vocabulary import Vocabulary
from graph.settings import Settings
from graph.store import GraphStore

__all__ = ["SELECT_KEY", "render"]

#: The session-state key of the municipality selection.
SELECT_KEY = "municipality_select"


def render(store: GraphStore, settings: Settings, lang: str) -> None:
    """Draw the page (below its title) for ``store`` in ``lang``.

    Store errors become an ``st.error`` that says what failed and what to check; an empty store a hint.
    """
    render_guarded(store, lang, lambda: _render(store, settings, lang))


def _render(store: GraphStore, settings: Settings, lang: str) -> None:
    page_style()
    token = reads.revision(store)
    index = reads.index(store, store.location, token)
    towns = index.municipalities()
    if not towns:
        st.info(t("municipality.none_in_store", lang, location=markdown_literal(store_name(store, lang))),
                icon=":material/info:")
        return
    names = {town.id: town.name for town in towns}
    home = index.actor(settings.home_organisation)
    default = home.municipality if home is not None and home.municipality in names else towns[0].id

    def resolve(requested: str) -> str | None:
        found = index.find_municipality(requested)
        return found.id if found is not None else None

    town_id, unknown = synced_selection(
        key=SELECT_KEY, label=t("municipality.select", lang), options=list(names),
        format_func=lambda m: names.get(m, m), default=default, resolve=resolve,
        placeholder=t("municipality.select_placeholder", lang),
    )
    if unknown is not None:
        st.warning(t("municipality.unknown", lang, id=markdown_literal(unknown)), icon=":material/search_off:")
    profile = index.municipality_profile(town_id) if town_id is not None else None
    if profile is None:
        st.info(t("municipality.choose", lang))
        return

    vocabulary = store.vocabulary
    town = profile.municipality
    st.header(markdown_literal(town.name), anchor=False)
    facts = [str(town.properties[k]) for k in ("municipality_type", "administrative_association")
             if town.properties.get(k)]
    if town.properties.get("ags"):
        facts.append(t("municipality.ags", lang, ags=town.properties["ags"]))
    if facts:
        st.caption(markdown_literal(" · ".join(facts)))
    actor_link(town, suffix=t("municipality.open_actor", lang))

    st.subheader(t("municipality.figures_heading", lang), anchor=False)
    _figures(profile.figures, lang)

    st.subheader(t("municipality.actors_heading", lang), anchor=False)
    _actors(profile, vocabulary, lang)

    st.subheader(t("municipality.crossing_heading", lang, count=format_number(len(profile.crossing), lang)),
                 anchor=False)
    _crossing(profile, vocabulary, lang)

    st.subheader(t("municipality.nearest_heading", lang), anchor=False)
    _nearest(profile, vocabulary, lang)

    st.subheader(t("municipality.coverage_heading", lang), anchor=False)
    _coverage(store, token, settings, profile, vocabulary, lang)


def _figure_label(figure: Figure, lang: str) -> str:
    labels = {
        "population": t("municipality.figure_population", lang),
        "census2022_population": t("municipality.figure_census_population", lang),
        "census2022_foreign_share_pct": t("municipality.figure_census_foreign_share", lang),
    }
    return labels.get(figure.key, figure.key)


def _figures(figures: tuple[Figure, ...], lang: str) -> None:
    if not figures:
        st.caption(t("municipality.no_figures", lang))
        return
    unit = {"census2022_foreign_share_pct": " %"}
    rows = {
        t("municipality.col_figure", lang): [_figure_label(f, lang) for f in figures],
        t("municipality.col_value", lang): [format_number(f.amount.value, lang, f.amount.decimals)
                                            + unit.get(f.key, "") for f in figures],
        t("municipality.col_date", lang): [format_date(f.date, lang) if f.date else t("common.not_given", lang)
                                           for f in figures],
        t("municipality.col_secondary", lang): [t("municipality.secondary", lang) if f.secondary
                                                else t("municipality.primary", lang) for f in figures],
    }
    show_table(rows)
    for figure in figures:
        st.caption(t("municipality.figure_source", lang, figure=_figure_label(figure, lang),
                     source=linked_markdown(figure.source) if figure.source else t("common.not_given", lang)))
    st.info(t("municipality.figures_note", lang), icon=":material/info:")


def _actors(profile: MunicipalityProfile, vocabulary: Vocabulary, lang: str) -> None:
    town = profile.municipality.name
    seated_column, serving_column, wide_column = st.columns(3)
    seated_column.metric(t("municipality.seated", lang), format_number(len(profile.seated), lang))
    serving_column.metric(t("municipality.serving", lang), format_number(len(profile.serving), lang))
    wide_column.metric(t("municipality.district_wide", lang), format_number(len(profile.district_wide), lang))

    kind_column, field_column = st.columns(2)
    by_kind = profile.by_kind(vocabulary.kinds.ids())
    with kind_column:
        st.markdown(f"**{t('municipality.by_kind', lang)}**")
        if by_kind:
            show_table({
                t("municipality.col_kind", lang): [vocabulary.kinds.label(k, lang) for k, _, _ in by_kind],
                t("municipality.col_seated", lang): [format_number(n, lang) for _, n, _ in by_kind],
                t("municipality.col_serving", lang): [format_number(n, lang) for _, _, n in by_kind],
            })
        else:
            st.caption(t("municipality.no_local_actors", lang, town=markdown_literal(town)))
    by_field = profile.by_field(vocabulary.fields.ids())
    with field_column:
        st.markdown(f"**{t('municipality.by_field', lang)}**")
        show_table({
            t("municipality.col_field", lang): [vocabulary.fields.label(f, lang) for f, *_ in by_field],
            t("municipality.col_seated", lang): [format_number(n, lang) for _, n, _, _ in by_field],
            t("municipality.col_serving", lang): [format_number(n, lang) for _, _, n, _ in by_field],
            t("municipality.col_district_wide", lang): [format_number(n, lang) for *_, n in by_field],
        })

    for actors, heading in (
        (profile.seated, t("municipality.seated_list", lang, town=markdown_literal(town))),
        (profile.serving, t("municipality.serving_list", lang, town=markdown_literal(town))),
    ):
        st.markdown(f"**{heading}**")
        if not actors:
            st.caption(t("common.none", lang))
        # Seated here: the town goes without saying.
        actor_links([(actor, f" – {vocabulary.kinds.label(actor.kind, lang)}") for actor in actors],
                    with_town=actors is not profile.seated)
    if profile.district_wide:
        with st.expander(t("municipality.district_wide_list", lang,
                           count=format_number(len(profile.district_wide), lang))):
            actor_links([(actor, f" – {vocabulary.kinds.label(actor.kind, lang)}") for actor in profile.district_wide])


def _crossing(profile: MunicipalityProfile, vocabulary: Vocabulary, lang: str) -> None:
    if not profile.crossing:
        st.caption(t("municipality.no_crossing", lang))
        return
    if profile.illustrative_ties:
        st.warning(t("municipality.illustrative_banner", lang, count=format_number(profile.illustrative_ties, lang),
                     total=format_number(len(profile.crossing), lang)), icon=":material/science:")
    st.caption(t("municipality.crossing_explained", lang, town=markdown_literal(profile.municipality.name)))
    rows: list[dict[str, Any]] = []
    for tie in profile.crossing:
        rel = tie.relation
        source, target = (tie.inside, tie.outside) if tie.outgoing else (tie.outside, tie.inside)
        rows.append({
            t("municipality.col_from", lang): source.name,
            t("municipality.col_type", lang): vocabulary.relation_types.label(rel.type, lang),
            t("municipality.col_to", lang): target.name,
            t("municipality.col_outside_town", lang): tie.outside.town or t("common.not_given", lang),
            t("municipality.col_provenance", lang): t("actor.provenance_illustrative_short", lang)
            if rel.is_illustrative else rel.provenance,
        })
    show_table(rows, linked=(t("municipality.col_provenance", lang),))


def _nearest(profile: MunicipalityProfile, vocabulary: Vocabulary, lang: str) -> None:
    if not profile.has_coordinates:
        st.caption(t("municipality.no_coordinates", lang))
        return
    st.caption(t("municipality.nearest_explained", lang))
    none = t("municipality.nearest_none", lang)
    show_table({
        t("municipality.col_kind", lang): [vocabulary.kinds.label(n.kind, lang) for n in profile.nearest],
        t("municipality.col_here", lang): [format_number(n.local, lang) for n in profile.nearest],
        t("municipality.col_nearest", lang): [n.actor.name if n.actor else none for n in profile.nearest],
        t("municipality.col_nearest_town", lang): [n.town.name if n.town else "" for n in profile.nearest],
        t("municipality.col_distance", lang): [
            t("municipality.km", lang, km=format_number(n.distance_km, lang, 1)) if n.distance_km is not None else ""
            for n in profile.nearest],
    })


def _coverage(store: GraphStore, token: str, settings: Settings, profile: MunicipalityProfile,
              vocabulary: Vocabulary, lang: str) -> None:
    report, with_roles = reads.coverage_report(store, store.location, token, str(settings.vocabulary_dir))
    cells = [c for c in report.cells if c.municipality_id == profile.municipality.id]
    if not with_roles:
        st.caption(t("municipality.no_expected_roles", lang,
                     path=markdown_literal(settings.vocabulary_dir / "expected_roles.csv")))
    st.caption(t("municipality.coverage_explained", lang))
    show_table({
        t("municipality.col_field", lang): [vocabulary.fields.label(c.field, lang) for c in cells],
        t("municipality.col_local", lang): [format_number(c.local_actors, lang) for c in cells],
        t("municipality.col_district_wide", lang): [format_number(c.district_wide_actors, lang) for c in cells],
        t("municipality.col_missing", lang): [", ".join(vocabulary.kinds.label(k, lang) for k in c.missing_roles)
                                              or t("common.none", lang) for c in cells],
        t("municipality.col_status", lang): [status_label(c.status, lang) for c in cells],
        t("municipality.col_explanation", lang): [c.explanation(lang) for c in cells],
    })

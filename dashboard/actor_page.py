"""The actor profile (``/actor?id=…``, shown by ``views/actor.py``).

One actor with everything known about it: properties (personal contact data only when the user switches
it on for the session), where the data came from, its fields of action, seat and served municipalities,
its ties grouped by relation type (each a link to the other actor's profile), its place in the network,
its path to the organisation that runs IntegraNet, and its ego map with the same actors in a table.
The data comes from :mod:`graph.analysis.profiles` through the cached reads of :mod:`dashboard.profile_reads`.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from dashboard import profile_reads as reads
from dashboard.data_links import edit_links
from dashboard.i18n import format_date, format_number, markdown_literal, t
from dashboard.knowledge_actor import actor_section
from dashboard.profile_widgets import (
    actor_label,
    actor_link,
    actor_links,
    linked_markdown,
    municipality_link,
    page_style,
    show_table,
    synced_selection,
    value_markdown,
)
from dashboard.session import render_guarded
from dashboard.sign_in import can
from graph.analysis.profiles import ActorProfile, ProfileIndex, TieGroup
from graph.analysis.standings import NetworkStandings
from graph.errors import IntegraNetError
from graph.maps.html import legend_html
from graph.maps.palette import legend_entries
from graph.model.domain import Actor, Relation
from graph.model.vocabulary import MUNICIPALITY_KIND, Vocabulary
from graph.settings import Settings
from graph.store import GraphStore

__all__ = ["MAP_HEIGHT", "SELECT_KEY", "render"]

#: The session-state key of the actor selection (and, with suffixes, of its memory; see ``synced_selection``).
SELECT_KEY = "actor_select"
#: The session-state keys of the page's other widgets.
PERSONAL_KEY = "actor_show_personal"
DEPTH_KEY = "actor_map_depth"
#: Height of the ego map in CSS pixels.
MAP_HEIGHT = 520


def render(store: GraphStore, settings: Settings, lang: str) -> None:
    """Draw the page (below its title) for ``store`` in ``lang``.

    Store errors become an ``st.error`` that says what failed and what to check; an empty store a hint.
    """
    render_guarded(store, lang, lambda: _render(store, settings, lang))


def _render(store: GraphStore, settings: Settings, lang: str) -> None:
    page_style()
    token = reads.revision(store)
    index = reads.index(store, store.location, token)
    labels = {a.id: actor_label(a) for a in index.actors()}
    home = settings.home_organisation
    actor_id, unknown = synced_selection(
        key=SELECT_KEY, label=t("actor.select", lang), options=list(labels), format_func=lambda a: labels.get(a, a),
        default=home if home in labels else next(iter(labels), None),
        resolve=lambda requested: requested if requested in labels else None,
        placeholder=t("actor.select_placeholder", lang),
    )
    if unknown is not None:
        st.warning(t("actor.unknown", lang, id=markdown_literal(unknown)), icon=":material/search_off:")
    profile = index.actor_profile(actor_id) if actor_id is not None else None
    if profile is None:
        st.info(t("actor.choose", lang))
        return

    vocabulary = store.vocabulary
    actor = profile.actor
    st.header(markdown_literal(actor.name), anchor=False)
    kind = vocabulary.kinds.label(actor.kind, lang)
    st.caption(markdown_literal(f"{kind} · {actor.town}" if actor.town else kind))
    edit_links(actor.id, "actors", "relations", lang)
    if actor.is_illustrative:
        st.warning(t("actor.illustrative_actor", lang), icon=":material/science:")
    if profile.illustrative_ties:
        st.warning(t("actor.illustrative_banner", lang, count=format_number(profile.illustrative_ties, lang),
                     total=format_number(len(profile.ties), lang)), icon=":material/science:")
    if actor.kind == MUNICIPALITY_KIND:
        municipality_link(actor, label=t("actor.open_municipality", lang, name=actor.name))

    facts_column, measures_column = st.columns([3, 2], gap="large")
    with facts_column:
        _facts(profile, vocabulary, lang)
        _properties(actor, lang)
        _provenance(actor, lang)
    with measures_column:
        _measures(actor.id, reads.standings(store, store.location, token), lang)
        _path_home(index, actor, home, vocabulary, lang)

    st.subheader(t("actor.ties_heading", lang, count=format_number(len(profile.ties), lang)), anchor=False)
    if not profile.tie_groups:
        st.caption(t("actor.no_ties", lang))
    for group in profile.tie_groups:
        _tie_group(profile, group, vocabulary, lang)
    if profile.ties:
        with st.expander(t("actor.ties_table", lang)):
            show_table(_tie_rows(profile, vocabulary, lang), linked=(t("actor.col_provenance", lang),))

    actor_section(store, actor.id, lang)  # formats, events, offers … it organises, takes part in, provides
    _ego_map(store, token, profile, vocabulary, lang)


def _facts(profile: ActorProfile, vocabulary: Vocabulary, lang: str) -> None:
    actor = profile.actor
    st.subheader(t("actor.facts_heading", lang), anchor=False)
    st.markdown(f"**{t('actor.kind', lang)}:** {markdown_literal(vocabulary.kinds.label(actor.kind, lang))}")
    fields = ", ".join(vocabulary.fields.label(f, lang) for f in actor.fields)
    st.markdown(f"**{t('actor.fields', lang)}:** {markdown_literal(fields) if fields else t('common.none', lang)}")
    if actor.kind != MUNICIPALITY_KIND:
        st.markdown(f"**{t('actor.seat', lang)}:**")
        if profile.seat is not None:
            municipality_link(profile.seat)
        elif actor.town:
            st.markdown(t("actor.seat_outside", lang, town=markdown_literal(actor.town)))
        else:
            st.markdown(t("common.not_given", lang))
        st.markdown(f"**{t('actor.serves', lang)}:**")
        if actor.serves_district:
            st.markdown(t("actor.serves_district", lang))
        for town in profile.served:
            municipality_link(town)
        if not actor.serves_district and not profile.served:
            st.markdown(t("actor.serves_none", lang))


def _property_label(key: str, lang: str) -> str:
    """The heading of a property: the dashboard's words for the known ones, the column name otherwise."""
    known = {
        "website": t("prop.website", lang),
        "notes": t("prop.notes", lang),
        "contact": t("prop.contact", lang),
        "email": t("prop.email", lang),
        "phone": t("prop.phone", lang),
        "ags": t("prop.ags", lang),
        "municipality_type": t("prop.municipality_type", lang),
        "administrative_association": t("prop.administrative_association", lang),
        "population": t("prop.population", lang),
        "population_date": t("prop.population_date", lang),
        "population_source": t("prop.population_source", lang),
        "census2022_population": t("prop.census2022_population", lang),
        "census2022_population_date": t("prop.census2022_population_date", lang),
        "census2022_source": t("prop.census2022_source", lang),
        "census2022_foreign_share_pct": t("prop.census2022_foreign_share_pct", lang),
        "census2022_foreign_share_source": t("prop.census2022_foreign_share_source", lang),
        "lat": t("prop.lat", lang),
        "lon": t("prop.lon", lang),
        "coordinates_source": t("prop.coordinates_source", lang),
    }
    return known.get(key, markdown_literal(key))


def _properties(actor: Actor, lang: str) -> None:
    # Contact person, e-mail, phone, and any other column whose values look like contact data.
    personal = actor.personal_keys()
    show_personal = False
    if personal and can("read_personal"):
        # A non-widget copy keeps the choice for the session while another page is shown; assigned on every
        # run so that the switch keeps showing it when its label changes with the language.
        st.session_state[PERSONAL_KEY] = st.session_state.get(PERSONAL_KEY,
                                                              st.session_state.get(f"{PERSONAL_KEY}_kept", False))
        show_personal = st.toggle(t("actor.show_personal", lang), key=PERSONAL_KEY,
                                  help=t("actor.show_personal_help", lang))
        st.session_state[f"{PERSONAL_KEY}_kept"] = show_personal
    shown = [(k, v) for k, v in actor.properties.items() if show_personal or k not in personal]
    st.markdown(f"**{t('actor.properties', lang)}:**")
    if shown:
        st.markdown("\n".join(f"- **{_property_label(k, lang)}:** {value_markdown(k, v, lang)}" for k, v in shown))
    else:
        st.markdown(t("common.none", lang))
    if personal and not show_personal:
        st.caption(t("actor.personal_hidden", lang, count=format_number(len(personal), lang)))


def _provenance(actor: Actor, lang: str) -> None:
    st.markdown(f"**{t('actor.provenance', lang)}:**")
    if actor.is_illustrative:
        st.markdown(t("actor.provenance_illustrative", lang))
    elif actor.provenance:
        st.markdown(linked_markdown(actor.provenance))
    else:
        st.markdown(t("common.not_given", lang))
    if actor.imported_at:
        st.caption(t("actor.imported_at", lang, date=format_date(actor.imported_at, lang)))


def _measures(actor_id: str, standings: NetworkStandings, lang: str) -> None:
    st.subheader(t("actor.measures_heading", lang), anchor=False)
    standing = standings.by_actor.get(actor_id)
    if standing is None:
        st.caption(t("actor.no_measures", lang))
        return
    total = format_number(standings.actors, lang)
    partners_column, between_column = st.columns(2)
    partners_column.metric(t("actor.partners", lang), format_number(standing.degree, lang),
                           help=t("actor.partners_help", lang))
    between_column.metric(t("actor.betweenness", lang), format_number(standing.betweenness, lang, 3),
                          help=t("actor.betweenness_help", lang))
    lines = [
        t("actor.partners_rank", lang, rank=format_number(standing.degree_rank, lang), total=total,
          ties=format_number(standing.ties, lang)),
        t("actor.betweenness_rank", lang, rank=format_number(standing.betweenness_rank, lang), total=total),
    ]
    if standing.community_size > 1:
        lines.append(t("actor.community", lang, number=format_number(standing.community, lang),
                       count=format_number(standings.communities, lang),
                       size=format_number(standing.community_size, lang)))
    else:
        lines.append(t("actor.community_none", lang))
    if standings.betweenness_method != "exact":
        lines.append(t("actor.betweenness_sampled", lang, error=format_number(standings.betweenness_error, lang, 3)))
    st.markdown("\n".join(f"- {line}" for line in lines))


def _path_home(index: ProfileIndex, actor: Actor, home: str, vocabulary: Vocabulary, lang: str) -> None:
    st.subheader(t("actor.path_heading", lang), anchor=False)
    home_actor = index.actor(home)
    if home_actor is None:
        st.info(t("actor.path_no_home", lang, id=markdown_literal(home)))
        return
    if home_actor.id == actor.id:
        st.markdown(t("actor.path_is_home", lang))
        return
    steps = index.path(actor.id, home_actor.id)
    if steps is None:
        st.info(t("actor.path_none", lang, home=markdown_literal(home_actor.name)))
        actor_link(home_actor)
        return
    st.caption(t("actor.path_length", lang, steps=format_number(len(steps) - 1, lang),
                 home=markdown_literal(home_actor.name)))
    for number, step in enumerate(steps, start=1):
        if step.ties:
            st.markdown(t("actor.path_via", lang, ties=markdown_literal(_tie_phrases(step.ties, index, vocabulary,
                                                                                   lang))))
        actor_link(step.actor, suffix="" if number > 1 else t("actor.path_start", lang))


def _tie_phrases(ties: tuple[Relation, ...], index: ProfileIndex, vocabulary: Vocabulary, lang: str) -> str:
    """"A advises B; B cooperates with A": the ties of one step as sentences with the actors' names."""
    phrases = []
    for rel in ties:
        source, target = index.actor(rel.source), index.actor(rel.target)
        marker = t("actor.path_tie_illustrative", lang) if rel.is_illustrative else ""
        phrases.append(f"{source.name if source else rel.source} {vocabulary.relation_types.label(rel.type, lang)} "
                       f"{target.name if target else rel.target}{marker}")
    return "; ".join(phrases)


def _tie_group(profile: ActorProfile, group: TieGroup, vocabulary: Vocabulary, lang: str) -> None:
    label = vocabulary.relation_types.label(group.type, lang)
    st.markdown(f"#### {markdown_literal(label)} ({format_number(len(group), lang)})")
    name = markdown_literal(profile.actor.name)
    for ties, heading in (
        (group.outgoing, t("actor.ties_outgoing", lang, name=name, type=markdown_literal(label))),
        (group.incoming, t("actor.ties_incoming", lang, name=name, type=markdown_literal(label))),
    ):
        if not ties:
            continue
        st.markdown(f"**{heading}**")
        demonstration = t("actor.tie_illustrative", lang)
        actor_links([(tie.other, demonstration if tie.relation.is_illustrative else "") for tie in ties])


def _tie_rows(profile: ActorProfile, vocabulary: Vocabulary, lang: str) -> list[dict[str, Any]]:
    """Every tie with its details, one row each."""
    rows = []
    for tie in profile.ties:
        rel = tie.relation
        rows.append({
            t("actor.col_from", lang): profile.actor.name if tie.outgoing else tie.other.name,
            t("actor.col_type", lang): vocabulary.relation_types.label(rel.type, lang),
            t("actor.col_to", lang): tie.other.name if tie.outgoing else profile.actor.name,
            t("actor.col_fields", lang): ", ".join(vocabulary.fields.label(f, lang) for f in rel.fields),
            t("actor.col_since", lang): format_date(rel.since, lang) if rel.since else "",
            t("actor.col_until", lang): format_date(rel.until, lang) if rel.until else "",
            t("actor.col_note", lang): rel.note,
            t("actor.col_provenance", lang): t("actor.provenance_illustrative_short", lang) if rel.is_illustrative
            else rel.provenance,
        })
    return rows


def _ego_map(store: GraphStore, token: str, profile: ActorProfile, vocabulary: Vocabulary, lang: str) -> None:
    st.subheader(t("actor.map_heading", lang), anchor=False)
    # Assigned on every run, not only set by default: a label that changes with the language makes the
    # browser draw a new radio, which shows no choice unless the value comes as newly set.
    st.session_state[DEPTH_KEY] = st.session_state.get(DEPTH_KEY, st.session_state.get(f"{DEPTH_KEY}_kept", 1))
    depth = st.radio(t("actor.map_depth", lang), options=[1, 2], horizontal=True, key=DEPTH_KEY,
                     format_func=lambda d: t("actor.map_depth_1", lang) if d == 1 else t("actor.map_depth_2", lang))
    st.session_state[f"{DEPTH_KEY}_kept"] = depth
    actor_id = profile.actor.id
    ego = reads.ego_network(store, store.location, token, actor_id, depth)
    st.caption(t("actor.map_counts", lang, actors=format_number(len(ego.actors), lang),
                 ties=format_number(len(ego.relations), lang)))
    try:
        html = reads.ego_map_html(store, store.location, token, actor_id, depth, lang, MAP_HEIGHT)
    except IntegraNetError as exc:
        # E.g. a neighbourhood too large to lay out without scipy; the message says what to do.
        st.error(t("error.map_failed", lang, detail=markdown_literal(exc)), icon=":material/error:")
    else:
        st.iframe(html, height=MAP_HEIGHT + 4, alt=t("actor.map_alt", lang, name=profile.actor.name))
        entries = legend_entries(vocabulary, {a.kind for a in ego.actors}, lang)
        st.html(legend_html(entries, t("network.legend_tie", lang), t("network.legend_illustrative", lang)))
    direct = {tie.other.id for tie in profile.ties}
    rows = []
    for other in sorted(ego.actors, key=lambda a: (a.id != actor_id, a.id not in direct, a.name.casefold())):
        steps = 0 if other.id == actor_id else 1 if other.id in direct else 2
        rows.append({
            t("actor.col_name", lang): other.name,
            t("actor.col_kind", lang): vocabulary.kinds.label(other.kind, lang),
            t("actor.col_town", lang): other.town,
            t("actor.col_steps", lang): format_number(steps, lang),
        })
    st.caption(t("actor.map_table", lang))
    show_table(rows)

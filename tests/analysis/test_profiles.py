"""graph.analysis.profiles, graph.model.district, graph.model.source_links: the data behind the overview and the
profile pages."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest

from graph.analysis.network import to_networkx
from graph.analysis.profiles import ProfileIndex
from graph.analysis.standings import actor_standings, most_connected
from graph.model.district import Amount, district_figures, parse_amount
from graph.model.domain import ILLUSTRATIVE, Actor, Relation, Subgraph
from graph.model.knowledge import Node
from graph.model.place import haversine_km
from graph.model.source_links import SourcePart, link_label, link_target, source_parts
from graph.model.vocabulary import Vocabulary
from graph.settings import DATA_DIR
from graph.store.embedded import EmbeddedStore
from importers.seed import seed

ROOT = Path(__file__).resolve().parents[2]

# A small district: three towns with coordinates (Ludwigsburg, Asperg, Besigheim), one without.
LB = Actor("ags-08118048", "Ludwigsburg", "municipality", town="Ludwigsburg", properties={
    "ags": "08118048", "lat": 48.889441, "lon": 9.194347, "population": 94859, "population_date": "2023-12-31",
    "population_source": "Destatis GV-ISys", "census2022_population": "91810",
    "census2022_population_date": "2022-05-15", "census2022_source": "Zensus 2022",
    "census2022_foreign_share_pct": "22.2", "census2022_foreign_share_source": "secondary: a research package",
})
ASPERG = Actor("ags-08118003", "Asperg", "municipality", town="Asperg",
               properties={"ags": "08118003", "lat": 48.905309, "lon": 9.135236})
BESIGHEIM = Actor("ags-08118007", "Besigheim", "municipality", town="Besigheim",
                  properties={"ags": "08118007", "lat": 49.000174, "lon": 9.140825})
NOWHERE = Actor("ags-08118099", "Ohneort", "municipality", town="Ohneort")
LRA = Actor("lra", "Landratsamt", "district_office", municipality=LB.id, town="Ludwigsburg",
            fields=("language_education",), serves_district=True, provenance="https://example.org/lra")
VHS = Actor("vhs", "Volkshochschule", "course_provider", municipality=LB.id, town="Ludwigsburg",
            fields=("language_education",), serves=(LB.id, ASPERG.id))
CLUB_A = Actor("club-a", "Arbeitskreis Asyl Asperg", "volunteer_group", municipality=ASPERG.id, town="Asperg",
               fields=("housing_living_together",))
CLUB_B = Actor("club-b", "Freundeskreis Besigheim", "volunteer_group", municipality=BESIGHEIM.id, town="Besigheim")
ALONE = Actor("alone", "Einzelgänger", "other")
MINISTRY = Actor("sm", "Sozialministerium", "state_ministry", town="Stuttgart")

ACTORS = (LB, ASPERG, BESIGHEIM, NOWHERE, LRA, VHS, CLUB_A, CLUB_B, ALONE, MINISTRY)
TIES = (
    Relation("lra", "advises", LB.id),
    Relation("lra", "advises", ASPERG.id),
    Relation("lra", "funds", "vhs", provenance="https://example.org/funds"),
    Relation("vhs", "cooperates_with", "club-a", provenance=ILLUSTRATIVE),
    Relation("club-a", "cooperates_with", "vhs"),
    Relation("club-b", "exchanges_with", "club-a"),
    Relation("sm", "funds", "lra"),
    Relation("vhs", "advises", "vhs"),
)


@pytest.fixture(scope="module")
def index(vocabulary: Vocabulary) -> ProfileIndex:
    return ProfileIndex(Subgraph(ACTORS, TIES), vocabulary)


# -- district figures and amounts -----------------------------------------------------------------------------


def test_parse_amount_keeps_the_published_precision() -> None:
    assert parse_amount("21.51") == Amount(21.51, 2)
    assert parse_amount("18.2") == Amount(18.2, 1)
    assert parse_amount(" 553689 ") == Amount(553689.0, 0)
    assert parse_amount(94859) == Amount(94859.0, 0)
    assert parse_amount(48.889441) == Amount(48.889441, 6)
    assert parse_amount(2.0) == Amount(2.0, 0)
    for absent in ("", None, "n/a", "1,5", True, float("nan")):
        assert parse_amount(absent) is None


def test_bundled_district_figures_are_dated_sourced_indicators(bundled_store_file: Path,
                                                               vocabulary: Vocabulary) -> None:
    with EmbeddedStore(bundled_store_file, vocabulary) as store:
        (region,) = [r for r in store.nodes(types=("Region",)) if r.get("level") == "district"]
        ids = [link.source for link in store.links([region.id], types=("MEASURED_FOR",))]
        figures = district_figures(region, store.nodes(types=("Indicator",), ids=ids))
    assert [f.reference_date for f in figures] == ["2017-12-31", "2021-12-31", "2023-12-31"]
    latest = figures[-1]
    assert latest.population == Amount(553689.0, 0)
    assert latest.foreign_nationals == Amount(119120.0, 0)
    assert latest.foreign_share_pct == Amount(21.51, 2)
    assert figures[1].foreign_share_pct == Amount(19.16, 2) and figures[1].foreign_nationals == Amount(104360, 0)
    assert "Ausländerzentralregister" in latest.source
    assert figures[1].population is None  # the source does not give it
    assert all(f.source and f.ags == "08118" for f in figures)


def test_district_figures_leave_out_what_is_not_a_district_measure() -> None:
    region = Node("region-x", "Region", "Landkreis X", properties={"level": "district"})
    figures = district_figures(region, [
        Node("i1", "Indicator", "Einwohner", properties={"measure": "population", "value": 1000, "unit": "persons",
                                                         "reference_date": "2020-12-31"}),
        Node("i2", "Indicator", "Sonstiges", properties={"measure": "other", "value": 3, "unit": "count",
                                                         "reference_date": "2021-12-31"}),
    ])
    (figure,) = figures
    assert figure.population == Amount(1000.0, 0) and figure.foreign_share_pct is None
    assert figure.source == "" and figure.name == "Landkreis X" and figure.ags == ""


# -- web addresses in sources -----------------------------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "https://a.example/x ; https://b.example/y",
    "Landratsamt, page 'Integration' (https://www.landkreis-ludwigsburg.de/de/integration/)",
    "see https://example.org/a_(b). And more.",
    "javascript:alert(1) data:text/html,<b>x</b> <https://example.org/<script>>",
    "",
    "no address at all",
])
def test_source_parts_join_to_the_original(text: str) -> None:
    parts = source_parts(text)
    assert "".join(p.text for p in parts) == text
    assert all(p.text.startswith(("http://", "https://")) for p in parts if p.is_url)


def test_source_parts_leave_trailing_punctuation_and_other_schemes_as_text() -> None:
    assert source_parts("(https://example.org/page).") == (
        SourcePart("("), SourcePart("https://example.org/page", True), SourcePart(")."))
    assert source_parts("https://a.example/x ; https://b.example/y")[1] == SourcePart(" ; ")
    assert not any(p.is_url for p in source_parts("javascript:alert(1) ftp://x.example"))
    # Markup right after an address ends it; it never becomes part of the link.
    assert [p.text for p in source_parts("https://example.org/<img src=x>") if p.is_url] == ["https://example.org/"]


def test_link_target_cannot_end_a_markdown_link() -> None:
    target = link_target("https://example.org/a)b](c d\\e")
    assert not set("()[] \\") & set(target)
    assert target.startswith("https://example.org/a%29b")


def test_link_label_is_short_and_readable() -> None:
    assert link_label("https://www.vhs-ludwigsburg.de/Integrationskurse") == "vhs-ludwigsburg.de/Integrationskurse"
    long = link_label("https://www.landkreis-ludwigsburg.de/de/soziales-jugend-familie/soziales/integration-und-"
                      "bildung/integration/")
    assert long == "landkreis-ludwigsburg.de/…/integration/" and len(long) <= 60


# -- actor profile ------------------------------------------------------------------------------------------------


def test_actor_profile_groups_ties_by_type_and_direction(index: ProfileIndex) -> None:
    profile = index.actor_profile("vhs")
    assert profile is not None
    assert profile.seat == LB
    assert profile.served == (ASPERG, LB)  # by name
    # Vocabulary order: cooperates_with, funds, ..., advises.
    assert [g.type for g in profile.tie_groups] == ["cooperates_with", "funds", "advises"]
    cooperation = profile.tie_groups[0]
    assert [(t.other.id, t.outgoing) for t in cooperation.outgoing] == [("club-a", True)]
    assert [(t.other.id, t.outgoing) for t in cooperation.incoming] == [("club-a", False)]
    funds = profile.tie_groups[1]
    assert not funds.outgoing and [t.other.id for t in funds.incoming] == ["lra"]
    # A tie with itself is listed once.
    assert len(profile.tie_groups[2]) == 1 and profile.tie_groups[2].outgoing[0].other == VHS
    assert profile.partners == 2
    assert profile.illustrative_ties == 1
    assert len(profile.ties) == 4


def test_actor_profile_of_actor_without_seat_or_ties(index: ProfileIndex) -> None:
    profile = index.actor_profile("alone")
    assert profile is not None and profile.seat is None and profile.served == () and profile.tie_groups == ()
    assert profile.partners == 0
    assert index.actor_profile("no-such-actor") is None


def test_path_follows_ties_in_either_direction(index: ProfileIndex) -> None:
    steps = index.path("club-b", "lra")
    assert steps is not None
    assert [s.actor.id for s in steps] == ["club-b", "club-a", "vhs", "lra"]
    assert steps[0].ties == ()
    # Both ties between Asperg's group and the adult-education centre, sorted by key.
    assert [r.key for r in steps[2].ties] == [("club-a", "cooperates_with", "vhs"),
                                              ("vhs", "cooperates_with", "club-a")]
    assert [r.key for r in steps[3].ties] == [("lra", "funds", "vhs")]


def test_path_edge_cases(index: ProfileIndex) -> None:
    same = index.path("lra", "lra")
    assert same is not None and [s.actor.id for s in same] == ["lra"]
    assert index.path("alone", "lra") is None
    assert index.path("lra", "no-such-actor") is None
    assert index.path("no-such-actor", "lra") is None


def test_lookups(index: ProfileIndex) -> None:
    assert index.actor("vhs") == VHS and index.actor("x") is None
    assert [a.name for a in index.municipalities()] == ["Asperg", "Besigheim", "Ludwigsburg", "Ohneort"]
    assert index.actors()[0].name == "Arbeitskreis Asyl Asperg"
    assert index.find_municipality("ags-08118003") == ASPERG
    assert index.find_municipality("08118003") == ASPERG
    assert index.find_municipality("8118003") == ASPERG
    assert index.find_municipality("vhs") is None  # an actor, not a municipality
    assert index.find_municipality("99999999") is None


# -- municipality profile -----------------------------------------------------------------------------------------


def test_municipality_profile_figures_both_series(index: ProfileIndex) -> None:
    profile = index.municipality_profile(LB.id)
    assert profile is not None
    figures = {f.key: f for f in profile.figures}
    assert figures["population"].amount == Amount(94859.0, 0)
    assert figures["population"].date == "2023-12-31" and not figures["population"].secondary
    assert figures["census2022_population"].amount == Amount(91810.0, 0)
    share = figures["census2022_foreign_share_pct"]
    assert share.amount == Amount(22.2, 1) and share.date == "2022-05-15" and share.secondary
    assert index.municipality_profile(ASPERG.id).figures == ()  # type: ignore[union-attr]


def test_municipality_profile_actors_seated_serving_and_district_wide(index: ProfileIndex) -> None:
    asperg = index.municipality_profile(ASPERG.id)
    assert asperg is not None
    assert asperg.seated == (CLUB_A,)
    assert asperg.serving == (VHS,)
    assert asperg.district_wide == (LRA,)
    assert asperg.by_kind(("volunteer_group", "course_provider")) == (
        ("volunteer_group", 1, 0), ("course_provider", 0, 1))
    assert asperg.by_field(("housing_living_together", "language_education")) == (
        ("housing_living_together", 1, 0, 0), ("language_education", 0, 1, 1))
    ludwigsburg = index.municipality_profile(LB.id)
    assert ludwigsburg is not None
    # The district office is seated here, so it is not listed again as district-wide; the school serves its seat.
    assert ludwigsburg.seated == (LRA, VHS) and ludwigsburg.serving == () and ludwigsburg.district_wide == ()
    assert index.municipality_profile("vhs") is None
    assert index.municipality_profile("nowhere") is None


def test_crossing_ties_have_exactly_one_end_inside(index: ProfileIndex) -> None:
    asperg = index.municipality_profile(ASPERG.id)
    assert asperg is not None
    keys = [c.relation.key for c in asperg.crossing]
    # Vocabulary order of types (cooperates_with, funds, ..., advises, ..., exchanges_with).
    assert keys == [("club-a", "cooperates_with", "vhs"), ("vhs", "cooperates_with", "club-a"),
                    ("lra", "advises", ASPERG.id), ("club-b", "exchanges_with", "club-a")]
    first = asperg.crossing[0]
    assert first.inside == CLUB_A and first.outside == VHS and first.outgoing
    assert not asperg.crossing[2].outgoing and asperg.crossing[2].inside == ASPERG
    assert asperg.illustrative_ties == 1
    ludwigsburg = index.municipality_profile(LB.id)
    assert ludwigsburg is not None
    # lra → Ludwigsburg and lra → vhs stay inside; the self-tie too.
    assert {c.relation.key for c in ludwigsburg.crossing} == {
        ("lra", "advises", ASPERG.id), ("vhs", "cooperates_with", "club-a"), ("club-a", "cooperates_with", "vhs"),
        ("sm", "funds", "lra")}


def test_nearest_actor_of_each_kind_in_another_town(index: ProfileIndex, vocabulary: Vocabulary) -> None:
    asperg = index.municipality_profile(ASPERG.id)
    assert asperg is not None and asperg.has_coordinates
    nearest = {n.kind: n for n in asperg.nearest}
    assert list(nearest) == [k for k in vocabulary.kinds.ids() if k != "municipality"]
    school = nearest["course_provider"]
    assert school.local == 0 and school.actor == VHS and school.town == LB
    assert school.distance_km == round(haversine_km(48.905309, 9.135236, 48.889441, 9.194347), 1)
    # Asperg's own group counts as local; the nearest one elsewhere is in Besigheim.
    groups = nearest["volunteer_group"]
    assert groups.local == 1 and groups.actor == CLUB_B and groups.town == BESIGHEIM
    # The ministry sits outside the district (no municipality): never a nearest actor.
    assert nearest["state_ministry"].actor is None and nearest["state_ministry"].distance_km is None
    ohneort = index.municipality_profile(NOWHERE.id)
    assert ohneort is not None and not ohneort.has_coordinates and ohneort.nearest == ()


# -- network measures ---------------------------------------------------------------------------------------------


def test_actor_standings() -> None:
    graph = to_networkx(Subgraph(ACTORS, TIES))
    standings = actor_standings(graph)
    assert standings.actors == len(ACTORS) and standings.backend == "networkx"
    assert standings.betweenness_method == "exact"
    vhs, lra, alone = standings.by_actor["vhs"], standings.by_actor["lra"], standings.by_actor["alone"]
    assert (vhs.degree, vhs.ties) == (2, 3)  # the self-tie connects nothing
    assert (lra.degree, lra.degree_rank) == (4, 1)
    assert alone.degree == 0 and alone.community_size == 1 and alone.betweenness == 0.0
    # Equal values share the better rank.
    zero_ranks = {s.degree_rank for s in standings.by_actor.values() if s.degree == 0}
    assert len(zero_ranks) == 1
    assert standings.communities == sum(1 for s in {(x.community, x.community_size)
                                                    for x in standings.by_actor.values()} if s[1] > 1)
    assert 0.0 < lra.betweenness <= 1.0 and lra.betweenness_rank == 1


def test_actor_standings_are_stable() -> None:
    graph = to_networkx(Subgraph(ACTORS, TIES))
    assert actor_standings(graph) == actor_standings(graph.copy())


def test_actor_standings_of_a_large_network_use_the_compiled_backend() -> None:
    graph = nx.MultiDiGraph(nx.path_graph(30))
    standings = actor_standings(graph, compiled_above=10)
    assert standings.backend == "igraph" and standings.by_actor["15"].degree == 2


def test_most_connected() -> None:
    graph = to_networkx(Subgraph(ACTORS, TIES))
    top = most_connected(graph, 3)
    assert top[0] == ("lra", 4, 4)
    assert len(top) == 3
    assert all(partners > 0 for _, partners, _ in most_connected(graph, 100))


# -- the bundled data ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def bundled(tmp_path_factory: pytest.TempPathFactory, vocabulary: Vocabulary) -> ProfileIndex:
    with EmbeddedStore(tmp_path_factory.mktemp("bundled") / "s.sqlite", vocabulary) as store:
        seed(store, vocabulary, DATA_DIR / "ludwigsburg")
        return ProfileIndex(store.subgraph(), vocabulary)


def test_bundled_profiles(bundled: ProfileIndex) -> None:
    home = bundled.actor_profile("lra-stabsstelle-integration")
    assert home is not None and home.actor.serves_district
    advises = next(g for g in home.tie_groups if g.type == "advises")
    assert len(advises.outgoing) >= 39  # the contact of all 39 municipalities
    asperg = bundled.find_municipality("08118003")
    assert asperg is not None
    profile = bundled.municipality_profile(asperg.id)
    assert profile is not None and profile.has_coordinates
    assert {f.key for f in profile.figures} == {"population", "census2022_population", "census2022_foreign_share_pct"}
    assert [f.secondary for f in profile.figures] == [False, False, True]
    assert any(n.actor is not None and n.distance_km and n.distance_km < 10 for n in profile.nearest)
    # Every actor with a tie reaches the district's integration office or is in a separate part.
    for actor in bundled.actors():
        steps = bundled.path(actor.id, "lra-stabsstelle-integration")
        assert steps is None or steps[-1].actor.id == "lra-stabsstelle-integration"


# -- the texts of these pages ---------------------------------------------------------------------------------


def test_profile_texts_do_not_replace_texts_of_the_catalogue() -> None:
    """No message id of the profile pages (``actor.``, ``municipality.``, ``prop.``) is defined twice in a
    catalogue (gettext would silently keep only one of them); graph/locales holds every text."""
    from collections import Counter

    from graph.language import LANGUAGES
    from tests.language.catalogue_files import msgids_in_order, po_path

    for language in LANGUAGES:
        ids = Counter(msgids_in_order(po_path(language)))
        profile_ids = {key for key in ids if key.split(".")[0] in {"actor", "municipality", "prop"}}
        assert profile_ids, f"no texts of the profile pages in {po_path(language)}"
        assert not {key for key in profile_ids if ids[key] > 1}

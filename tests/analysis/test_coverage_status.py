"""The four statuses of a coverage cell: offers (offered and absent), illustrative facts, precedence, and the
rule that no explanation contradicts its status — on small districts and on the bundled one."""

from __future__ import annotations

import pytest

from graph.analysis.coverage import (
    STATUSES,
    CoverageCell,
    CoverageReport,
    CoverageSettings,
    cell_status,
    coverage_facts,
    coverage_gaps,
    status_label,
)
from graph.language import phrasebook
from graph.model.coverage_facts import OfferFacts, offer_facts
from graph.model.domain import Actor, Subgraph
from graph.model.knowledge import Link, Node
from graph.model.vocabulary import Vocabulary
from graph.settings import DATA_DIR
from graph.store.embedded import EmbeddedStore
from tests.analysis.test_coverage import CULTURE, DISTRICT, HOUSING, LANGUAGE, WORK

SOURCE = "https://example.org/integration (Landratsamt, Integration)"


def offer(offer_id: str, status: str, fields: tuple[str, ...], *, district_wide: bool = False,
          serves: tuple[str, ...] = (), providers: tuple[str, ...] = (), provenance: str = SOURCE
          ) -> tuple[Node, list[Link]]:
    node = Node(offer_id, "Offer", f"Angebot {offer_id}", provenance=provenance,
                properties={"status": status, "district_wide": district_wide})
    links = [Link(offer_id, "Offer", "CONCERNS", f, "FieldOfAction") for f in fields]
    links += [Link(offer_id, "Offer", "SERVES", town, "Actor") for town in serves]
    links += [Link(p, "Actor", "PROVIDES", offer_id, "Offer") for p in providers]
    return node, links


def report_with(vocabulary: Vocabulary, roles: dict[str, tuple[str, ...]], *offers: tuple[Node, list[Link]],
                actors: tuple[Actor, ...] = DISTRICT.actors, settings: CoverageSettings | None = None
                ) -> CoverageReport:
    facts = coverage_facts(Subgraph(actors, ())).with_knowledge(
        [o for o, _ in offers], [link for _, links in offers for link in links], actors)
    return coverage_gaps(facts, vocabulary, roles, settings)


@pytest.fixture(scope="module")
def roles(vocabulary: Vocabulary) -> dict[str, tuple[str, ...]]:
    from graph.analysis.coverage import DEFAULT_EXPECTED_ROLES, load_expected_roles

    return dict(load_expected_roles(DEFAULT_EXPECTED_ROLES, vocabulary))


# -- the invariant ------------------------------------------------------------------------------------------


def contradictions(cell: CoverageCell, vocabulary: Vocabulary) -> list[str]:
    """Every way the explanations of ``cell`` contradict its status (empty: none)."""
    found = []
    if cell.gap != (cell.status == "confirmed_gap"):
        found.append("gap flag")
    for language in ("en", "de"):
        t = phrasebook("coverage", language)
        text = cell.explanation(language)
        m, f = cell.municipality, vocabulary.fields.label(cell.field, language)
        leads = {s: t[f"lead_{s}"].format(m=m, f=f) for s in STATUSES}
        if not text.startswith(leads[cell.status]):
            found.append(f"{language}: does not open with its status")
        found += [f"{language}: names status {s}" for s, lead in leads.items() if s != cell.status and lead in text]
        if (t["complete"] in text) != (cell.status == "covered" and bool(cell.local_actor_ids or cell.local_offer_ids)):
            found.append(f"{language}: 'every role present' on a cell not covered (or missing on a covered one)")
        absent = t["absent"].split("{")[0]
        if (absent in text) != bool(cell.absent_offers):
            found.append(f"{language}: absent offers and their mention disagree")
        found += [f"{language}: absent offer {o.id} not named with its source" for o in cell.absent_offers
                  if o.name not in text or o.source not in text]
        if cell.status == "not_surveyed" and any(w in text.casefold() for w in ("gap", "lücke", "missing", "fehlt")):
            found.append(f"{language}: gap wording on a cell not surveyed")
        if cell.status in ("covered", "district_wide_only") and cell.missing_roles:
            found.append("missing roles on a cell whose every role is filled")
    return found


def test_the_invariant_holds_on_the_three_town_district(vocabulary: Vocabulary,
                                                        roles: dict[str, tuple[str, ...]]) -> None:
    report = report_with(vocabulary, roles, offer("absent", "not_offered", (WORK,), serves=("bstadt",)),
                         offer("kurs", "offered", (LANGUAGE,), serves=("adorf",), providers=("vhs",)))
    assert {c.status for c in report.cells} == set(STATUSES)
    assert {(c.municipality_id, c.field): contradictions(c, vocabulary) for c in report.cells if
            contradictions(c, vocabulary)} == {}


# -- offers -------------------------------------------------------------------------------------------------


def test_a_district_wide_absent_offer_is_a_confirmed_gap_in_every_town_of_its_field(
        vocabulary: Vocabulary, roles: dict[str, tuple[str, ...]]) -> None:
    report = report_with(vocabulary, roles, offer("kurse", "not_offered", (LANGUAGE,), district_wide=True))
    for cell in report.cells:
        assert (cell.status == "confirmed_gap") == (cell.field == LANGUAGE), (cell.municipality, cell.field)
        if cell.field == LANGUAGE:
            assert [o.as_dict() for o in cell.absent_offers] == [
                {"id": "kurse", "name": "Angebot kurse", "source": SOURCE}]
            assert cell.as_dict()["absent_offers"] == [{"id": "kurse", "name": "Angebot kurse", "source": SOURCE}]
            assert f"confirmed not offered: Angebot kurse (source: {SOURCE})" in cell.explanation("en")
            assert f"bestätigt nicht angeboten: Angebot kurse (Quelle: {SOURCE})" in cell.explanation("de")
            assert cell.gap


def test_an_absent_offer_serving_towns_concerns_only_those(vocabulary: Vocabulary,
                                                           roles: dict[str, tuple[str, ...]]) -> None:
    report = report_with(vocabulary, roles, offer("x", "not_offered", (HOUSING, CULTURE), serves=("cheim",)))
    gaps = {(c.municipality_id, c.field) for c in report.cells if c.status == "confirmed_gap"}
    assert gaps == {("cheim", HOUSING), ("cheim", CULTURE)}


def test_a_confirmed_gap_wins_over_covered_and_still_names_the_roles_present(
        vocabulary: Vocabulary, roles: dict[str, tuple[str, ...]]) -> None:
    report = report_with(vocabulary, roles, offer("x", "not_offered", (WORK,), serves=("bstadt",)))
    cell = report.cell("bstadt", WORK)
    assert (cell.status, cell.missing_roles) == ("confirmed_gap", ())
    assert cell.explanation("en") == (
        "Bstadt: confirmed gap in Work and vocational training; confirmed not offered: Angebot x (source: "
        f"{SOURCE}); 2 local actors; roles present: job centre or employment agency, counselling service.")
    assert "every expected role" not in cell.explanation("en")


def test_illustrative_planned_or_ended_offers_decide_nothing(vocabulary: Vocabulary,
                                                             roles: dict[str, tuple[str, ...]]) -> None:
    plain = report_with(vocabulary, roles)
    others = report_with(vocabulary, roles,
                         offer("demo", "not_offered", (WORK,), district_wide=True, provenance="illustrative"),
                         offer("later", "planned", (LANGUAGE,), serves=("adorf",), providers=("vhs",)),
                         offer("gone", "ended", (LANGUAGE,), district_wide=True, providers=("vhs",)))
    assert [c.status for c in others.cells] == [c.status for c in plain.cells]
    assert [c.explanation_en for c in others.cells] == [c.explanation_en for c in plain.cells]


def test_a_local_offer_fills_the_role_of_its_providers_kind(vocabulary: Vocabulary,
                                                            roles: dict[str, tuple[str, ...]]) -> None:
    report = report_with(vocabulary, roles, offer("kurs", "offered", (LANGUAGE,), serves=("adorf",),
                                                  providers=("vhs",)))
    cell = report.cell("adorf", LANGUAGE)  # the volunteer group is local; the course comes from Bstadt's VHS
    assert (cell.status, cell.local_offer_ids, cell.missing_roles) == ("covered", ("kurs",), ())
    assert cell.as_dict()["local_offers"] == 1
    assert "offers: 1 local, 0 district-wide" in cell.explanation("en")
    # Without a provider an offer is local but fills no role.
    anonymous = report_with(vocabulary, roles, offer("kurs", "offered", (LANGUAGE,), serves=("adorf",)))
    assert anonymous.cell("adorf", LANGUAGE).status == "not_surveyed"


def test_a_district_wide_offer_fills_a_role_district_wide(vocabulary: Vocabulary,
                                                         roles: dict[str, tuple[str, ...]]) -> None:
    report = report_with(vocabulary, roles, offer("rat", "offered", (WORK,), district_wide=True,
                                                  providers=("miz",)))
    adorf = report.cell("adorf", WORK)
    assert (adorf.status, adorf.district_wide_offer_ids, adorf.wide_roles) == (
        "district_wide_only", ("rat",), ("employment_agency", "counselling_service"))
    local_only = report_with(vocabulary, roles, offer("rat", "offered", (WORK,), district_wide=True,
                                                      providers=("miz",)),
                             settings=CoverageSettings(district_wide_fills_roles=False))
    assert local_only.cell("adorf", WORK).status == "not_surveyed"


def test_an_illustrative_actor_fills_no_role(vocabulary: Vocabulary, roles: dict[str, tuple[str, ...]]) -> None:
    actors = tuple(Actor(**{**a.as_record(), "provenance": "illustrative"}) if a.id == "miz" else a
                   for a in DISTRICT.actors)
    report = report_with(vocabulary, roles, actors=actors)
    cell = report.cell("bstadt", WORK)
    assert (cell.status, cell.missing_roles, cell.illustrative_actor_ids) == (
        "not_surveyed", ("counselling_service",), ("miz",))
    assert cell.local_actors == 2  # still counted and listed
    assert "2 local actors; 1 of them illustrative, filling no role" in cell.explanation("en")
    assert coverage_gaps(Subgraph(actors, ()), vocabulary, roles) == report  # a subgraph knows its provenance


def test_an_offer_of_an_illustrative_provider_fills_no_role(vocabulary: Vocabulary,
                                                            roles: dict[str, tuple[str, ...]]) -> None:
    actors = tuple(Actor(**{**a.as_record(), "provenance": "illustrative"}) if a.id == "vhs" else a
                   for a in DISTRICT.actors)
    report = report_with(vocabulary, roles, offer("kurs", "offered", (LANGUAGE,), serves=("adorf",),
                                                  providers=("vhs",)), actors=actors)
    cell = report.cell("adorf", LANGUAGE)
    assert cell.status != "covered" and "course_provider" in cell.missing_roles
    assert contradictions(cell, vocabulary) == []


def test_explanations_agree_with_their_status_under_other_settings(vocabulary: Vocabulary,
                                                                   roles: dict[str, tuple[str, ...]]) -> None:
    # Bstadt's two work actors and a local work offer reach a minimum of three: covered, not "too few".
    strict = report_with(vocabulary, roles, offer("rat", "offered", (WORK,), serves=("bstadt",), providers=("miz",)),
                         settings=CoverageSettings(min_local_actors=3))
    cell = strict.cell("bstadt", WORK)
    assert (cell.status, cell.local_actors) == ("covered", 2)
    assert "fewer than" not in cell.explanation("en") and contradictions(cell, vocabulary) == []
    # Culture roles filled only by a district-wide offer: no "no district-wide actor either" beside it.
    wide = report_with(vocabulary, roles, offer("fest", "offered", (CULTURE,), district_wide=True,
                                                providers=("cafe", "verein")))
    cell = wide.cell("bstadt", CULTURE)
    assert (cell.status, cell.district_wide_actor_ids, cell.district_wide_offer_ids) == (
        "district_wide_only", (), ("fest",))
    assert "no district-wide actor either" not in cell.explanation("en")
    assert contradictions(cell, vocabulary) == []


def test_the_status_rule_and_its_survey_hook() -> None:
    roles = ("course_provider", "volunteer_group")
    both = {"course_provider", "volunteer_group"}
    assert cell_status(roles, both, both, 2, 0, False) == "covered"
    assert cell_status(roles, both, both, 1, 0, False, min_local=2) == "not_surveyed"
    assert cell_status(roles, both, both, 1, 3, False, min_local=2) == "district_wide_only"
    assert cell_status(roles, {"course_provider"}, both, 1, 1, False) == "district_wide_only"
    assert cell_status(roles, {"course_provider"}, {"course_provider"}, 1, 1, False) == "not_surveyed"
    assert cell_status((), set(), set(), 0, 0, False) == "not_surveyed"
    assert cell_status((), set(), set(), 0, 1, False) == "district_wide_only"
    assert cell_status(roles, both, both, 2, 0, True) == "confirmed_gap"
    assert cell_status(roles, both, both, 2, 0, False, surveyed_none=True) == "confirmed_gap"


def test_status_labels_carry_a_symbol_in_both_languages() -> None:
    labels = {(s, lang): status_label(s, lang) for s in STATUSES for lang in ("de", "en")}
    assert labels[("covered", "en")] == "✓ covered" and labels[("district_wide_only", "de")] == "◐ nur kreisweit"
    assert len({label[0] for label in labels.values()}) == 4  # one symbol per status
    assert len(set(labels.values())) == 8


def test_offer_facts_read_nodes_and_links() -> None:
    node, links = offer("o", "offered", (WORK, LANGUAGE), serves=("cheim", "adorf"), providers=("vhs", "miz", "ghost"))
    other = Node("f", "Format", "Newsletter")
    facts = offer_facts([node, other], [*links, Link("o", "Offer", "UNDER", "p", "Programme")],
                        {"vhs": "course_provider", "miz": "counselling_service"})
    assert facts == (OfferFacts("o", "Angebot o", "offered", False, (LANGUAGE, WORK), ("adorf", "cheim"),
                                ("counselling_service", "course_provider"), SOURCE),)
    text_flag = Node("t", "Offer", "T", properties={"status": "not_offered", "district_wide": "ja"})
    assert offer_facts([text_flag], [], {})[0].district_wide is True


# -- the bundled district (needs data/ludwigsburg/offers.csv with the two absent offers) --------------------


@pytest.fixture(scope="module")
def bundled(tmp_path_factory: pytest.TempPathFactory, vocabulary: Vocabulary,
            roles: dict[str, tuple[str, ...]]) -> CoverageReport:
    from importers.seed import seed

    with EmbeddedStore(tmp_path_factory.mktemp("bundled") / "s.sqlite", vocabulary) as store:
        seed(store, vocabulary, DATA_DIR / "ludwigsburg")
        return coverage_gaps(store.gap_facts(), vocabulary, roles)


def test_no_explanation_of_the_bundled_district_contradicts_its_status(bundled: CoverageReport,
                                                                       vocabulary: Vocabulary) -> None:
    assert len(bundled.cells) == 156
    found = {(c.municipality, c.field): contradictions(c, vocabulary) for c in bundled.cells}
    assert {key: problems for key, problems in found.items() if problems} == {}


def test_the_bundled_absent_offers_are_confirmed_gaps_in_every_language_cell(bundled: CoverageReport) -> None:
    counts = bundled.counts()
    assert list(counts) == list(STATUSES) and sum(counts.values()) == 156
    assert counts["confirmed_gap"] == 39
    for cell in bundled.cells:
        assert (cell.status == "confirmed_gap") == (cell.field == LANGUAGE)
        if cell.field == LANGUAGE:
            names = {o.name for o in cell.absent_offers}
            assert len(names) == 2 and any("Sprachmittel" in n for n in names)
            assert all("landkreis-ludwigsburg.de" in o.source for o in cell.absent_offers)
    # Only cells nobody has looked at are "not surveyed"; the old model called 146 cells a gap.
    assert counts == {"covered": 2, "district_wide_only": 77, "confirmed_gap": 39, "not_surveyed": 38}

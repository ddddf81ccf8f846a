"""The pages of the knowledge graph (formats & events, offers, recommendations, search, the node profile, and the
actor profile's section on them) with Streamlit's AppTest, in German and English, against a real embedded store
holding a small knowledge graph written here (no mocks, independent of the bundled data)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TypeVar

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.knowledge_search import entries, fold, search
from graph.model.domain import Actor, GraphBatch
from graph.model.knowledge import Link, Node
from graph.model.vocabulary import Vocabulary
from graph.settings import DATA_DIR
from graph.store.embedded import EmbeddedStore

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "dashboard" / "app.py"
TIMEOUT = 60
HOSTILE = '<script>alert("x")</script> $E=mc^2$ "quoted" **bold**'
SOURCE = "https://www.landkreis-ludwigsburg.de/integration"
ASPERG, MOEGLINGEN = "ags-08118003", "ags-08118050"
W = TypeVar("W")

pytestmark = pytest.mark.usefixtures("fresh_caches")


def _nodes() -> list[Node]:
    return [
        Node("format-sprachkurse", "Format", "Austauschtreffen mit den Sprachkursträgern", SOURCE, "2025-03-01",
             properties={"kind": "exchange_meeting", "rhythm": "twice_a_year", "description": "Austausch zu Kursen"}),
        Node("event-konferenz", "Event", "Integrationskonferenz 2020", SOURCE, "2025-02-01",
             properties={"kind": "conference", "start": "2020-11-09", "end": "2020-11-19", "mode": "digital",
                         "description": "Fünf digitale Veranstaltungen"}),
        Node("event-auftakt", "Event", "Auftakt der Konferenz", SOURCE,
             properties={"kind": "kick_off", "start": "2020-11-09", "mode": "digital"}),
        Node("event-panel", "Event", "Panel Sprache und Bildung", SOURCE,
             properties={"kind": "panel", "start": "2020-11-12"}),
        Node("event-hostile", "Event", HOSTILE, HOSTILE, properties={"kind": "meeting", "start": "2025-11-25",
                                                                    "place": HOSTILE}),
        Node("document-bericht", "Document", "Erster Integrationsbericht", SOURCE,
             properties={"kind": "report", "date": "2021-05-17", "url": "https://example.org/bericht.pdf"}),
        Node("offer-a1", "Offer", "Deutschkurs A1 in Asperg", SOURCE,
             properties={"status": "offered", "target_groups": ("refugees",), "language_levels": ("a1", "a2"),
                         "start": "2024-01-01", "end": "2025-12-31"}),
        Node("offer-mittler", "Offer", "Grundqualifizierung für Sprachmittelnde", SOURCE, "2025-04-01",
             properties={"status": "not_offered", "target_groups": ("language_mediators",), "district_wide": True}),
        Node("offer-bewerbung", "Offer", "Bewerbungstraining", "illustrative",
             properties={"status": "planned", "target_groups": ("newly_arrived",)}),
        Node("recommendation-kurse", "Recommendation", "Mehr Sprachkurse mit Kinderbetreuung", SOURCE,
             properties={"status": "open", "description": "Kurse für Eltern"}),
        Node("recommendation-wohnen", "Recommendation", "Wohnraum für Geflüchtete", SOURCE,
             properties={"status": "in_progress"}),
    ]


def _links() -> list[Link]:
    def link(source: str, source_type: str, type_: str, target: str, target_type: str) -> Link:
        return Link(source, source_type, type_, target, target_type, SOURCE)

    return [
        link("vhs", "Actor", "ORGANISES", "format-sprachkurse", "Format"),
        link("hostile", "Actor", "TAKES_PART_IN", "format-sprachkurse", "Format"),
        link("vhs", "Actor", "ORGANISES", "event-konferenz", "Event"),
        link("event-auftakt", "Event", "PART_OF", "event-konferenz", "Event"),
        link("event-panel", "Event", "PART_OF", "event-konferenz", "Event"),
        link("document-bericht", "Document", "RESULTS_FROM", "event-konferenz", "Event"),
        link("vhs", "Actor", "PROVIDES", "offer-a1", "Offer"),
        link("offer-a1", "Offer", "SERVES", ASPERG, "Actor"),
        link("offer-a1", "Offer", "CONCERNS", "language_education", "FieldOfAction"),
        link("offer-mittler", "Offer", "CONCERNS", "language_education", "FieldOfAction"),
        link("offer-bewerbung", "Offer", "SERVES", MOEGLINGEN, "Actor"),
        link("offer-bewerbung", "Offer", "CONCERNS", "work_training", "FieldOfAction"),
        link("recommendation-kurse", "Recommendation", "CONCERNS", "language_education", "FieldOfAction"),
        link("vhs", "Actor", "RESPONSIBLE_FOR", "recommendation-kurse", "Recommendation"),
        link("recommendation-kurse", "Recommendation", "RESULTS_FROM", "document-bericht", "Document"),
        link("recommendation-wohnen", "Recommendation", "CONCERNS", "housing_living_together", "FieldOfAction"),
    ]


def _write(path: Path, *, recommendations: bool = True) -> None:
    with EmbeddedStore(path, Vocabulary.load(DATA_DIR / "vocabularies")) as store:
        store.initialise()
        nodes = [n for n in _nodes() if recommendations or n.type != "Recommendation"]
        links = [k for k in _links() if recommendations or "Recommendation" not in (k.source_type, k.target_type)]
        store.write(GraphBatch(actors=(
            Actor(ASPERG, "Asperg", "municipality", town="Asperg", properties={"ags": "08118003"}),
            Actor(MOEGLINGEN, "Möglingen", "municipality", town="Möglingen", properties={"ags": "08118050"}),
            Actor("vhs", "Volkshochschule Ludwigsburg (vhs)", "course_provider", municipality=ASPERG, town="Asperg",
                  fields=("language_education",), provenance=SOURCE),
            Actor("hostile", HOSTILE, "migrant_organisation", municipality=ASPERG, town="Asperg", provenance=HOSTILE),
        ), nodes=tuple(nodes), links=tuple(links)))


@pytest.fixture
def knowledge(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A small knowledge graph: a format, events with parts, a document, offers (one confirmed not offered),
    recommendations, and an actor and an event with a hostile name."""
    path = tmp_path / "knowledge.sqlite"
    _write(path)
    monkeypatch.setenv("INTEGRANET_STORE", str(path))
    monkeypatch.delenv("INTEGRANET_HOME_ORGANISATION", raising=False)
    return path


# -- helpers ----------------------------------------------------------------------------------------------------


def page(path: str, **query: str) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    at.switch_page(path).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def plain(markdown: object) -> str:
    """Markdown source without backslash escapes: what the user reads."""
    return re.sub(r"\\(.)", r"\1", str(markdown))


def links(at: AppTest) -> list[tuple[str, str]]:
    """(label as the user reads it, query string) of every page link."""
    return [(plain(e.proto.label), e.proto.query_string) for e in at.get("page_link")]


def table_text(at: AppTest) -> str:
    return "\n".join(plain(cell) for table in at.table for frame in [table.value] for column in frame.columns
                     for cell in [column, *frame[column]])


def all_text(at: AppTest) -> str:
    parts = [e.value for e in (*at.title, *at.header, *at.subheader, *at.markdown, *at.caption, *at.info,
                               *at.warning, *at.error)]
    return "\n".join([*(plain(p) for p in parts), *(label for label, _ in links(at)), table_text(at)])


def by_label(widgets: Sequence[W], label: str) -> W:
    labels = [getattr(w, "label", None) for w in widgets]
    assert label in labels, f"no widget labelled {label!r}; have {labels}"
    return widgets[labels.index(label)]


def to_english(at: AppTest) -> None:
    at.sidebar.radio[0].set_value("en").run()
    assert not at.exception, [e.value for e in at.exception]


def offer_names(at: AppTest) -> list[str]:
    frame: Any = at.table[-1].value
    return [plain(cell) for cell in frame[frame.columns[0]]]


# -- formats and events -----------------------------------------------------------------------------------------


def test_formats_page_shows_formats_a_timeline_nested_parts_and_documents(knowledge: Path) -> None:
    at = page("views/formats.py")
    assert at.title[0].value == "Formate & Veranstaltungen"
    text = all_text(at)
    for expected in ("Formate (1)", "Veranstaltungen (4)", "Dokumente (1)",
                     "Format · Austauschtreffen · Zweimal im Jahr", "Organisiert von:", "Teilnehmende:", "Teile (2):",
                     "Veranstaltung · Konferenz · Digital",
                     "Erster Integrationsbericht (Bericht, 17.05.2021)", "17.05.2021", "2020", "2025"):
        assert expected in text, expected
    assert len(at.get("vega_lite_chart")) == 1  # the timeline
    found = links(at)
    assert ("Austauschtreffen mit den Sprachkursträgern", "id=format-sprachkurse") in found
    assert ("Volkshochschule Ludwigsburg (vhs) (Asperg)", "id=vhs") in found  # the organiser's actor profile
    # The conference with its dates, and its parts nested under it in date order.
    labels = [label for label, _ in found]
    conference = labels.index("09.11.2020 – 19.11.2020 · Integrationskonferenz 2020")
    assert labels[conference + 1:conference + 5] == [
        "Volkshochschule Ludwigsburg (vhs) (Asperg)", "Erster Integrationsbericht (Bericht, 17.05.2021)",
        "09.11.2020 · Auftakt der Konferenz", "12.11.2020 · Panel Sprache und Bildung"]
    # The document's link is a link in the table.
    link_cell = at.table[0].value.iloc[0, -1]
    assert "](https://example.org/bericht.pdf)" in link_cell


def test_formats_page_in_english(knowledge: Path) -> None:
    at = page("views/formats.py")
    to_english(at)
    assert at.title[0].value == "Formats & events"
    text = all_text(at)
    for expected in ("Formats (1)", "Exchange meeting", "Twice a year", "Organised by:", "Parts (2):",
                     "2020-11-09 – 2020-11-19 · Integrationskonferenz 2020", "Report, 2021-05-17"):
        assert expected in text, expected
    assert "Austauschtreffen ·" not in text and "17.05.2021" not in text


# -- offers -------------------------------------------------------------------------------------------------------


def test_offers_page_marks_absent_offers_as_known_gaps_with_their_source(knowledge: Path) -> None:
    at = page("views/offers.py")
    assert at.title[0].value == "Angebote"
    assert "3 von 3 Angeboten gezeigt, davon 1 bekannte Lücken." in all_text(at)
    assert plain(at.subheader[0].value) == "Bekannte Lücken: bestätigt nicht angeboten (1)"
    gap = at.warning[0].value
    assert plain(gap).startswith("**Grundqualifizierung für Sprachmittelnde** – Bestätigt nicht angeboten")
    assert "Sprachmittelnde" in plain(gap) and "Für: ganzer Landkreis" in plain(gap)
    assert f"]({SOURCE})" in gap  # the source is a link
    assert "Zuletzt bestätigt am 01.04.2025" in plain(gap)
    table = table_text(at)
    for expected in ("Bestätigt nicht angeboten (bekannte Lücke)", "Angeboten", "Geplant", "Geflüchtete", "A1, A2",
                     "Volkshochschule Ludwigsburg (vhs)", "Asperg", "01.01.2024 – 31.12.2025", "Demonstration"):
        assert expected in table, expected
    assert ("Deutschkurs A1 in Asperg", "id=offer-a1") in links(at)


def test_offer_filters(knowledge: Path) -> None:
    at = page("views/offers.py")
    by_label(at.multiselect, "Status").set_value(["planned"]).run()
    assert offer_names(at) == ["Bewerbungstraining"]
    assert not at.warning  # no known gap among them
    by_label(at.multiselect, "Status").set_value([]).run()
    # A municipality: what serves it, and what concerns the whole district.
    by_label(at.multiselect, "Kommune").set_value([ASPERG]).run()
    assert offer_names(at) == ["Deutschkurs A1 in Asperg", "Grundqualifizierung für Sprachmittelnde"]
    by_label(at.multiselect, "Kommune").set_value([MOEGLINGEN]).run()
    assert offer_names(at) == ["Bewerbungstraining", "Grundqualifizierung für Sprachmittelnde"]
    by_label(at.multiselect, "Kommune").set_value([]).run()
    by_label(at.multiselect, "Sprachniveau").set_value(["a1"]).run()
    assert offer_names(at) == ["Deutschkurs A1 in Asperg"]
    by_label(at.multiselect, "Sprachniveau").set_value([]).run()
    by_label(at.multiselect, "Zielgruppe").set_value(["language_mediators"]).run()
    assert offer_names(at) == ["Grundqualifizierung für Sprachmittelnde"]
    by_label(at.multiselect, "Zielgruppe").set_value([]).run()
    by_label(at.multiselect, "Handlungsfeld").set_value(["work_training"]).run()
    assert offer_names(at) == ["Bewerbungstraining"]
    by_label(at.multiselect, "Status").set_value(["ended"]).run()
    assert "Kein Angebot passt zu diesen Filtern." in all_text(at)


def test_offers_page_in_english_keeps_the_filter(knowledge: Path) -> None:
    at = page("views/offers.py")
    by_label(at.multiselect, "Status").set_value(["not_offered"]).run()
    to_english(at)
    assert at.title[0].value == "Offers"
    assert by_label(at.multiselect, "Status").value == ["not_offered"]
    text = all_text(at)
    assert "Known gaps: confirmed not offered (1)" in text
    assert "Confirmed not offered (known gap)" in table_text(at)
    assert "Language mediators" in text and "For: the whole district" in text


# -- recommendations ----------------------------------------------------------------------------------------------


def test_recommendations_by_field_with_who_is_responsible(knowledge: Path) -> None:
    at = page("views/recommendations.py")
    assert at.title[0].value == "Empfehlungen"
    # In the order of the fields of action in the vocabulary.
    assert [plain(s.value) for s in at.subheader] == ["Wohnen und Zusammenleben im Quartier (1)",
                                                      "Sprache und Bildung (1)"]
    text = all_text(at)
    assert "2 von 2 Empfehlungen gezeigt; 1 davon ohne Verantwortliche." in text
    assert "Status: Offen" in text and "Status: In Umsetzung" in text
    assert "Niemand als verantwortlich erfasst." in text
    assert ("Volkshochschule Ludwigsburg (vhs) (Asperg)", "id=vhs") in links(at)
    assert ("Erster Integrationsbericht", "id=document-bericht") in links(at)  # results from the report
    by_label(at.multiselect, "Status").set_value(["in_progress"]).run()
    assert [plain(s.value) for s in at.subheader] == ["Wohnen und Zusammenleben im Quartier (1)"]
    by_label(at.multiselect, "Status").set_value([]).run()
    by_label(at.multiselect, "Handlungsfeld").set_value(["language_education"]).run()
    assert [plain(s.value) for s in at.subheader] == ["Sprache und Bildung (1)"]
    to_english(at)
    assert at.title[0].value == "Recommendations"
    assert [plain(s.value) for s in at.subheader] == ["Language and education (1)"]
    assert "Status: Open" in all_text(at)


def test_recommendations_empty_state_says_what_to_do(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "without.sqlite"
    _write(path, recommendations=False)
    monkeypatch.setenv("INTEGRANET_STORE", str(path))
    at = page("views/recommendations.py")
    assert at.info[0].value.startswith("Noch keine Empfehlungen erfasst.")
    assert "integranet import" in at.info[0].value
    to_english(at)
    assert at.info[0].value.startswith("No recommendations recorded yet.")


# -- search -------------------------------------------------------------------------------------------------------


def test_fold_ignores_case_accents_and_umlaut_spellings() -> None:
    assert fold("Möglingen") == fold("MOEGLINGEN") == fold("moglingen")
    assert fold("Straße") == fold("STRASSE")
    found = search("sprachkurstraeger", entries(_nodes(), [], [], Vocabulary.load(DATA_DIR / "vocabularies").schema))
    assert [h.entry.id for h in found] == ["format-sprachkurse"]


def test_search_finds_every_type_grouped_and_linked(knowledge: Path) -> None:
    at = page("views/search.py")
    assert at.title[0].value == "Suche"
    assert "Geben Sie einen Namen" in at.info[0].value
    by_label(at.text_input, "Akteure, Formate, Veranstaltungen, Angebote, Dokumente … suchen").set_value(
        "integrationskonferenz").run()
    assert [plain(s.value) for s in at.subheader] == ["Veranstaltungen (1)"]
    assert links(at)[0] == ("Integrationskonferenz 2020", "id=event-konferenz")
    assert at.query_params["q"] == "integrationskonferenz"  # the search can be shared
    by_label(at.text_input, "Akteure, Formate, Veranstaltungen, Angebote, Dokumente … suchen").set_value("VHS").run()
    assert [plain(s.value) for s in at.subheader] == ["Akteure (1)"]
    assert links(at)[0] == ("Volkshochschule Ludwigsburg (vhs) (Asperg)", "id=vhs")
    # A text property is searched too, and the page says where the words were found.
    by_label(at.text_input, "Akteure, Formate, Veranstaltungen, Angebote, Dokumente … suchen").set_value(
        "kinderbetreuung").run()
    assert ("Mehr Sprachkurse mit Kinderbetreuung", "id=recommendation-kurse") in links(at)
    by_label(at.text_input, "Akteure, Formate, Veranstaltungen, Angebote, Dokumente … suchen").set_value(
        "fur eltern").run()
    assert "Beschreibung: Kurse für Eltern" in all_text(at)
    by_label(at.text_input, "Akteure, Formate, Veranstaltungen, Angebote, Dokumente … suchen").set_value(
        "Sprache").run()
    groups = [plain(s.value) for s in at.subheader]
    assert groups == ["Handlungsfelder (1)", "Veranstaltungen (1)"]  # in the schema's order of types
    assert ("Sprache und Bildung", "id=language_education") in links(at)


def test_search_from_the_address_and_in_english(knowledge: Path) -> None:
    at = page("views/search.py", q="moeglingen")
    assert [plain(s.value) for s in at.subheader] == ["Akteure (1)"]
    assert links(at)[0][1] == f"id={MOEGLINGEN}"
    to_english(at)
    assert at.title[0].value == "Search"
    assert [plain(s.value) for s in at.subheader] == ["Actors (1)"]
    by_label(at.text_input, "Search actors, formats, events, offers, documents …").set_value("zzzz").run()
    assert "Nothing found for “zzzz”" in plain(at.info[0].value)


# -- the node profile ---------------------------------------------------------------------------------------------


def test_node_profile_shows_properties_provenance_and_links_both_ways(knowledge: Path) -> None:
    at = page("views/node.py", id="event-konferenz")
    assert at.title[0].value == "Profil"
    assert at.header[0].value == "Integrationskonferenz 2020"
    assert at.query_params["id"] == "event-konferenz"
    text = all_text(at)
    for expected in ("Veranstaltung · Konferenz", "**Art:** Konferenz", "**Beginn:** 09.11.2020",
                     "**Ende:** 19.11.2020", "**Form:** Digital", "**Beschreibung:** Fünf digitale Veranstaltungen",
                     "Nicht angegeben: Uhrzeit, Ort",
                     "**Zuletzt bestätigt:** 01.02.2025", "Verknüpfungen (4)", "organisiert (1)",
                     "… organisiert Integrationskonferenz 2020", "ist Teil von (2)", "ist Ergebnis von (1)"):
        assert expected in text, expected
    source = next(m.value for m in at.markdown if m.value.startswith("**Quelle:**"))
    assert f"]({SOURCE})" in source
    found = links(at)
    assert ("Auftakt der Konferenz", "id=event-auftakt") in found and ("Erster Integrationsbericht",
                                                                         "id=document-bericht") in found
    organiser = next(e for e in at.get("page_link") if e.proto.query_string == "id=vhs")
    assert "actor" in organiser.proto.page  # an actor's link leads to the actor profile
    # The part's profile names the whole it belongs to: the link seen from the other end.
    at.query_params["id"] = "event-auftakt"
    at.run()
    assert at.header[0].value == "Auftakt der Konferenz"
    assert "Auftakt der Konferenz ist Teil von …" in all_text(at)
    assert ("Integrationskonferenz 2020", "id=event-konferenz") in links(at)


def test_node_profile_selection_round_trip_and_english(knowledge: Path) -> None:
    at = page("views/node.py", id="offer-mittler")
    assert at.header[0].value == "Grundqualifizierung für Sprachmittelnde"
    assert "**Status:** Bestätigt nicht angeboten" in all_text(at) and "**Ganzer Landkreis:** ja" in all_text(at)
    by_label(at.selectbox, "Eintrag").set_value("format-sprachkurse").run()
    assert at.header[0].value == "Austauschtreffen mit den Sprachkursträgern"
    assert at.query_params["id"] == "format-sprachkurse"
    to_english(at)
    assert at.title[0].value == "Profile"
    assert by_label(at.selectbox, "Entry").value == "format-sprachkurse"
    text = all_text(at)
    for expected in ("Format · Exchange meeting", "**Rhythm:** Twice a year", "**Last confirmed:** 2025-03-01",
                     "… organises Austauschtreffen mit den Sprachkursträgern", "… takes part in"):
        assert expected in text, expected
    at.query_params["id"] = "event-panel"
    at.run()
    assert "**Start:** 2020-11-12" in all_text(at)


def test_node_profile_of_a_field_an_actor_and_an_unknown_id(knowledge: Path) -> None:
    at = page("views/node.py", id="language_education")
    assert at.header[0].value == "Sprache und Bildung"
    assert "… betrifft Sprache und Bildung" in all_text(at)
    assert ("Deutschkurs A1 in Asperg", "id=offer-a1") in links(at)
    at = page("views/node.py", id="vhs")
    assert "ist ein Akteur" in plain(at.info[0].value)
    assert links(at) == [("Volkshochschule Ludwigsburg (vhs) (Asperg)", "id=vhs")]
    at = page("views/node.py", id="no-such-node")
    assert "keinen Eintrag mit der Kennung „no-such-node“" in plain(at.warning[0].value)
    assert not at.header


# -- hostile text, the actor profile, empty and unreachable stores -------------------------------------------------


def test_hostile_names_show_literally(knowledge: Path) -> None:
    at = page("views/node.py", id="event-hostile")
    header = at.header[0].value
    assert plain(header) == HOSTILE
    assert not re.search(r"(?<!\\)[<>*$\"]", header)  # every markup character is escaped
    assert f"**Quelle:** {HOSTILE}" in all_text(at) and f"**Ort:** {HOSTILE}" in all_text(at)
    for path, query in (("views/formats.py", {}), ("views/search.py", {"q": "script"}),
                        ("views/node.py", {"id": "format-sprachkurse"})):
        at = page(path, **query)
        labels = [e.proto.label for e in at.get("page_link") if HOSTILE in plain(e.proto.label)]
        assert labels, path
        assert all(not re.search(r"(?<!\\)[<>*$\"]", label) for label in labels), path


def test_actor_profile_links_to_what_the_actor_organises_and_provides(knowledge: Path) -> None:
    at = page("views/actor.py", id="vhs")
    text = all_text(at)
    assert "Formate, Veranstaltungen, Angebote (4)" in text
    assert "Volkshochschule Ludwigsburg (vhs) organisiert …" in text
    found = links(at)
    for expected in (("Austauschtreffen mit den Sprachkursträgern", "id=format-sprachkurse"),
                     ("Integrationskonferenz 2020", "id=event-konferenz"), ("Deutschkurs A1 in Asperg", "id=offer-a1"),
                     ("Mehr Sprachkurse mit Kinderbetreuung", "id=recommendation-kurse"),
                     ("Alle Formate und Veranstaltungen", ""), ("Alle Angebote", "")):
        assert expected in found, expected
    to_english(at)
    assert "Formats, events, offers (4)" in all_text(at)


@pytest.mark.parametrize("path", ["views/formats.py", "views/offers.py", "views/recommendations.py",
                                  "views/search.py", "views/node.py"])
def test_empty_and_unreachable_stores(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, path: str) -> None:
    monkeypatch.setenv("INTEGRANET_STORE", str(tmp_path / "empty.sqlite"))
    at = page(path)
    assert not at.error
    assert "Dateien hochladen" in all_text(at)
    assert str(tmp_path) not in all_text(at)
    monkeypatch.setenv("INTEGRANET_STORE", "bolt://127.0.0.1:1")
    at = page(path)
    assert len(at.error) == 1 and "bolt://127.0.0.1:1" in plain(at.error[0].value)

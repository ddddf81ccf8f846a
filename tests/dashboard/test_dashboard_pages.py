"""The overview, actor profile and municipality profile pages with Streamlit's AppTest, against a real
embedded store seeded with the bundled Ludwigsburg data (no mocks)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TypeVar

import pytest
from streamlit.testing.v1 import AppTest

from graph.model.domain import Actor, Relation
from graph.model.vocabulary import Vocabulary
from graph.settings import DATA_DIR
from graph.store.embedded import EmbeddedStore

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "dashboard" / "app.py"
TIMEOUT = 60
HOME = "lra-stabsstelle-integration"
HOSTILE = "<img src=x onerror=alert(1)> **Verein** [x](javascript:alert(1))"
W = TypeVar("W")


pytestmark = pytest.mark.usefixtures("fresh_caches")


@pytest.fixture
def bundled(bundled_store: Path) -> Path:
    """The shared store seeded with the bundled data (see conftest.py); these tests only read it."""
    return bundled_store


@pytest.fixture
def small(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A tiny store with personal data and a hostile name, and no home organisation in it."""
    path = tmp_path / "small.sqlite"
    with EmbeddedStore(path, Vocabulary.load(DATA_DIR / "vocabularies")) as store:
        store.initialise()
        store.upsert_actors([Actor("ags-08118003", "Asperg", "municipality", town="Asperg",
                                   properties={"ags": "08118003", "population": 13836,
                                               "population_date": "2023-12-31"})])
        store.upsert_actors([
            Actor("club", "Arbeitskreis Asyl Asperg", "volunteer_group", municipality="ags-08118003", town="Asperg",
                  provenance="Umfrage 2024, https://example.org/umfrage_(2024).",
                  properties={"email": "info@example.org", "contact": "Erika Muster", "website": "https://ak.example"}),
            Actor("hostile", HOSTILE, "migrant_organisation", municipality="ags-08118003", town="Asperg",
                  provenance=HOSTILE),
        ])
        store.upsert_relations([Relation("hostile", "exchanges_with", "club", note=HOSTILE, provenance=HOSTILE)])
    monkeypatch.setenv("INTEGRANET_STORE", str(path))
    monkeypatch.setenv("INTEGRANET_HOME_ORGANISATION", "not-in-this-store")
    return path


# -- helpers ----------------------------------------------------------------------------------------------------


def page(path: str, **query: str) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    if path != "views/overview.py":
        at.switch_page(path).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def plain(markdown: object) -> str:
    """Markdown source without backslash escapes: what the user reads."""
    return re.sub(r"\\(.)", r"\1", str(markdown))


def links(at: AppTest) -> list[tuple[str, str]]:
    """(label as the user reads it, query string) of every page link."""
    return [(plain(e.proto.label), e.proto.query_string) for e in at.get("page_link")]


def tables(at: AppTest) -> list[Any]:
    return [table.value for table in at.table]


def table_text(at: AppTest) -> str:
    return "\n".join(plain(cell) for frame in tables(at) for column in frame.columns
                     for cell in [column, *frame[column]])


def all_text(at: AppTest) -> str:
    parts = [e.value for e in (*at.title, *at.header, *at.subheader, *at.markdown, *at.caption, *at.info,
                               *at.warning, *at.error)]
    return "\n".join([*(plain(p) for p in parts), *(label for label, _ in links(at)), table_text(at),
                      *(f"{m.label}: {m.value}" for m in at.metric)])


def by_label(widgets: Sequence[W], label: str) -> W:
    labels = [getattr(w, "label", None) for w in widgets]
    assert label in labels, f"no widget labelled {label!r}; have {labels}"
    return widgets[labels.index(label)]


def to_english(at: AppTest) -> None:
    at.sidebar.radio[0].set_value("en").run()
    assert not at.exception, [e.value for e in at.exception]


# -- overview -----------------------------------------------------------------------------------------------------


def test_overview_key_figures_district_and_top_actors(bundled: Path) -> None:
    at = page("views/overview.py")
    assert at.title[0].value == "Übersicht"
    assert [m.label for m in at.metric] == ["Akteure", "Verbindungen", "Kommunen", "Handlungsfelder"]
    assert [m.value for m in at.metric] == ["83", "192", "39", "4"]
    text = all_text(at)
    assert "Demonstrationsdaten" in at.warning[0].value  # the bundled data has demonstration ties
    assert re.search(r"Stand: \d\d\.\d\d\.\d{4}", text)
    # Actors by kind and ties by type, as tables beside the charts, labels in German.
    assert len(at.get("vega_lite_chart")) == 2
    kinds = plain(tables(at)[0].iloc[0, 0]), plain(tables(at)[0].iloc[0, 1])
    assert kinds == ("Kommune", "39")
    assert "berät" in text and "davon Demonstration" in text
    # The district's figures, dated and sourced, numbers in German.
    for expected in ("31.12.2023", "553.689", "119.120", "21,51 %", "19,16 %", "nicht angegeben",
                     "Quelle für den 31.12.2023", "nicht mit den Anteilen aus dem Zensus 2022"):
        assert expected in text, expected
    # The most connected actors link to their profiles; the district office comes first.
    top = [(label, query) for label, query in links(at) if query.startswith("id=") and re.match(r"\d+\. ", label)]
    assert top[0][0].startswith("1. Landratsamt Ludwigsburg – Stabsstelle Integration")
    assert top[0][1] == f"id={HOME}"
    assert len(top) == 10
    # The last import: which files and how many rows.
    assert "municipalities.csv, organisations.csv, relations.csv, relations_illustrative.csv" in text
    assert "302 Zeilen" in text


def test_overview_language_switch_changes_labels_and_numbers(bundled: Path) -> None:
    at = page("views/overview.py")
    to_english(at)
    assert at.title[0].value == "Overview"
    text = all_text(at)
    for expected in ("Actors by kind", "Ties by type of relation", "Municipality", "advises", "553,689",
                     "2023-12-31", "21.51 %", "not given", "Most connected actors", "302 rows"):
        assert expected in text, expected
    assert "Kommune" not in table_text(at) and "553.689" not in text


def test_overview_of_an_empty_store_gives_a_hint(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INTEGRANET_STORE", str(tmp_path / "empty.sqlite"))
    for path in ("views/overview.py", "views/actor.py", "views/municipality.py"):
        at = page(path)
        assert not at.error
        assert "Dateien hochladen" in all_text(at), path
        assert str(tmp_path) not in all_text(at), path


@pytest.mark.parametrize("path", ["views/actor.py", "views/municipality.py"])
def test_unreachable_store_shows_an_error_not_a_traceback(monkeypatch: pytest.MonkeyPatch, path: str) -> None:
    monkeypatch.setenv("INTEGRANET_STORE", "bolt://127.0.0.1:1")
    at = page(path)
    assert len(at.error) == 1
    assert "bolt://127.0.0.1:1" in plain(at.error[0].value)
    assert at.sidebar.radio  # the language switch still works


# -- actor profile ------------------------------------------------------------------------------------------------


def test_actor_page_shows_the_home_organisation_by_default(bundled: Path) -> None:
    at = page("views/actor.py")
    assert at.title[0].value == "Akteursprofil"
    assert by_label(at.selectbox, "Akteur").value == HOME
    assert at.query_params["id"] == HOME  # the address can be shared
    assert plain(at.header[0].value).startswith("Landratsamt Ludwigsburg – Stabsstelle Integration")
    text = all_text(at)
    assert "Dies ist die Stelle, die IntegraNet betreibt." in text
    assert "den ganzen Landkreis" in text
    assert "Partner: 51" in text and "Platz 1 von 83" in text
    # Ties grouped by type, each linking to the other actor's profile.
    assert "berät (45)" in text
    assert ("Asperg", "id=ags-08118003") in links(at)
    # Its seat links to the municipality profile.
    assert ("Ludwigsburg", "id=ags-08118048") in links(at)
    # Provenance: web addresses become links, shown with a short label.
    provenance = next(m.value for m in at.markdown if "landkreis-ludwigsburg.de/…/integration/" in plain(m.value))
    assert "](https://www.landkreis-ludwigsburg.de/de/soziales-jugend-familie/" in provenance
    assert len(at.get("iframe")) == 1  # the ego map
    assert "Die Akteure der Karte als Tabelle:" in text


def test_actor_query_parameter_selects_the_actor(bundled: Path) -> None:
    at = page("views/actor.py", id="vhs-lb")
    assert by_label(at.selectbox, "Akteur").value == "vhs-lb"
    assert plain(at.header[0].value) == "Volkshochschule Ludwigsburg (vhs)"
    text = all_text(at)
    assert "13 von 15 Verbindungen dieses Akteurs sind Demonstrationsverbindungen" in text
    assert "Kürzester Weg zu Landratsamt Ludwigsburg – Stabsstelle Integration" in text
    assert "(Demonstrationsverbindung, nicht belegt)" in text  # the path runs over a demonstration tie
    assert any(label.endswith("– Demonstration") for label, _ in links(at))
    assert "Kursträger" in text and "Sprache und Bildung" in text


def test_selecting_another_actor_changes_the_page_and_the_address(bundled: Path) -> None:
    at = page("views/actor.py", id="vhs-lb")
    before = all_text(at)
    by_label(at.selectbox, "Akteur").set_value("jobcenter-lb").run()
    assert not at.exception
    assert plain(at.header[0].value) == "Jobcenter Landkreis Ludwigsburg"
    assert at.query_params["id"] == "jobcenter-lb"
    assert all_text(at) != before
    # A link to another actor (as a click on it does) selects that actor.
    at.query_params["id"] = "vhs-lb"
    at.run()
    assert by_label(at.selectbox, "Akteur").value == "vhs-lb"
    assert plain(at.header[0].value) == "Volkshochschule Ludwigsburg (vhs)"


def test_unknown_actor_id_gives_a_friendly_message(bundled: Path) -> None:
    at = page("views/actor.py", id="no-such-actor")
    assert not at.error
    assert "keinen Akteur mit der Kennung „no-such-actor“" in plain(at.warning[0].value)
    assert "Wählen Sie oben einen Akteur" in at.info[0].value
    assert by_label(at.selectbox, "Akteur").value is None
    assert not at.header
    # Choosing one replaces the message.
    by_label(at.selectbox, "Akteur").set_value("vhs-lb").run()
    assert not any("no-such-actor" in w.value for w in at.warning)
    assert at.query_params["id"] == "vhs-lb"


def test_actor_page_language_switch(bundled: Path) -> None:
    at = page("views/actor.py", id="vhs-lb")
    to_english(at)
    assert at.title[0].value == "Actor profile"
    assert by_label(at.selectbox, "Actor").value == "vhs-lb"  # the selection is kept
    text = all_text(at)
    for expected in ("Facts", "Course provider", "Language and education", "Place in the network",
                     "Path to the organisation running IntegraNet", "refers clients to (10)", "– demonstration"):
        assert expected in text, expected
    assert "Kursträger" not in text
    assert '"integranetLanguage": "en"' in str(at.get("iframe")[0].proto.srcdoc)


def test_ego_map_depth(bundled: Path) -> None:
    at = page("views/actor.py", id="vhs-lb")

    def counts() -> str:
        return next(plain(c.value) for c in at.caption if "Akteure und" in c.value and "gezeigt" in c.value)

    assert counts().startswith("15 Akteure und")
    by_label(at.radio, "Wie weit?").set_value(2).run()
    assert not at.exception
    assert not counts().startswith("15 Akteure und")
    assert by_label(at.radio, "Wie weit?").value == 2


def test_personal_data_is_hidden_until_switched_on(small: Path) -> None:
    at = page("views/actor.py", id="club")
    text = all_text(at)
    assert "info@example.org" not in text and "Erika Muster" not in text
    assert "2 personenbezogene Angabe(n) ausgeblendet." in text
    assert "ak.example" in text
    by_label(at.toggle, "Personenbezogene Angaben zeigen").set_value(True).run()
    text = all_text(at)
    assert "info@example.org" in text and "Erika Muster" in text
    # The choice holds for the session: another actor and back.
    by_label(at.selectbox, "Akteur").set_value("hostile").run()
    by_label(at.selectbox, "Akteur").set_value("club").run()
    assert "Erika Muster" in all_text(at)


def test_user_text_shows_literally(small: Path) -> None:
    at = page("views/actor.py", id="hostile")
    header = at.header[0].value
    assert plain(header) == HOSTILE
    # Every character that Markdown would read as markup is escaped.
    assert not re.search(r"(?<!\\)[<>*\[\]()]", header)
    # The provenance has no web address: all of it is text.
    assert any(plain(m.value) == HOSTILE and "](" not in m.value for m in at.markdown)
    assert all("javascript" not in query for _, query in links(at))
    # No home organisation in this store: the page says so instead of failing.
    assert "not-in-this-store" in plain(next(i.value for i in at.info if "INTEGRANET_HOME_ORGANISATION" in i.value))
    # A web address inside text becomes a link; the brackets around it stay text.
    at = page("views/actor.py", id="club")
    source = next(m.value for m in at.markdown if "Umfrage 2024" in m.value)
    assert "[example\\.org\\/umfrage\\_\\(2024\\)](https://example.org/umfrage_%282024%29)\\." in source
    assert plain(source).endswith(".")


# -- municipality profile -----------------------------------------------------------------------------------------


def test_municipality_page_defaults_to_the_seat_of_the_home_organisation(bundled: Path) -> None:
    at = page("views/municipality.py")
    assert at.title[0].value == "Kommunenprofil"
    assert by_label(at.selectbox, "Kommune").value == "ags-08118048"
    assert at.header[0].value == "Ludwigsburg"
    assert at.query_params["id"] == "ags-08118048"


def test_municipality_profile_figures_actors_ties_nearest_coverage(bundled: Path) -> None:
    at = page("views/municipality.py", id="ags-08118003")
    assert at.header[0].value == "Asperg"
    text = all_text(at)
    for expected in (
        "Einwohnerzahl (amtliche Fortschreibung)", "13.836", "31.12.2023",
        "Einwohnerzahl laut Zensus 2022", "13.141", "15.05.2022",
        "Ausländeranteil laut Zensus 2022", "18,7 %", "Sekundärquelle, nicht amtlich geprüft",
        "Quelle – Einwohnerzahl (amtliche Fortschreibung): Destatis GV-ISys",
        "Gemeindeschlüssel 08118003",
        "Verbindungen über die Ortsgrenze (1)", "Landratsamt Ludwigsburg – Stabsstelle Integration",
        "Nächste Akteure in anderen Orten", "Volkshochschule Ludwigsburg (vhs)", "4,7 km",
        "Abdeckung je Handlungsfeld", "Asperg: bestätigte Lücke in Sprache und Bildung",
    ):
        assert expected in text, expected
    assert ("Asperg – Verbindungen und Karte im Akteursprofil", "id=ags-08118003") in links(at)


def test_municipality_query_by_official_key_and_selection(bundled: Path) -> None:
    at = page("views/municipality.py", id="08118010")
    assert at.header[0].value == "Bönnigheim"
    assert at.query_params["id"] == "ags-08118010"  # the address names the id from now on
    seated = [label for label, query in links(at) if "fk-fluechtlingshilfe-boennigheim" in query]
    assert seated and "(Bönnigheim)" not in seated[0]  # the town goes without saying in its own profile
    by_label(at.selectbox, "Kommune").set_value("ags-08118003").run()
    assert not at.exception
    assert at.header[0].value == "Asperg"
    assert at.query_params["id"] == "ags-08118003"


def test_unknown_municipality_gives_a_friendly_message(bundled: Path) -> None:
    at = page("views/municipality.py", id="Atlantis")
    assert not at.error
    assert "keine Kommune mit der Kennung oder dem Gemeindeschlüssel „Atlantis“" in plain(at.warning[0].value)
    assert by_label(at.selectbox, "Kommune").value is None
    assert not at.header


def test_municipality_page_language_switch(bundled: Path) -> None:
    at = page("views/municipality.py", id="ags-08118003")
    to_english(at)
    assert at.title[0].value == "Municipality profile"
    assert by_label(at.selectbox, "Municipality").value == "ags-08118003"
    text = all_text(at)
    for expected in ("Population (official continuation)", "13,836", "2023-12-31", "18.7 %",
                     "secondary source", "Ties across the town's border (1)", "4.7 km",
                     "Asperg: confirmed gap in Language and education"):
        assert expected in text, expected
    assert "Einwohnerzahl" not in text


def test_municipality_links_lead_to_actor_profiles(small: Path) -> None:
    at = page("views/municipality.py")
    assert at.header[0].value == "Asperg"  # the only municipality; the home organisation is not in the store
    labels = dict(links(at))
    assert labels["Arbeitskreis Asyl Asperg – Ehrenamtliche Initiative"] == "id=club"
    assert labels[f"{HOSTILE} – Migrantenorganisation"] == "id=hostile"
    crossing = "Keine Verbindungen über die Ortsgrenze."
    assert crossing in all_text(at)  # both ends of the only tie are inside Asperg

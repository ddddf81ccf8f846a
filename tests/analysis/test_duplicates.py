"""Likely duplicates: names normalised, compared within one kind and place, measured on labelled pairs."""

from __future__ import annotations

import csv
import random
import re
import time
from dataclasses import replace
from pathlib import Path

import pytest

from graph.analysis.duplicates import DUPLICATE_THRESHOLD, duplicates_of, likely_duplicates, likely_node_duplicates
from graph.errors import VocabularyError
from graph.model.domain import Actor
from graph.model.knowledge import Node
from graph.model.names import load_abbreviations, normalise_name
from graph.model.vocabulary import Vocabulary
from graph.settings import DATA_DIR
from graph.store.embedded import EmbeddedStore
from importers.records import KnownActors, plan_import

PAIRS = Path(__file__).parent / "data" / "duplicate_pairs.csv"
README = Path(__file__).resolve().parents[2] / "README.md"


def _actor(actor_id: str, name: str, kind: str, town: str) -> Actor:
    # The municipality's id as the importer would resolve it: one per town.
    return Actor(actor_id, name, kind, f"m-{town}" if town else None, town)


def test_precision_and_recall_on_the_labelled_pairs() -> None:
    rows = list(csv.DictReader(PAIRS.open(encoding="utf-8")))
    assert len(rows) >= 40 and sum(r["duplicate"] == "no" for r in rows) >= 0.4 * len(rows)
    true_pos = false_pos = false_neg = 0
    missed: list[str] = []
    for i, row in enumerate(rows):
        a = _actor(f"a{i}", row["name_a"], row["kind_a"], row["town_a"])
        b = _actor(f"b{i}", row["name_b"], row["kind_b"], row["town_b"])
        flagged, wanted = bool(likely_duplicates([a, b])), row["duplicate"] == "yes"
        true_pos += flagged and wanted
        false_pos += flagged and not wanted
        false_neg += wanted and not flagged
        if flagged != wanted:
            missed.append(f"{a.name} / {b.name}")
    precision, recall = true_pos / (true_pos + false_pos), true_pos / (true_pos + false_neg)
    print(f"duplicates at {DUPLICATE_THRESHOLD}: precision {precision:.3f}, recall {recall:.3f}, "
          f"{len(rows)} pairs; wrong: {missed}")
    assert precision >= 0.85 and recall >= 0.85, missed


@pytest.mark.parametrize(("a", "b"), [
    ("Freundeskreis Asyl Münchingen e.V.", "Freundeskreis Asyl Muenchingen"),
    ("Straßenkinder gGmbH", "Strassenkinder"),
    ("DRK Kreisverband Ludwigsburg e. V.", "Deutsches Rotes Kreuz – Kreisverband Ludwigsburg"),
    ("IHK Bezirkskammer Ludwigsburg", "Industrie- und Handelskammer, Bezirkskammer Ludwigsburg"),
    ("Integrationshilfe UG (haftungsbeschränkt)", "Integrationshilfe"),
    ("Café Begegnung", "Cafe Begegnung"),
])
def test_spellings_of_one_name_normalise_alike(a: str, b: str) -> None:
    assert normalise_name(a) == normalise_name(b)


def test_legal_forms_go_only_at_the_end_of_a_part() -> None:
    assert normalise_name("AG Asyl Tamm") == "ag asyl tamm"  # an Arbeitsgruppe, not a company
    assert normalise_name("Verein AG") == "verein"
    assert normalise_name("GmbH") == "gmbh"  # nothing else left: the word stays


def test_the_abbreviations_are_data(tmp_path: Path) -> None:
    mine = tmp_path / "abbreviations.csv"
    mine.write_text("abbreviation,expansion,source\nFK,Freundeskreis,local\n", encoding="utf-8")
    assert normalise_name("FK Asyl", load_abbreviations(mine)) == "freundeskreis asyl"
    assert normalise_name("FK Asyl") == "fk asyl"  # not in the bundled file
    mine.write_text("abbreviation,expansion,source\nF K,Freundeskreis,local\n", encoding="utf-8")
    with pytest.raises(VocabularyError, match="one word"):
        load_abbreviations(mine)


def test_the_same_kind_in_another_town_is_not_a_duplicate() -> None:
    lb = _actor("vhs-lb", "Volkshochschule Ludwigsburg", "course_provider", "Ludwigsburg")
    bb = _actor("vhs-bb", "Volkshochschule Bietigheim-Bissingen", "course_provider", "Bietigheim-Bissingen")
    also_lb = _actor("vhs", "VHS Ludwigsburg", "course_provider", "Ludwigsburg")
    other_kind = _actor("vhs-x", "VHS Ludwigsburg", "network", "Ludwigsburg")
    pairs = likely_duplicates([lb, bb, also_lb, other_kind])
    assert [(p.a, p.b, p.score) for p in pairs] == [("vhs", "vhs-lb", 100.0)]
    assert "Ludwigsburg" in pairs[0].reason
    assert [(a.id, s) for a, s in duplicates_of(also_lb, [lb, bb, also_lb, other_kind])] == [("vhs-lb", 100.0)]
    assert duplicates_of(bb, [lb, also_lb, other_kind]) == []


def test_nodes_differing_in_a_date_are_not_duplicates() -> None:
    nodes = [Node("i17", "indicator", "Bevölkerung, Landkreis Ludwigsburg, 31.12.2017"),
             Node("i23", "indicator", "Bevölkerung, Landkreis Ludwigsburg, 31.12.2023"),
             Node("f1", "format", "Runder Tisch Asyl"), Node("f2", "format", "Runder-Tisch Asyl"),
             Node("e1", "event", "Runder Tisch Asyl")]
    assert [(p.a, p.b) for p in likely_node_duplicates(nodes)] == [("f1", "f2")]


def test_fifty_thousand_actors_stay_fast() -> None:
    rng = random.Random(7)
    words = ["Freundeskreis", "Asyl", "Netzwerk", "Integration", "Verein", "Kultur", "Sprachcafé", "Hilfe",
             "Begegnung", "Treff", "Initiative", "Forum", "Frauen", "Jugend", "Eltern", "Sport", "Musik"]
    towns = [f"Gemeinde {i}" for i in range(39)]
    kinds = [term.id for term in Vocabulary.load(DATA_DIR / "vocabularies").kinds]
    actors = [_actor(f"a{i}", " ".join(rng.sample(words, 3)) + f" {rng.randrange(10_000)}", rng.choice(kinds),
                     rng.choice(towns)) for i in range(50_000)]
    planted = [replace(actors[i], id=f"d{i}", name=f"{actors[i].name} e.V.") for i in range(0, 50_000, 5_000)]
    started = time.perf_counter()
    pairs = likely_duplicates(actors + planted)
    took = time.perf_counter() - started
    print(f"likely_duplicates over 50,000 actors: {took:.1f} s, {len(pairs)} pairs")
    assert took < 30  # 39 towns × 18 kinds: about 70 names per block, 3.5 million comparisons
    assert {(a.id, f"d{a.id[1:]}") for a in actors[::5_000]} <= {(p.a, p.b) for p in pairs}
    by_id = {a.id: a for a in actors + planted}
    assert all(by_id[p.a].municipality == by_id[p.b].municipality for p in pairs)


def test_the_bundled_data_has_no_likely_duplicates(bundled_store_file: Path, vocabulary: Vocabulary) -> None:
    with EmbeddedStore(bundled_store_file, vocabulary) as store:
        actors, nodes = store.actors(), store.nodes()
    assert likely_duplicates(actors) == []
    assert likely_node_duplicates(nodes) == []


def test_the_readme_example_warns_naming_the_existing_actors(bundled_store_file: Path, vocabulary: Vocabulary,
                                                            tmp_path: Path) -> None:
    found = re.search(r"\(`Akteure\.csv`\):\s*```csv\n(.*?)```", README.read_text(encoding="utf-8"), re.S)
    assert found, "the README's example actors file"
    example = tmp_path / "Akteure.csv"
    example.write_text(found.group(1), encoding="utf-8")
    with EmbeddedStore(bundled_store_file, vocabulary) as store:
        plan = plan_import([example], vocabulary, KnownActors.from_store(store))
    warnings = {p.line: p.message for p in plan.problems if p.code == "likely-duplicate"}
    assert sorted(warnings) == [2, 3] and not plan.has_errors
    assert "the existing 'Volkshochschule Ludwigsburg (vhs)' (id 'vhs-lb', score 100)" in warnings[2]
    assert "'Jobcenter Landkreis Ludwigsburg' (id 'jobcenter-lb'" in warnings[3]


def test_an_update_by_id_is_not_a_duplicate(bundled_store_file: Path, vocabulary: Vocabulary, tmp_path: Path) -> None:
    update = tmp_path / "Akteure.csv"
    update.write_text("Kennung;Bezeichnung;Art;Gemeinde\nvhs-lb;Volkshochschule Ludwigsburg;Kursträger;Ludwigsburg\n"
                      "vhs-2;vhs Ludwigsburg e.V.;Kursträger;Ludwigsburg\n", encoding="utf-8")
    with EmbeddedStore(bundled_store_file, vocabulary) as store:
        plan = plan_import([update], vocabulary, KnownActors.from_store(store))
    warnings = [p for p in plan.problems if p.code == "likely-duplicate"]
    assert [p.line for p in warnings] == [3] and "'vhs-lb'" in warnings[0].message

"""The bundled dataset and the exports, on both backends: seed, stats, export → import round trips."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import networkx as nx
import pytest

from graph.exports.formats import export_subgraph
from graph.model.domain import Actor, GraphBatch, Relation
from graph.model.vocabulary import Vocabulary
from graph.settings import DATA_DIR, Settings
from graph.store import open_store
from graph.store.embedded import EmbeddedStore
from tests.support import run, stats


def test_seed_gives_the_ludwigsburg_network_and_seeding_twice_changes_nothing(store_location: str) -> None:
    code, _out, err = run("--store", store_location, "seed")
    assert code == 0, err
    counts = stats(store_location)
    assert counts["municipalities"] == 39
    assert counts["fields_of_action"] == 4
    assert counts["actors"] >= 80
    assert counts["relations"] >= 80
    assert run("--store", store_location, "seed")[0] == 0
    assert stats(store_location) == counts


def test_bundled_data_marks_demonstration_ties_and_names_a_source_for_everything(tmp_path: Path) -> None:
    vocabulary = Vocabulary.load(DATA_DIR / "vocabularies")
    from importers.seed import seed

    with EmbeddedStore(tmp_path / "s.sqlite", vocabulary) as store:
        plan, _ = seed(store, vocabulary, DATA_DIR / "ludwigsburg")
        assert not plan.errors
        relations = store.relations()
        illustrative = [r for r in relations if r.is_illustrative]
        assert len(illustrative) >= 80
        assert all("illustrative" not in r.provenance for r in relations if not r.is_illustrative)
        assert all(r.provenance for r in relations)
        assert all(a.provenance for a in store.actors())
        municipalities = [a for a in store.actors() if a.kind == "municipality"]
        assert sum(int(a.properties["population"]) for a in municipalities) == 553689
        home = store.get_actor(Settings.from_env({}).home_organisation)
        assert home is not None and home.kind == "district_office"
        assert not any(k in a.properties for a in store.actors() for k in ("contact", "email", "phone"))


def test_export_csv_then_import_into_an_empty_store_gives_equal_stats(store_location: str, tmp_path: Path) -> None:
    assert run("--store", store_location, "seed")[0] == 0
    before = stats(store_location)
    out = tmp_path / "export"
    code, _, err = run("--store", store_location, "export", "--format", "csv", "--out", str(out))
    assert code == 0, err
    written = sorted(out.glob("*.csv"))
    # actors.csv, relations.csv, a file per node type (named by its id) and links.csv: the import's own format.
    assert {"actors.csv", "relations.csv", "links.csv", "Event.csv", "Indicator.csv"} <= {p.name for p in written}
    target = str(tmp_path / "fresh.sqlite")
    code, _, err = run("--store", target, "import", *map(str, written))
    assert code == 0, err
    assert stats(target) == before


def _tricky_store(path: Path) -> EmbeddedStore:
    store = EmbeddedStore(path, Vocabulary.load(DATA_DIR / "vocabularies"))
    store.initialise()
    store.write(GraphBatch(
        actors=(
            Actor(id="f", name='=HYPERLINK("http://x","y")', kind="other", provenance="+49 7141",
                  properties={"notes": "-minus", "email": "person@example.org", "contact": "Frau Beispiel",
                              "phone": "+49 7141 0"}),
            Actor(id="g", name="'=already quoted", kind="other", provenance="@home"),
        ),
        relations=(Relation("f", "advises", "g", since="2022-03-01", note="\tTab"),),
    ))
    return store


def test_csv_export_neutralises_formulas_leaves_out_personal_data_and_round_trips(tmp_path: Path) -> None:
    with _tricky_store(tmp_path / "s.sqlite") as store:
        written = export_subgraph(store.subgraph(), "csv", tmp_path / "out")
        original = {a.id: a for a in store.actors()}
    rows = list(csv.DictReader((tmp_path / "out" / "actors.csv").open(encoding="utf-8")))
    names = {r["id"]: r["name"] for r in rows}
    assert names["f"] == "'=HYPERLINK(\"http://x\",\"y\")"
    assert not {"email", "contact", "phone"} & set(rows[0])
    assert "person@example.org" not in "".join(p.read_text(encoding="utf-8") for p in written)
    target = tmp_path / "back.sqlite"
    assert run("--store", str(target), "import", *map(str, written))[0] == 0
    with EmbeddedStore(target, Vocabulary.load(DATA_DIR / "vocabularies")) as back:
        for actor_id in ("f", "g"):
            got = back.get_actor(actor_id)
            assert got is not None
            assert got.name == original[actor_id].name
            assert got.provenance == original[actor_id].provenance
        assert back.get_actor("f").properties["notes"] == "-minus"  # type: ignore[union-attr]
        assert back.relations()[0].note == "\tTab"


def test_personal_data_only_when_asked(tmp_path: Path) -> None:
    with _tricky_store(tmp_path / "s.sqlite") as store:
        path = export_subgraph(store.subgraph(), "json", tmp_path / "with.json", include_personal_data=True)[0]
        assert "person@example.org" in path.read_text(encoding="utf-8")
        path = export_subgraph(store.subgraph(), "json", tmp_path / "without.json")[0]
        assert "person@example.org" not in path.read_text(encoding="utf-8")


def test_json_export_is_one_node_link_document_with_iso_dates(store_location: str, tmp_path: Path) -> None:
    assert run("--store", store_location, "seed")[0] == 0
    out = tmp_path / "graph.json"
    assert run("--store", store_location, "export", "--format", "json", "--out", str(out))[0] == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    graph = nx.node_link_graph(data, edges="links")
    counts = stats(store_location)
    by_type = counts["by_node_type"]
    assert isinstance(by_type, dict)
    assert [n for n, d in graph.nodes(data=True) if d.get("label", "Actor") == "Actor"] != []
    assert sum(1 for _, d in graph.nodes(data=True) if d.get("label", "Actor") == "Actor") == counts["actors"]
    assert graph.number_of_nodes() == sum(by_type.values())
    assert graph.number_of_edges() == counts["relations"] + counts["links"]  # type: ignore[operator]
    dates = [d["population_date"] for _, d in graph.nodes(data=True) if "population_date" in d]
    assert dates and all(len(d) == 10 and d[4] == "-" for d in dates)
    assert data["graph"]["personal_data_included"] is False


def test_graphml_reads_the_same_in_networkx_and_igraph(tmp_path: Path) -> None:
    import igraph

    vocabulary = Vocabulary.load(DATA_DIR / "vocabularies")
    from importers.seed import seed

    with EmbeddedStore(tmp_path / "s.sqlite", vocabulary) as store:
        seed(store, vocabulary, DATA_DIR / "ludwigsburg")
        path = export_subgraph(store.subgraph(), "graphml", tmp_path / "g.graphml")[0]
        counts = store.stats()
    read = nx.read_graphml(path)
    assert read.number_of_nodes() == counts.actors and read.number_of_edges() == counts.relations
    assert read.nodes["ags-08118048"]["population"] == 94859
    assert read.nodes["ags-08118048"]["name"] == "Ludwigsburg"
    ig = igraph.Graph.Read_GraphML(str(path))
    assert ig.vcount() == counts.actors and ig.ecount() == counts.relations
    by_id = {v["id"]: v for v in ig.vs}
    assert by_id["ags-08118048"]["population"] == 94859
    assert sorted(ig.es["type"]) == sorted(d["type"] for _, _, d in read.edges(data=True))


@pytest.mark.neo4j
def test_seed_and_stats_agree_between_the_backends(neo4j_store_uri: str, tmp_path: Path) -> None:
    embedded = str(tmp_path / "s.sqlite")
    for location in (embedded, neo4j_store_uri):
        assert run("--store", location, "seed")[0] == 0
    assert stats(embedded) == stats(neo4j_store_uri)
    with open_store(Settings.from_env(store=embedded)) as a, open_store(Settings.from_env(store=neo4j_store_uri)) as b:
        strip = lambda xs: [x.__class__(**{**x.__dict__, "imported_at": ""}) for x in xs]  # noqa: E731
        assert strip(a.actors()) == strip(b.actors())
        assert strip(a.relations()) == strip(b.relations())

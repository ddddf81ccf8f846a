"""GraphML and GEXF files imported as yEd, Gephi, Cytoscape and IntegraNet's own exports write them.

The sample files in ``tests/importers/data/`` are written as those programs write them (yEd's ``y:`` graphics
and data keys, Gephi's GEXF 1.3 with attvalues and viz, Cytoscape's SUID and interaction keys); hostile ones are
refused before anything in them is read.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from graph.exports.formats import export_live
from graph.model.vocabulary import Vocabulary
from graph.snapshots.snapshot import SnapshotFolder
from graph.store.embedded import EmbeddedStore
from importers.graph_files import is_graph_file, plan_graph_import, read_graph_file
from importers.records import KnownActors
from tests.support import run, stats

DATA = Path(__file__).resolve().parent / "data"
STAMP = "2025-01-15T09:30:00"


def _read(name: str, vocabulary: Vocabulary):  # type: ignore[no-untyped-def]
    return read_graph_file(DATA / name, vocabulary, imported_at=STAMP)


def test_a_yed_drawing_imports_with_its_labels_groups_and_custom_properties(vocabulary: Vocabulary) -> None:
    result = _read("yed.graphml", vocabulary)
    assert result.problems == ()
    actors = {a.name: a for a in result.batch.actors}
    # The node labels yEd drew are the names (a label over two lines reads as one); "Art" is the kind by its label.
    assert set(actors) == {"Volkshochschule Ludwigsburg", "Jobcenter Landkreis Ludwigsburg",
                           "Liga der freien Wohlfahrtspflege", "Caritas Ludwigsburg-Waiblingen-Enz"}
    vhs = actors["Volkshochschule Ludwigsburg"]
    assert vhs.kind == "course_provider" and vhs.fields == ("language_education",)
    assert vhs.properties["website"] == "https://www.vhs-ludwigsburg.de"
    assert actors["Liga der freien Wohlfahrtspflege"].kind == "network"  # a yEd group is a node too
    # yEd's made-up ids (n0, n2::n0) are no identity: the ids derive from kind and name, as for a table row.
    assert not any(a.id.startswith("n") and a.id[1:2].isdigit() for a in actors.values())
    ties = {(r.source, r.type, r.target) for r in result.batch.relations}
    jc, caritas, liga = (actors[n].id for n in ("Jobcenter Landkreis Ludwigsburg",
                                                "Caritas Ludwigsburg-Waiblingen-Enz",
                                                "Liga der freien Wohlfahrtspflege"))
    assert ties == {(vhs.id, "cooperates_with", jc), (jc, "refers_to", vhs.id), (caritas, "member_of", liga)}
    (node,) = result.batch.nodes
    assert (node.type, node.name, node.properties["kind"]) == ("Format", "Austausch der Sprachkursträger",
                                                               "exchange_meeting")
    assert node.properties["description"] == "Treffen der Kursträger mit dem BAMF"
    assert [(lk.source, lk.type, lk.target) for lk in result.batch.links] == [(jc, "ORGANISES", node.id)]
    assert all(r.provenance == "yed.graphml" and r.imported_at == STAMP for r in result.batch.relations)


def test_a_gephi_gexf_imports_with_attvalues_labels_and_an_event(vocabulary: Vocabulary) -> None:
    result = _read("gephi.gexf", vocabulary)
    assert result.problems == ()
    by_name = {a.name: a for a in result.batch.actors}
    jobcenter, agency = by_name["Jobcenter Landkreis Ludwigsburg"], by_name["Agentur für Arbeit Ludwigsburg"]
    assert jobcenter.kind == agency.kind == "employment_agency" and jobcenter.fields == ("work_training",)
    # What Gephi computed is kept as a property; what it drew (viz) is not data.
    assert jobcenter.properties == {"Modularity Class": "0"}
    ties = {(r.source, r.type, r.target): r for r in result.batch.relations}
    assert set(ties) == {(jobcenter.id, "cooperates_with", agency.id), (agency.id, "advises", jobcenter.id)}
    assert ties[(jobcenter.id, "cooperates_with", agency.id)].since == "2019-01-01"
    (event,) = result.batch.nodes
    assert (event.type, event.name, event.properties["kind"], event.properties["start"]) == (
        "Event", "Integrationskonferenz 2020", "conference", "2020-11-09")
    assert [(lk.source, lk.type, lk.target) for lk in result.batch.links] == [
        (jobcenter.id, "TAKES_PART_IN", event.id)]


def test_a_cytoscape_graphml_imports_without_cytoscapes_own_columns(vocabulary: Vocabulary) -> None:
    result = _read("cytoscape.graphml", vocabulary)
    assert result.problems == ()
    by_name = {a.name: a for a in result.batch.actors}
    tamm = by_name["Tamm"]
    assert tamm.kind == "municipality" and tamm.id == "ags-08118073" and tamm.properties["population"] == 12845
    caritas = by_name["Caritas Migrationsberatung"]
    assert caritas.municipality == tamm.id and caritas.kind == "counselling_service"
    assert by_name["Freundeskreis Asyl Tamm"].kind == "volunteer_group"
    assert all(not {"SUID", "selected", "shared name"} & set(a.properties) for a in result.batch.actors)
    assert {r.type for r in result.batch.relations} == {"advises", "refers_to"}
    assert all(r.properties == {} for r in result.batch.relations)  # "A (advises) B" is no fact of the tie


@pytest.mark.parametrize("name", ["xxe.graphml", "billion-laughs.gexf"])
def test_a_file_with_a_document_type_is_refused_before_anything_is_read(vocabulary: Vocabulary, name: str) -> None:
    result = _read(name, vocabulary)
    assert [(p.code, p.line) for p in result.problems] == [("xml-doctype", 2)]
    assert result.has_errors and len(result.batch) == 0
    assert "root:" not in str(result.problems[0])  # /etc/passwd was not read into a message


def test_xml_that_is_not_a_graph_or_not_well_formed_is_named_with_its_line(vocabulary: Vocabulary,
                                                                          tmp_path: Path) -> None:
    broken = tmp_path / "broken.graphml"
    broken.write_text('<?xml version="1.0"?>\n<graphml>\n  <graph>\n    <node id="a">\n  </graph>\n</graphml>\n')
    (problem,) = read_graph_file(broken, vocabulary).problems
    assert (problem.code, problem.line) == ("xml-malformed", 5)
    drawing = tmp_path / "drawing.graphml"
    drawing.write_text('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"/>\n')
    (problem,) = read_graph_file(drawing, vocabulary).problems
    assert (problem.code, problem.line, problem.column) == ("not-a-graph-file", 2, "svg")
    (problem,) = read_graph_file(tmp_path / "missing.gexf", vocabulary).problems
    assert problem.code == "file-not-found"


def test_bad_elements_are_named_by_line_and_attribute_and_nothing_is_written(vocabulary: Vocabulary,
                                                                            tmp_path: Path) -> None:
    plan = plan_graph_import([DATA / "bad.graphml"], vocabulary, imported_at=STAMP)
    found = [(p.line, p.column, p.code) for p in plan.errors]
    assert found == [
        (10, "kind", "unknown-kind"),  # <data key="d1">Sportverein</data>
        (11, "type", "unknown-node-type"),  # a node type that the schema does not have
        (12, "id", "duplicate-node"),  # a second node "jc"
        (14, "target", "unknown-actor"),  # an edge to a node that is neither in the file nor in the store
        (15, "type", "untyped-edge"),  # an edge without a type: a problem, not a guess
        (16, "target", "invalid-node"),  # an edge to the node with the unknown kind
    ]
    assert all(p.source == str(DATA / "bad.graphml") for p in plan.errors)
    store = tmp_path / "s.sqlite"
    code, _, err = run("--store", str(store), "import", str(DATA / "bad.graphml"))
    assert code == 1 and "Nothing was written" in err and "bad.graphml:15: type:" in err
    assert stats(str(store))["actors"] == 0


def test_an_edge_may_name_an_actor_of_the_store_by_its_id(vocabulary: Vocabulary, tmp_path: Path) -> None:
    with EmbeddedStore(tmp_path / "s.sqlite", vocabulary) as store:
        store.initialise()
        first = plan_graph_import([DATA / "gephi.gexf"], vocabulary, imported_at=STAMP)
        from importers.load import load_plan

        load_plan(first, store)
        jobcenter = next(a for a in store.actors() if a.name.startswith("Jobcenter"))
        extra = tmp_path / "more.graphml"
        extra.write_text(
            '<?xml version="1.0"?>\n<graphml xmlns="http://graphml.graphdrawing.org/xmlns">\n'
            '  <key id="k" for="node" attr.name="kind" attr.type="string"/>\n'
            '  <key id="t" for="edge" attr.name="relation" attr.type="string"/>\n'
            '  <graph edgedefault="directed">\n'
            '    <node id="n0"><data key="k">other</data></node>\n'
            f'    <edge source="n0" target="{jobcenter.id}"><data key="t">funds</data></edge>\n'
            "  </graph>\n</graphml>\n")
        plan = plan_graph_import([extra], vocabulary, KnownActors.from_store(store), imported_at=STAMP)
        # A node without name or label is an actor without a name: the table importer's own problem.
        assert [(p.line, p.code) for p in plan.errors] == [(6, "missing-name"), (7, "invalid-node")]


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_integranets_own_export_reads_back_to_the_same_graph(vocabulary: Vocabulary, bundled_store_file: Path,
                                                             tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"export.{fmt}"
    with EmbeddedStore(bundled_store_file, vocabulary) as store:
        export_live(store, SnapshotFolder(tmp_path / "snapshots"), fmt, out, label="Test")
        actors, relations = store.actors(), store.relations()
        nodes, links = store.nodes(), store.links()
    plan = plan_graph_import([out], vocabulary, imported_at=STAMP)
    assert plan.errors == ()
    assert {p.code for p in plan.warnings} <= {"place-outside-district"}  # as when the bundled data is seeded

    def same(records, read):  # type: ignore[no-untyped-def]
        plain = {r: replace(r, imported_at="", confirmed="") for r in records}
        return sorted(map(repr, plain.values())) == sorted(repr(replace(r, imported_at="", confirmed=""))
                                                           for r in read)

    assert same(actors, plan.actors)
    assert same(relations, plan.relations)
    assert same(nodes, plan.nodes)
    assert {lk.key for lk in plan.links} == {lk.key for lk in links}


def test_the_import_command_reads_graph_files(tmp_path: Path) -> None:
    store = str(tmp_path / "s.sqlite")
    # Both files hold the Jobcenter, with other fields of action: in one import that is a conflict, named where.
    code, _, err = run("--store", store, "import", str(DATA / "yed.graphml"), str(DATA / "gephi.gexf"))
    assert code == 1 and "gephi.gexf:21: label:" in err and "[conflicting-duplicate]" in err
    code, out, err = run("--store", store, "import", str(DATA / "yed.graphml"))
    assert code == 0, err
    assert "4 actor(s), 3 tie(s), 1 format, 1 link" in out
    code, out, err = run("--store", store, "import", str(DATA / "gephi.gexf"))
    assert code == 0, err
    counts = stats(store)
    assert counts["actors"] == 5 and counts["relations"] == 5  # the Jobcenter once, updated by the second file
    assert is_graph_file("a.GEXF") and not is_graph_file("a.xlsx")

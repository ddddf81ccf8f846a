"""Hostile files are bounded (issue 12, item 9): a workbook whose only cells sit in column XFD on 20,000 rows is
answered with ONE problem that names the column and the limit, reading it allocates memory in proportion to the
cells that hold data (measured with tracemalloc, not timed), a zip that unpacks to hundreds of megabytes is
refused before it is unpacked, and a stray value far right of a real table is one problem, not one per line.
The figures are in ``benchmarks/hostile_files.py``."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

from benchmarks.hostile_files import sparse_workbook, zip_bomb
from graph.model.vocabulary import Vocabulary
from importers.read_limits import ReadLimits
from importers.records import plan_import
from importers.tables import ReadResult, read_tables
from tests.support import run


def _peak_mb(path: Path) -> tuple[float, ReadResult]:
    tracemalloc.start()
    result = read_tables(path)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 2**20, result


def test_values_in_column_xfd_give_one_problem_and_little_memory(tmp_path: Path, vocabulary: Vocabulary) -> None:
    path = sparse_workbook(tmp_path / "xfd.xlsx", 20_000, 16_384)
    peak, result = _peak_mb(path)
    assert [(p.code, p.line) for p in result.problems] == [("too-many-columns", 0)]
    assert "column XFD (16,384 columns)" in result.problems[0].message
    assert "up to 500" in result.problems[0].message
    # 16,384 × 20,000 cells would be gigabytes; the sparse reader stops at the first cell beyond the limit.
    assert peak < 50, f"{peak:.0f} MB"
    assert len(plan_import([path], vocabulary).problems) == 1


def test_the_command_line_prints_one_line_for_it(tmp_path: Path) -> None:
    path = sparse_workbook(tmp_path / "xfd.xlsx", 2_000, 16_384)
    code, _, err = run("--store", str(tmp_path / "s.sqlite"), "import", "--dry-run", str(path))
    assert code == 1
    assert [line for line in err.splitlines() if "too-many-columns" in line] != []
    assert len(err.splitlines()) <= 3, err


def test_a_stray_value_right_of_a_table_is_one_problem(tmp_path: Path) -> None:
    path = sparse_workbook(tmp_path / "stray.xlsx", 5_000, 300, header=True)
    peak, result = _peak_mb(path)
    problems = result.problems
    assert [(p.code, p.line, p.column) for p in problems] == [("empty-header", 1, "column KN")]
    (table,) = result.tables
    assert table.headers == ("id", "name", "kind") and len(table.rows) == 5_000
    assert peak < 60, f"{peak:.0f} MB: rows are kept as wide as the header, not as the stray value"


def test_a_zip_bomb_is_refused_before_it_is_unpacked(tmp_path: Path) -> None:
    path = zip_bomb(tmp_path / "bomb.xlsx", megabytes=310)
    assert path.stat().st_size < 2**20
    peak, result = _peak_mb(path)
    assert [p.code for p in result.problems] == ["file-too-large"]
    assert "unpacks to 310 MB" in result.problems[0].message
    assert peak < 5


def test_limits_are_a_value_the_caller_may_tighten(tmp_path: Path) -> None:
    table = tmp_path / "a.csv"
    table.write_text("name;kind\n" + "A;other\n" * 11, encoding="utf-8")
    assert read_tables(table).tables
    (problem,) = read_tables(table, ReadLimits(max_rows=10)).problems
    assert problem.code == "too-many-rows" and "more than 10 data rows" in problem.message
    (problem,) = read_tables(table, ReadLimits(max_bytes=50)).problems
    assert problem.code == "file-too-large"

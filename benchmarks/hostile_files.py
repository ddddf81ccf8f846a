"""Hostile and broken input files: what reading them costs in time and memory, and how many problems they give.

The issue's case: a 100 KB XLSX whose only cells sit in column XFD on 20,000 rows took 93 s and 2.6 GB to
validate and printed 40,001 lines. Measured here for that workbook and three more:

- ``xfd_column``: 20,000 rows, each with one value in column XFD (16,384) only;
- ``stray_value``: a real table (3 columns, 20,000 rows) with one value far right in column KN (the 300th);
- ``wide_but_allowed``: 20,000 rows, each with one value in column SZ (the 494th; the limit is 500), the first
  of them read as the header — the widest a table may be;
- ``zip_bomb``: a zip under a megabyte that unpacks to 310 MB.

For each: the file's size, the wall-clock seconds and the peak memory Python allocated (``tracemalloc``) to run
:func:`importers.tables.read_tables` and :func:`importers.records.plan_import`, and the problems (count and codes).

Usage: ``python -m benchmarks.hostile_files [--json] [--rows N]``. Measured, not asserted.
"""

from __future__ import annotations

import argparse
import io
import json
import tempfile
import time
import tracemalloc
import zipfile
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from graph.model.vocabulary import Vocabulary
from graph.settings import DATA_DIR
from importers.records import plan_import

__all__ = ["main", "measure", "sparse_workbook", "zip_bomb"]


def sparse_workbook(path: Path, rows: int, column: int, header: bool = False) -> Path:
    """A workbook with one value per row in ``column`` (1-based) only; with ``header`` a real 3-column table
    whose row 2 alone has the far value."""
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Akteure")
    letter = get_column_letter(column)
    if header:
        sheet.append(["id", "name", "kind"])
        for i in range(rows):
            cells: list[Any] = [f"a{i}", f"Verein {i}", "volunteer_group"]
            sheet.append(cells + [None] * (column - 4) + ["x"] if i == 0 else cells)
    else:
        for i in range(rows):
            sheet.append([None] * (column - 1) + [f"{letter}{i}"])
    book.save(path)
    return path


def zip_bomb(path: Path, megabytes: int = 310) -> Path:
    """A zip named like a workbook whose one member unpacks to ``megabytes`` MB of spaces."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive, archive.open(
            "xl/worksheets/sheet1.xml", "w", force_zip64=True) as member:
        for _ in range(megabytes):
            member.write(b" " * 2**20)
    path.write_bytes(out.getvalue())
    return path


def measure(path: Path, vocabulary: Vocabulary) -> dict[str, Any]:
    """Seconds, peak traced memory and the problems of planning an import of ``path``."""
    tracemalloc.start()
    started = time.perf_counter()
    plan = plan_import([path], vocabulary)
    seconds = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {"file_bytes": path.stat().st_size, "seconds": round(seconds, 3), "peak_mb": round(peak / 2**20, 1),
            "problems": len(plan.problems), "codes": dict(Counter(p.code for p in plan.problems))}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.hostile_files", description=__doc__.split("\n")[0])
    parser.add_argument("--json", action="store_true", help="Print one JSON object.")
    parser.add_argument("--rows", type=int, default=20_000, help="Rows of the sparse workbooks.")
    args = parser.parse_args(argv)
    vocabulary = Vocabulary.load(DATA_DIR / "vocabularies")
    results: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        cases: dict[str, Callable[[], Path]] = {
            "xfd_column": lambda: sparse_workbook(base / "xfd.xlsx", args.rows, 16_384),
            "stray_value": lambda: sparse_workbook(base / "stray.xlsx", args.rows, 300, header=True),
            "wide_but_allowed": lambda: sparse_workbook(base / "wide.xlsx", args.rows, 494),
            "zip_bomb": lambda: zip_bomb(base / "bomb.xlsx"),
        }
        for name, make in cases.items():
            results[name] = measure(make(), vocabulary)
    if args.json:
        print(json.dumps(results, indent=2))
    else:
        for name, r in results.items():
            print(f"{name:<18} {r['file_bytes'] / 1024:>9,.0f} KB {r['seconds']:>8.2f} s {r['peak_mb']:>8.1f} MB "
                  f"{r['problems']:>6} problem(s)  {r['codes']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

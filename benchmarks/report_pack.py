"""Report pack: how long the district's report pack takes, from the live store to the ZIP.

The bundled Ludwigsburg data is seeded into a fresh embedded store (not timed). Then, ``--repeat`` times,
each time into a fresh snapshot folder:

1. **snapshot**: :meth:`SnapshotFolder.create` — read the store, lay the network out, hash and save it;
2. **pack**: :func:`export_snapshot` with ``pack`` — the figure drawn once and saved as PNG (300 dpi),
   SVG and PDF, the XLSX workbook with the gap table, the methods notes in German and English, the
   metadata, zipped.

One untimed round runs first, so that imports and matplotlib's font cache are not counted. The figures
are the median and the fastest of the timed rounds, in seconds of wall-clock time, and the median CPU
time of this process (the work is single-threaded, so on an idle machine the two agree; when they differ
much, other processes competed for the CPU). Speed is measured here, never asserted.

Usage: ``python -m benchmarks.report_pack [--json] [--repeat N] [--language de|en]``.
Exit codes: 0 measured, 1 the pack came out incomplete, 2 wrong usage.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import tempfile
import time
import zipfile
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from graph import __version__
from graph.exports.formats import export_snapshot
from graph.exports.report_pack import PACK_FILES
from graph.model.vocabulary import Vocabulary
from graph.settings import DATA_DIR
from graph.snapshots.snapshot import SnapshotFolder
from graph.store.embedded import EmbeddedStore

__all__ = ["format_table", "main", "run_benchmark"]


def run_benchmark(*, repeat: int = 3, language: str = "de", dataset: Path = DATA_DIR / "ludwigsburg") -> dict[str,
                                                                                                          Any]:
    """Time snapshot and pack ``repeat`` times (after one untimed round); returns the figures as a dict.

    Raises RuntimeError when a pack lacks one of its files.
    """
    import matplotlib

    from importers.seed import seed

    vocabulary = Vocabulary.load(DATA_DIR / "vocabularies")
    snapshot_times: list[float] = []
    pack_times: list[float] = []
    cpu_times: list[float] = []
    with tempfile.TemporaryDirectory(prefix="integranet-bench-") as folder:
        root = Path(folder)
        with EmbeddedStore(root / "store.sqlite", vocabulary) as store:
            seed(store, vocabulary, dataset)
            counts = store.stats()
            for round_number in range(repeat + 1):
                snapshots = SnapshotFolder(root / f"snapshots-{round_number}")
                cpu_started = time.process_time()
                started = time.perf_counter()
                made = snapshots.create(store, "Benchmark")
                snapshotted = time.perf_counter()
                pack = export_snapshot(made, "pack", root / f"pack-{round_number}.zip", vocabulary,
                                       language=language)[0]
                finished = time.perf_counter()
                cpu_finished = time.process_time()
                with zipfile.ZipFile(pack) as archive:
                    if archive.namelist() != list(PACK_FILES):
                        raise RuntimeError(f"The pack holds {archive.namelist()}, not {list(PACK_FILES)}.")
                pack_bytes = pack.stat().st_size
                if round_number:  # round 0 warms up
                    snapshot_times.append(snapshotted - started)
                    pack_times.append(finished - snapshotted)
                    cpu_times.append(cpu_finished - cpu_started)
    totals = [s + p for s, p in zip(snapshot_times, pack_times, strict=True)]
    return {
        "benchmark": "report_pack",
        "measured_at": datetime.now(UTC).replace(microsecond=0).isoformat(),
        "dataset": dataset.name,
        "actors": counts.actors,
        "relations": counts.relations,
        "repeat": repeat,
        "language": language,
        "snapshot_seconds_median": round(statistics.median(snapshot_times), 3),
        "pack_seconds_median": round(statistics.median(pack_times), 3),
        "total_seconds_median": round(statistics.median(totals), 3),
        "total_seconds_min": round(min(totals), 3),
        "total_cpu_seconds_median": round(statistics.median(cpu_times), 3),
        "pack_bytes": pack_bytes,
        "integranet_version": __version__,
        "matplotlib_version": matplotlib.__version__,
        "python_version": platform.python_version(),
        "machine_cores": os.cpu_count() or 1,
    }


def format_table(result: dict[str, Any]) -> str:
    """The result as a few aligned lines."""
    rows = [
        ("data", f"{result['dataset']}: {result['actors']} actors, {result['relations']} ties"),
        ("snapshot (median)", f"{result['snapshot_seconds_median']:.2f} s"),
        ("pack (median)", f"{result['pack_seconds_median']:.2f} s"),
        ("total (median / fastest)", f"{result['total_seconds_median']:.2f} s / {result['total_seconds_min']:.2f} s"),
        ("total CPU time (median)", f"{result['total_cpu_seconds_median']:.2f} s"),
        ("pack size", f"{result['pack_bytes'] / 1_000_000:.1f} MB"),
        ("rounds", f"{result['repeat']} (after one warm-up)"),
    ]
    return "\n".join(f"{name:<26} {value}" for name, value in rows)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark from command-line arguments; print the JSON object (``--json``) or a table."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.report_pack", description=__doc__.split("\n")[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--repeat", type=int, default=3, help="timed rounds (default 3)")
    parser.add_argument("--language", choices=("de", "en"), default="de", help="language of figure and workbook")
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    try:
        result = run_benchmark(repeat=args.repeat, language=args.language)
    except RuntimeError as exc:
        print(f"Benchmark failed: {exc}", file=sys.stderr)
        return 1
    print(json.dumps(result, indent=2) if args.json else format_table(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())

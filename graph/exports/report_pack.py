"""The report pack: one ZIP with everything a report needs from one snapshot.

Contents: the figure as PNG (300 dpi), SVG and PDF; the XLSX workbook; the methods note in German and
English (Markdown); the snapshot's metadata (JSON). Entries are written in a fixed order with the
snapshot's creation time as their date, so the same snapshot gives the same pack.
"""

from __future__ import annotations

import datetime as dt
import json
import tempfile
import zipfile
from pathlib import Path

from graph.exports.figure import figure_bytes, network_figure
from graph.exports.methods_note import methods_note
from graph.exports.workbook import write_workbook
from graph.model.vocabulary import Vocabulary
from graph.snapshots.snapshot import Snapshot

__all__ = ["PACK_FILES", "write_report_pack"]

#: The pack's entries, in order.
PACK_FILES = ("network.png", "network.svg", "network.pdf", "network.xlsx", "methods-de.md", "methods-en.md",
              "snapshot.json")


def write_report_pack(snapshot: Snapshot, vocabulary: Vocabulary, out: Path, language: str = "de") -> Path:
    """Write the pack of ``snapshot`` to ``out`` (a ``.zip``); the figure and workbook are in ``language``,
    the methods note in both languages. Returns ``out``."""
    figure = network_figure(snapshot, vocabulary, language)
    title = snapshot.info.label
    with tempfile.TemporaryDirectory(prefix="integranet-pack-") as folder:
        workbook = write_workbook(snapshot, vocabulary, Path(folder) / "network.xlsx", language).read_bytes()
    metadata = {**snapshot.info.as_dict(), "positions": {k: list(v) for k, v in sorted(snapshot.positions.items())}}
    contents = {
        "network.png": figure_bytes(figure, "png", title=title),
        "network.svg": figure_bytes(figure, "svg", title=title),
        "network.pdf": figure_bytes(figure, "pdf", title=title),
        "network.xlsx": workbook,
        "methods-de.md": methods_note(snapshot, vocabulary, "de").encode("utf-8"),
        "methods-en.md": methods_note(snapshot, vocabulary, "en").encode("utf-8"),
        "snapshot.json": (json.dumps(metadata, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8"),
    }
    stamp = dt.datetime.fromisoformat(snapshot.info.created_at).astimezone(dt.UTC)
    date_time = (max(stamp.year, 1980), stamp.month, stamp.day, stamp.hour, stamp.minute, stamp.second)
    out.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name in PACK_FILES:
            entry = zipfile.ZipInfo(name, date_time=date_time)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            archive.writestr(entry, contents[name])
    return out

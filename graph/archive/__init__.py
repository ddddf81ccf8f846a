"""Keeping a whole store safe and answering for the personal data in it.

- :mod:`graph.archive.backup`: one checked file with every fact, the change history, the import log, every
  snapshot and the vocabulary (:func:`~graph.archive.backup.write_backup`, :func:`~graph.archive.backup.read_backup`).
- :mod:`graph.archive.restore`: a backup into an empty store of either backend, with its snapshots
  (:func:`~graph.archive.restore.restore_backup`) — also the way from the embedded store to Neo4j.
- :mod:`graph.archive.erasure`: a person's data erased from the store, its history and every snapshot
  (GDPR Art. 17), each rewritten snapshot saying that a redaction happened, never what it erased.

The room sits above the store and the snapshots (it uses both) and below the command line and the dashboard.
Every function takes the acting person's :class:`~graph.model.changes.ChangeMeta` and checks its role first.
"""

from graph.archive.backup import Backup, backup_bytes, read_backup, write_backup
from graph.archive.erasure import (
    ERASED,
    ErasureResult,
    erase_personal_data,
    holders_of_personal_data,
    personal_properties,
)
from graph.archive.restore import RestoreResult, restore_backup, vocabulary_differences

__all__ = ["ERASED", "Backup", "ErasureResult", "RestoreResult", "backup_bytes", "erase_personal_data",
           "holders_of_personal_data", "personal_properties", "read_backup", "restore_backup",
           "vocabulary_differences", "write_backup"]

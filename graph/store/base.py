"""The store interface: one contract, two backends (embedded SQLite and Neo4j).

Every write is an upsert on the records' keys (actor id, field id, (source, type, target) for a tie) and
is atomic: a batch, or a whole import of many batches (:meth:`GraphStore.write_all`), is written whole or
not at all. An actor's row is authoritative for its structure
(seat, served municipalities, fields of action): upserting it replaces them.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

from graph.errors import BackupError, EditConflictError
from graph.model.access import require
from graph.model.changes import ChangeMeta, ChangeSet, FactChange, FactKey, HistoryRewrite, batch_of, record_of
from graph.model.coverage_facts import CoverageFacts, OfferFacts, offer_facts
from graph.model.domain import Actor, ActorFilter, FieldOfAction, GraphBatch, Relation, Stats, Subgraph, TieCounts
from graph.model.knowledge import Link, Node
from graph.model.vocabulary import Vocabulary
from graph.store import history
from graph.store.checks import MAX_DEPTH, check_batch

__all__ = ["MAX_DEPTH", "GraphStore", "ImportRecord"]



@dataclass(frozen=True)
class ImportRecord:
    """What one import wrote, kept in the store for the dashboard's "last import"."""

    imported_at: str
    files: tuple[str, ...]
    actors: int
    relations: int
    rows: int
    skipped: int = 0


class GraphStore(ABC):
    """A knowledge-graph store. Open one with :func:`graph.store.open_store`."""

    #: A short, credential-free description of where the data lives (a path or a URI).
    location: str
    #: Which backend: "embedded" or "neo4j".
    kind: str
    #: A name to show people: no folder, no host, no account (the embedded file's name, the Neo4j database's).
    display_name: str

    def __init__(self, vocabulary: Vocabulary) -> None:
        self.vocabulary = vocabulary

    # -- lifecycle ----------------------------------------------------------------------------------
    @abstractmethod
    def close(self) -> None:
        """Release connections and file handles. Safe to call twice."""

    def __enter__(self) -> GraphStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @abstractmethod
    def is_initialised(self) -> bool:
        """True once :meth:`initialise` has run on this store."""

    @abstractmethod
    def initialise(self) -> None:
        """Create the schema (tables or constraints) and write the fields of action of the vocabulary.

        Idempotent: running it on an initialised store changes nothing.
        """

    # -- writes --------------------------------------------------------------------------------------
    # Every write is a change set (graph.model.changes), kept in the store in the same transaction as the facts.
    def write_all(self, batches: Iterable[GraphBatch], record: ImportRecord | None = None,
                  change: ChangeMeta | None = None, *, remove: Sequence[FactKey] = ()) -> ChangeSet | None:
        """Upsert the batches, in order, and ``record`` (when given) in ONE transaction: all or nothing; return
        the change set it kept (None when no fact changed).

        Every batch is checked against the vocabulary (see :meth:`write`) before anything is written. A
        batch may refer to what the batches before it write; within a batch the order is fields, actors
        (then their seats, served towns and fields), ties, nodes, links. Any failure, or the process dying
        midway, leaves the store as it was, without the import record and without a change set. Initialises an
        uninitialised store first (its schema and the vocabulary's fields of action, in a transaction of their
        own). The change set holds each fact the write changed, before and after, and ``change`` (who, what kind
        of write, source, comment; the local user's ``write`` when None).

        ``remove`` names facts (actors and nodes with their ties and links, ties, links) to delete in the same
        transaction and change set, before the upserts (:func:`~graph.store.history.removal_changes`); a fact both
        removed and written raises :class:`~graph.errors.StoreWriteError` and nothing is written.

        Raises :class:`~graph.errors.AccessDeniedError`, before reading or writing anything, when ``change.role``
        may not edit (:mod:`graph.model.access`); this holds for every write below as well.
        """
        change = change or ChangeMeta.local()
        require(change.role, "edit", change.who)
        pending = [b for b in batches if b]
        for batch in pending:
            check_batch(batch, self.vocabulary)
        if not pending and record is None and not remove:
            return None
        if not self.is_initialised():
            self.initialise()
        removals = history.removal_changes(self, remove)
        history.check_apart(removals, pending)
        # What a removal changes without deleting it (an actor losing a removed town) is upserted with the write.
        kept = batch_of(record_of(f.kind, f.after) for f in removals if f.after is not None)
        facts = [*removals, *history.write_changes(self, pending)]
        change_set = ChangeSet.new(change, facts) if facts else None
        self._commit([f for f in removals if f.after is None], [kept, *pending] if kept else pending,
                     [record] if record is not None else [], [change_set] if change_set is not None else [])
        return change_set

    def write(self, batch: GraphBatch, change: ChangeMeta | None = None) -> ChangeSet | None:
        """Upsert the batch's fields, actors, ties, nodes and links in one transaction (one change set).

        Raises :class:`~graph.errors.UnknownReferenceError` (and writes nothing) when a tie, seat or
        served municipality names an actor, or an actor names a field, or a link names an end (with its
        type), that is neither in the batch nor in the store; :class:`~graph.errors.VocabularyError` for a
        kind, type or link type not in the vocabulary or its schema, or a node's properties that fail
        :meth:`Schema.check_properties <graph.model.schema.Schema.check_properties>`;
        :class:`~graph.errors.StoreWriteError` for a node id that is an actor's, a field's or another
        type's node id (ids are one namespace). A node's row is authoritative: its properties replace the
        stored ones.
        """
        return self.write_all((batch,), change=change)

    def upsert_actors(self, actors: Iterable[Actor]) -> None:
        self.write(GraphBatch(actors=tuple(actors)))

    def upsert_relations(self, relations: Iterable[Relation]) -> None:
        self.write(GraphBatch(relations=tuple(relations)))

    def upsert_fields(self, fields: Iterable[FieldOfAction]) -> None:
        self.write(GraphBatch(fields=tuple(fields)))

    def delete_actor(self, actor_id: str, change: ChangeMeta | None = None) -> bool:
        """Delete an actor and every tie, structure edge and link it has, in one change set (actors seated in or
        serving a deleted municipality lose that place, and the change set says so). True when it existed."""
        return self._delete("actor", actor_id, change)

    def delete_node(self, node_id: str, change: ChangeMeta | None = None) -> bool:
        """Delete a node and every link it has, in one change set. True when it existed."""
        return self._delete("node", node_id, change)

    def _delete(self, kind: str, key: str, change: ChangeMeta | None) -> bool:
        change = change or ChangeMeta.local("delete")
        require(change.role, "edit", change.who)
        facts = history.deletion_changes(self, kind, key) if self.is_initialised() else []
        if not facts:
            return False
        self.apply_changes(facts, change, checked=True)
        return True

    def apply_changes(self, facts: Sequence[FactChange], change: ChangeMeta, *, checked: bool = False,
                      versions: Mapping[FactKey, int] | None = None) -> ChangeSet | None:
        """Write each fact's ``after`` (deleting the facts whose ``after`` is None) in one transaction with one
        change set: an edit, a merge, an undo. Unless ``checked``, first makes sure every fact is still as its
        ``before`` says and raises :class:`~graph.errors.ChangeConflictError` (writing nothing) when another
        change came between. ``versions`` (from :meth:`versions`, read when the editor showed the facts) are
        checked again in the write's own transaction: a fact saved by someone else in between raises
        :class:`~graph.errors.EditConflictError` naming who and when. Returns the change set (None when ``facts``
        is empty)."""
        require(change.role, "edit", change.who)
        if not facts:
            return None
        if not checked:
            history.check_unchanged(self, facts)
        upserts = batch_of(record_of(f.kind, f.after) for f in facts if f.after is not None)
        check_batch(upserts, self.vocabulary)
        if not self.is_initialised():
            self.initialise()
        change_set = ChangeSet.new(change, facts)
        try:
            self._commit([f for f in facts if f.after is None], [upserts] if upserts else [], [], [change_set],
                         expected=versions)
        except EditConflictError as exc:
            raise history.edit_conflict(self, exc.facts) from None
        return change_set

    @abstractmethod
    def versions(self, facts: Iterable[FactKey]) -> dict[FactKey, int]:
        """The version of each fact — how many change sets wrote it; 0 for one no change set wrote (or that does
        not exist): what an editor reads with the facts and hands back to :meth:`apply_changes`."""

    def restore(self, batch: GraphBatch, imports: Sequence[ImportRecord], change_history: Sequence[ChangeSet],
                change: ChangeMeta) -> ChangeSet | None:
        """Fill this EMPTY store with ``batch`` (every fact of a backup), its import log and its change history
        (oldest first, ids, times and authors as they were), and one change set of its own (``change``, action
        ``restore``) holding what the restore added, so that it can be undone: all in ONE transaction.

        Raises :class:`~graph.errors.AccessDeniedError` unless ``change.role`` may restore,
        :class:`~graph.errors.BackupError` (writing nothing) when the store holds an actor, a node or a change
        set, and the errors of :meth:`write` for facts the vocabulary does not know.
        """
        require(change.role, "restore", change.who)
        check_batch(batch, self.vocabulary)
        self.refuse_unless_empty()
        if not self.is_initialised():
            self.initialise()
        facts = history.write_changes(self, [batch])
        own = ChangeSet.new(replace(change, action="restore"), facts) if facts else None
        self._commit([], [batch], list(imports), [*change_history, *([own] if own else [])])
        return own

    def refuse_unless_empty(self) -> None:
        """Raise :class:`~graph.errors.BackupError` when this store holds an actor, a node or a change set — the
        check :meth:`restore` makes, for a caller that wants to refuse before it reads anything else."""
        if self.is_initialised() and (not self.is_empty() or self.nodes() or self.change_sets(limit=1)):
            stats = self.stats()
            raise BackupError(
                f"A backup is restored only into an empty store, and this one is not ({stats.actors} actor(s), "
                f"{len(self.nodes())} other node(s), {len(self.change_sets())} change set(s)); nothing was written. "
                "Name a new store file (--store new.sqlite) or an empty Neo4j database.")

    def undo(self, change_set_id: str, change: ChangeMeta | None = None) -> ChangeSet:
        """Restore exactly the state before the change set ``change_set_id``, as a change set of its own.

        Refuses with :class:`~graph.errors.ChangeConflictError` naming the later change sets when any of its facts
        changed since, and :class:`~graph.errors.ChangeSetNotFoundError` for an unknown id."""
        meta = change or ChangeMeta.local("undo")
        require(meta.role, "edit", meta.who)
        facts = history.undo_changes(self, change_set_id)
        undone = self.apply_changes(facts, replace(meta, action="undo", undoes=change_set_id), checked=True)
        assert undone is not None  # a change set holds at least one fact
        return undone

    def erase(self, batch: GraphBatch, change_set: ChangeSet, rewrites: Sequence[HistoryRewrite],
              change: ChangeMeta) -> None:
        """Write ``batch`` (records without the erased values), rewrite the history as ``rewrites`` say and keep
        the erasure's ``change_set``, in ONE transaction; then give back the space the old values took, so that
        they are no longer in the store's files (:meth:`purge_freed`). Only :mod:`graph.archive.erasure` calls
        this; it raises :class:`~graph.errors.AccessDeniedError` unless the change set's author may erase."""
        require(change.role, "erase", change.who)
        check_batch(batch, self.vocabulary)
        self._commit([], [batch], [], [change_set], rewrites)
        self.purge_freed()

    @abstractmethod
    def purge_freed(self) -> None:
        """Make the store's files hold no trace of data deleted or overwritten before, as far as the backend can."""

    @abstractmethod
    def _commit(self, deletions: Sequence[FactChange], batches: Sequence[GraphBatch], records: Sequence[ImportRecord],
                change_sets: Sequence[ChangeSet], rewrites: Sequence[HistoryRewrite] = (),
                expected: Mapping[FactKey, int] | None = None) -> None:
        """In ONE transaction: delete the facts of ``deletions`` (links and ties before nodes and actors), upsert
        the (checked) batches, remember the import ``records``, keep the ``change_sets`` and rewrite the history
        as ``rewrites`` say, each in the order given — after checking, in the same transaction, that each fact of
        ``expected`` still has that version (:class:`~graph.errors.EditConflictError`). Nothing of it when anything
        fails."""

    def record_import(self, record: ImportRecord) -> None:
        """Remember an import (kept for the dashboard's overview); :meth:`write_all` does it with the import."""
        self.write_all((), record)

    # -- the change history ---------------------------------------------------------------------------
    @abstractmethod
    def change_sets(self, limit: int | None = None, offset: int = 0) -> list[ChangeSet]:
        """The change sets, newest first, without their facts (``size`` says how many; ``undone_by`` names the
        change set that undid one)."""

    @abstractmethod
    def change_set(self, change_set_id: str) -> ChangeSet | None:
        """One change set with all its facts, in the order written; None for an unknown id."""

    @abstractmethod
    def change_sets_touching(self, facts: Iterable[FactKey], after: str | None = None) -> list[ChangeSet]:
        """The change sets (without facts, oldest first) that changed any of ``facts``; only those made after the
        change set ``after`` when given."""

    # -- reads ---------------------------------------------------------------------------------------
    @abstractmethod
    def get_actor(self, actor_id: str) -> Actor | None:
        """The actor with this id, or None."""

    @abstractmethod
    def actors(self, where: ActorFilter | None = None) -> list[Actor]:
        """Actors matching ``where`` (all when None), ordered by id."""

    @abstractmethod
    def relations(self, actor_ids: Iterable[str] | None = None, types: Sequence[str] = ()) -> list[Relation]:
        """Ties ordered by (source, type, target); with ``actor_ids``, only ties with both ends among them."""

    @abstractmethod
    def fields_of_action(self) -> list[FieldOfAction]:
        """The fields of action in the store, in vocabulary order."""

    @abstractmethod
    def find_actors_by_name(self, name: str) -> list[Actor]:
        """Actors whose name is exactly ``name`` (after trimming)."""

    @abstractmethod
    def neighbourhood(self, actor_id: str, depth: int = 1) -> Subgraph:
        """The actor, every actor within ``depth`` ties of it (either direction), and the ties among them.

        ``depth`` is 0 to :data:`MAX_DEPTH`; an unknown actor gives an empty subgraph.
        """

    @abstractmethod
    def stats(self) -> Stats:
        """Counts of actors, ties, municipalities and fields of action."""

    @abstractmethod
    def last_imports(self, limit: int = 5) -> list[ImportRecord]:
        """The most recent imports, newest first."""

    def subgraph(self, where: ActorFilter | None = None) -> Subgraph:
        """The actors matching ``where`` and the ties among them."""
        actors = self.actors(where)
        if where is None or where.is_empty:
            return Subgraph(tuple(actors), tuple(self.relations()))
        return Subgraph(tuple(actors), tuple(self.relations([a.id for a in actors])))

    def tie_counts(self) -> TieCounts:
        """Every actor (name, kind, fields) and the number of ties per ordered pair of actors.

        What the network measures need (:func:`graph.analysis.projection.actor_network` turns it into the
        graph they measure), without any tie's properties. This default reads every tie; the backends count
        the ties per pair in the database instead.
        """
        actors = tuple((a.id, {"name": a.name, "kind": a.kind, "fields": a.fields}) for a in self.actors())
        counts: dict[tuple[str, str], int] = {}
        for r in self.relations():
            counts[(r.source, r.target)] = counts.get((r.source, r.target), 0) + 1
        return TieCounts(actors, tuple((s, t, n) for (s, t), n in counts.items()))

    def coverage_facts(self) -> CoverageFacts:
        """What the gap model needs, aggregated per municipality × field of action (no ties).

        Every municipality with its population, date, key and coordinates; per (municipality, field) the
        actors working on the field that are seated in or serve the municipality, with their kinds; per
        field the actors serving the whole district. :func:`graph.analysis.coverage.coverage_gaps` computes
        the same report from these facts as from the whole graph. This default reads every actor; the
        backends aggregate in the database instead.
        """
        return CoverageFacts.from_actors(self.actors())

    def gap_facts(self) -> CoverageFacts:
        """:meth:`coverage_facts` with what the gap statuses need besides: every offer with its status, fields,
        served municipalities and sourced providers' kinds (:meth:`offer_facts`), and the ids of the
        illustrative actors (:meth:`illustrative_actors`)."""
        return replace(self.coverage_facts(), offers=self.offer_facts(), illustrative_actors=self.illustrative_actors())

    def offer_facts(self) -> tuple[OfferFacts, ...]:
        """Every Offer node as :class:`OfferFacts`: status, district-wide, its fields (CONCERNS), the
        municipalities it SERVES and the kinds of its sourced providers (PROVIDES from a non-illustrative actor).
        This default reads the offers, their links and every actor; the backends select the same in the
        database instead."""
        offers = self.nodes(types=("Offer",))
        if not offers:
            return ()
        links = self.links([o.id for o in offers], types=("PROVIDES", "SERVES", "CONCERNS"))
        actors = self.actors()
        return offer_facts(offers, links, {a.id: a.kind for a in actors}, self.illustrative_actors())

    def illustrative_actors(self) -> frozenset[str]:
        """The ids of the actors whose provenance is ``illustrative``. This default reads every actor."""
        return frozenset(a.id for a in self.actors() if a.is_illustrative)

    # -- the other node types and links (graph.model.knowledge) -------------------------------------
    @abstractmethod
    def nodes(self, types: Sequence[str] = (), ids: Iterable[str] | None = None) -> list[Node]:
        """Nodes of the schema's ``node`` types (only ``types`` when given; only ``ids`` when given), by (type, id)."""

    @abstractmethod
    def get_node(self, node_id: str) -> Node | None:
        """The node with this id, or None (actors and fields are not nodes: see :meth:`get_actor`)."""

    @abstractmethod
    def find_nodes_by_name(self, name: str, types: Sequence[str] = ()) -> list[Node]:
        """Nodes whose name is exactly ``name`` (after trimming), of ``types`` when given, by (type, id)."""

    @abstractmethod
    def links(self, node_ids: Iterable[str] | None = None, types: Sequence[str] = ()) -> list[Link]:
        """Links ordered by (source, type, target); with ``node_ids``, only links with at least one end among them;
        with ``types``, only links of these link types. Ties between actors are :meth:`relations`, not links."""

    @abstractmethod
    def types_of(self, ids: Iterable[str]) -> dict[str, str]:
        """The node type of every id that names an actor (``Actor``), a field (``FieldOfAction``) or a node."""

    @abstractmethod
    def answer(self, question_id: str, **params: object) -> list[dict[str, object]]:
        """The rows answering one ready question of :mod:`graph.store.questions`, in one query on the backend."""

    def is_empty(self) -> bool:
        """True when the store holds no actor."""
        return self.stats().actors == 0

"""The import benchmark's data: a generated dataset, deterministic from its seed, and the counts a store
must hold once it has been written (:mod:`benchmarks.import_throughput` measures the writing).
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from graph.model.domain import Actor, GraphBatch, Relation, municipality_id_for
from graph.model.vocabulary import MUNICIPALITY_KIND, Vocabulary

__all__ = [
    "BenchmarkError",
    "Dataset",
    "ExpectedCounts",
    "check_counts",
    "generate_dataset",
    "max_relations",
]

DEFAULT_ACTORS = 10_000
DEFAULT_RELATIONS = 50_000
DEFAULT_SEED = 20240601
#: Ludwigsburg has 39 towns and municipalities; the benchmark district has about as many.
MAX_MUNICIPALITIES = 40

PROVENANCE = "integranet-benchmark"
# A fixed timestamp keeps the generated data byte-for-byte the same from run to run.
IMPORTED_AT = "2024-06-01T00:00:00+00:00"


class BenchmarkError(Exception):
    """The benchmark could not produce trustworthy figures; as such, a store's counts differ from the data."""

    exit_code = 1


@dataclass(frozen=True)
class ExpectedCounts:
    """What a store must hold after the dataset (or a prefix of it) was written."""

    actors: int
    relations: int
    municipalities: int
    located_in: int
    serves: int
    works_on: int

    def as_dict(self) -> dict[str, int]:
        return {
            "actors": self.actors, "relations": self.relations, "municipalities": self.municipalities,
            "located_in": self.located_in, "serves": self.serves, "works_on": self.works_on,
        }


@dataclass(frozen=True)
class Dataset:
    """Generated actors (municipalities first) and ties with unique (source, type, target) keys.

    The ties are *prefix-closed*: tie ``j`` connects actors among roughly the first ``(j + 1) / ties``
    share of the actors, and every actor's seat and served towns are municipalities, which come first. So
    any prefix (:meth:`prefix`) can be written on its own. As in a grown network, early actors (the
    municipalities above all) have many ties and the last ones few or none.
    """

    actors: tuple[Actor, ...]
    relations: tuple[Relation, ...]

    @property
    def rows(self) -> int:
        return len(self.actors) + len(self.relations)

    def batches(self, size: int) -> list[GraphBatch]:
        """Batches of at most ``size`` rows: municipalities, then other actors, then ties (as importers.load)."""
        municipalities = [a for a in self.actors if a.kind == MUNICIPALITY_KIND]
        others = [a for a in self.actors if a.kind != MUNICIPALITY_KIND]
        batches = [
            GraphBatch(actors=tuple(group[i : i + size]))
            for group in (municipalities, others)
            for i in range(0, len(group), size)
        ]
        batches.extend(
            GraphBatch(relations=self.relations[i : i + size]) for i in range(0, len(self.relations), size)
        )
        return batches

    def prefix(self, fraction: float) -> Dataset:
        """The first ``fraction`` of the ties, and the first ``fraction`` of the actors or, when the ties
        need more, every actor up to the last one they name. The result is self-contained."""
        if fraction >= 1:
            return self
        relations = self.relations[: math.ceil(fraction * len(self.relations))]
        position = {a.id: i for i, a in enumerate(self.actors)}
        needed = max((position[x] + 1 for r in relations for x in (r.source, r.target)), default=0)
        actor_count = max(math.ceil(fraction * len(self.actors)), needed)
        return Dataset(self.actors[:actor_count], relations)

    def expected(self) -> ExpectedCounts:
        """The counts a store holds after this dataset was written into it, empty before."""
        return ExpectedCounts(
            actors=len(self.actors),
            relations=len(self.relations),
            municipalities=sum(a.kind == MUNICIPALITY_KIND for a in self.actors),
            located_in=sum(a.municipality is not None for a in self.actors),
            serves=sum(len(a.serves) for a in self.actors),
            works_on=sum(len(a.fields) for a in self.actors),
        )


def check_counts(run: str, found: ExpectedCounts, expected: ExpectedCounts, fields: Sequence[str]) -> None:
    """Raise BenchmarkError unless ``found`` equals ``expected`` in every one of ``fields``."""
    wrong = [
        f"{name}: {getattr(found, name)} instead of {getattr(expected, name)}"
        for name in fields
        if getattr(found, name) != getattr(expected, name)
    ]
    if wrong:
        raise BenchmarkError(f"{run}: the store does not hold what was written ({'; '.join(wrong)}).")


def max_relations(actors: int, types: int) -> int:
    """The most ties :func:`generate_dataset` accepts: a quarter of all possible keys, so that drawing a
    fresh key at random never takes long."""
    return actors * (actors - 1) * types // 4


def generate_dataset(vocabulary: Vocabulary, actors: int, relations: int, seed: int) -> Dataset:
    """A deterministic dataset: the same arguments give the same records, on every machine.

    About 40 municipality actors come first (fewer for small sizes), then actors of the other kinds, each
    seated in a municipality, serving up to two and working on one or two fields of action; then ties of
    vocabulary types between distinct actors, each (source, type, target) once. Raises ValueError for
    sizes it cannot satisfy.
    """
    types = list(vocabulary.relation_types.ids())
    if actors < 2:
        raise ValueError("At least 2 actors are needed.")
    if relations < 0 or relations > max_relations(actors, len(types)):
        raise ValueError(
            f"{actors} actors take between 0 and {max_relations(actors, len(types))} relations, not {relations}."
        )
    rng = random.Random(seed)
    field_ids = list(vocabulary.fields.ids())
    kinds = [k for k in vocabulary.kinds.ids() if k != MUNICIPALITY_KIND]

    municipality_count = min(MAX_MUNICIPALITIES, max(1, actors // 10))
    municipalities = [
        Actor(
            id=municipality_id_for(f"99{i:06d}"),
            name=f"Benchmark municipality {i}",
            kind=MUNICIPALITY_KIND,
            town=f"Benchmark municipality {i}",
            provenance=PROVENANCE,
            imported_at=IMPORTED_AT,
            properties={
                "ags": f"99{i:06d}",
                "population": rng.randint(2_000, 95_000),
                "population_date": "2023-12-31",
                "lat": round(48.8 + rng.random() * 0.3, 5),
                "lon": round(9.0 + rng.random() * 0.4, 5),
            },
        )
        for i in range(1, municipality_count + 1)
    ]
    others = []
    for i in range(1, actors - municipality_count + 1):
        kind = rng.choice(kinds)
        seat = rng.choice(municipalities)
        properties: dict[str, Any] = {"website": f"https://example.org/benchmark/{i}", "staff": rng.randint(1, 250)}
        if rng.random() < 0.3:
            properties["languages"] = tuple(rng.sample(["ar", "de", "en", "fa", "ru", "tr", "uk"], 2))
        others.append(
            Actor(
                id=f"bench-actor-{i:07d}",
                name=f"{vocabulary.kinds.label(kind, 'de')} {i}",
                kind=kind,
                municipality=seat.id,
                town=seat.town,
                fields=tuple(rng.sample(field_ids, rng.randint(1, min(2, len(field_ids))))),
                serves=tuple(m.id for m in rng.sample(municipalities, rng.randint(0, min(2, municipality_count)))),
                serves_district=rng.random() < 0.05,
                provenance=PROVENANCE,
                imported_at=IMPORTED_AT,
                properties=properties,
            )
        )
    all_actors = (*municipalities, *others)

    ties: list[Relation] = []
    seen: set[tuple[str, str, str]] = set()
    for j in range(relations):
        # Tie j draws its ends from the first `pool` actors: that makes every prefix of the ties
        # self-contained (Dataset.prefix). The pool grows with j so that the whole range is used, and is
        # never smaller than what holds four times as many keys as ties drawn so far.
        pool = min(actors, max(math.ceil(actors * (j + 1) / relations), _pool_for(j + 1, len(types))))
        while True:
            s = rng.randrange(pool)
            t = rng.randrange(pool - 1)
            if t >= s:  # distinct ends, each pair equally likely
                t += 1
            key = (all_actors[s].id, rng.choice(types), all_actors[t].id)
            if key not in seen:
                break
        seen.add(key)
        since = f"{rng.randint(2010, 2024)}-{rng.randint(1, 12):02d}-01" if rng.random() < 0.5 else None
        ties.append(
            Relation(
                source=key[0],
                type=key[1],
                target=key[2],
                fields=tuple(rng.sample(field_ids, rng.randint(0, min(2, len(field_ids))))),
                since=since,
                note="generated tie" if rng.random() < 0.2 else "",
                provenance=PROVENANCE,
                imported_at=IMPORTED_AT,
            )
        )
    return Dataset(all_actors, tuple(ties))


def _pool_for(ties: int, types: int) -> int:
    """The fewest actors (at least 2) whose possible keys, pool·(pool−1)·types, number at least 4·ties."""
    # The root of pool² − pool − 4·ties/types = 0, then corrected for rounding.
    pool = max(2, math.isqrt(4 * ties // types + 1))
    while pool * (pool - 1) * types < 4 * ties:
        pool += 1
    return pool

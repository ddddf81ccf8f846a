"""The gaps benchmark's generated landscape: a state-sized district landscape, deterministic from its seed
(:mod:`benchmarks.gaps_analysis` measures the gap matrix and the analysis on it).
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass, replace

from graph.model.domain import Actor, GraphBatch, Relation, municipality_id_for
from graph.model.knowledge import Link, Node
from graph.model.vocabulary import MUNICIPALITY_KIND, Vocabulary

__all__ = ["BATCH_ROWS", "Landscape", "generate_landscape"]

DEFAULT_MUNICIPALITIES = 1101
DEFAULT_ACTORS = 50_000
DEFAULT_TIES = 250_000
DEFAULT_SEED = 20241101
#: The home organisation of the generated landscape (the state's integration office).
LANDSCAPE_HOME = "state-integration-office"
#: Rows per write batch (and the Neo4j store's batch size) for the landscape.
BATCH_ROWS = 5000
# Baden-Württemberg's extent: the landscape is state-sized in area as in counts.
_LAT, _LON = (47.55, 49.75), (7.55, 10.45)
_PREFIXES = ("Alt", "Neu", "Ober", "Unter", "Bad ", "Klein", "Groß", "Hohen", "Nieder", "Mittel", "Stein", "Wald",
             "Berg", "Kirch", "Mühl", "Eich", "Buch", "Ross", "Weil", "Marb", "Lauf", "Sulz", "Bühl", "Eppel")
_STEMS = ("bach", "heim", "ingen", "hausen", "dorf", "berg", "stadt", "feld", "weiler", "au", "burg", "hofen",
          "stetten", "brunn", "acker", "tal", "wangen", "stein", "hardt", "kirch")
_KIND_WEIGHTS = {"volunteer_group": 14, "counselling_service": 10, "course_provider": 8, "welfare_organisation": 8,
                 "migrant_organisation": 8, "education": 10, "religious_community": 7, "chamber_business": 6,
                 "network": 5, "health": 6, "other": 8, "employment_agency": 2, "district_office": 2,
                 "state_agency": 1, "state_ministry": 1, "federal_agency": 1}


@dataclass(frozen=True)
class Landscape:
    """A generated landscape: municipality actors first, then the other actors, then the ties."""

    municipalities: tuple[Actor, ...]
    actors: tuple[Actor, ...]
    relations: tuple[Relation, ...]
    home: str
    #: The other node types (offers, formats, events, figures) and their links; empty without knowledge.
    nodes: tuple[Node, ...] = ()
    links: tuple[Link, ...] = ()

    def batches(self, size: int = BATCH_ROWS) -> list[GraphBatch]:
        """Batches in an order every store accepts: municipalities, other actors, ties, nodes, then links."""
        out = [GraphBatch(actors=self.municipalities[i:i + size]) for i in range(0, len(self.municipalities), size)]
        out += [GraphBatch(actors=self.actors[i:i + size]) for i in range(0, len(self.actors), size)]
        out += [GraphBatch(relations=self.relations[i:i + size]) for i in range(0, len(self.relations), size)]
        out += [GraphBatch(nodes=self.nodes[i:i + size]) for i in range(0, len(self.nodes), size)]
        out += [GraphBatch(links=self.links[i:i + size]) for i in range(0, len(self.links), size)]
        return out


def generate_landscape(vocabulary: Vocabulary, municipalities: int = DEFAULT_MUNICIPALITIES,
                       actors: int = DEFAULT_ACTORS, ties: int = DEFAULT_TIES, seed: int = DEFAULT_SEED,
                       knowledge: bool = True) -> Landscape:
    """A deterministic landscape: the same arguments always give the same actors and ties.

    ``actors`` counts every actor, the ``municipalities`` included. Towns lie in Baden-Württemberg's extent
    with log-normal populations; names repeat now and then, as they do across a state. An actor is seated in
    a town chosen by population, works on one to three fields, serves up to three of the nearest towns, and
    one in five hundred serves the whole district. Ties: 55 % within the town, 25 % to a neighbouring town,
    10 % to a hub, 10 % anywhere. With ``knowledge`` (see :func:`generate_knowledge`), offers, formats,
    events and figures in the proportions of a district's graph come on top.
    """
    if municipalities < 1 or actors < municipalities + 1 or ties < 0:
        raise ValueError("Need at least one municipality, more actors than municipalities, and no negative ties.")
    rng = random.Random(seed)
    kinds = [k for k in _KIND_WEIGHTS if k in vocabulary.kinds]
    weights = [_KIND_WEIGHTS[k] for k in kinds]
    fields = list(vocabulary.fields.ids())
    types = list(vocabulary.relation_types.ids())

    towns: list[Actor] = []
    coords: list[tuple[float, float]] = []
    populations: list[int] = []
    for i in range(municipalities):
        ags = f"08{i + 1:06d}"
        lat, lon = round(rng.uniform(*_LAT), 6), round(rng.uniform(*_LON), 6)
        population = max(150, int(rng.lognormvariate(math.log(6000), 1.1)))
        prefix, stem = rng.choice(_PREFIXES), rng.choice(_STEMS)
        name = prefix + (stem.capitalize() if prefix.endswith(" ") else stem)
        towns.append(Actor(
            id=municipality_id_for(ags), name=name, kind=MUNICIPALITY_KIND, town=name,
            fields=tuple(rng.sample(fields, rng.randint(0, 2))), provenance="generated",
            properties={"ags": ags, "population": population, "population_date": "2023-12-31", "lat": lat,
                        "lon": lon},
        ))
        coords.append((lat, lon))
        populations.append(population)
    neighbours = _nearest_towns(coords, 8)

    others: list[Actor] = []
    seat_of: list[int] = []
    home = Actor(id=LANDSCAPE_HOME, name="Landesweite Koordinierungsstelle Integration", kind="district_office",
                 municipality=towns[0].id, town=towns[0].name, fields=tuple(fields), serves_district=True,
                 provenance="generated")
    others.append(home)
    seat_of.append(0)
    town_choices = rng.choices(range(municipalities), weights=populations, k=actors - municipalities - 1)
    for i, t in enumerate(town_choices, start=1):
        kind = rng.choices(kinds, weights=weights)[0]
        served = rng.sample(neighbours[t], rng.choice((0, 0, 0, 1, 1, 2, 3)))
        others.append(Actor(
            id=f"actor-{i:06d}", name=f"{vocabulary.kinds.label(kind, 'de')} {towns[t].name} {i}", kind=kind,
            municipality=towns[t].id, town=towns[t].name, fields=tuple(rng.sample(fields, rng.randint(1, 3))),
            serves=tuple(towns[s].id for s in served), serves_district=rng.random() < 0.002, provenance="generated",
        ))
        seat_of.append(t)

    everyone = [a.id for a in towns] + [a.id for a in others]
    town_of = list(range(municipalities)) + seat_of
    by_town: list[list[int]] = [[i] for i in range(municipalities)]
    for j, t in enumerate(seat_of):
        by_town[t].append(municipalities + j)
    hubs = [municipalities + j for j, a in enumerate(others) if a.serves_district]
    fields_of = [set(a.fields) for a in towns] + [set(a.fields) for a in others]
    relations: list[Relation] = []
    seen: set[tuple[int, str, int]] = set()
    while len(relations) < ties:
        s = rng.randrange(len(everyone))
        roll = rng.random()
        if roll < 0.55:
            t = rng.choice(by_town[town_of[s]])
        elif roll < 0.80:
            t = rng.choice(by_town[rng.choice(neighbours[town_of[s]])])
        elif roll < 0.90:
            t = rng.choice(hubs) if hubs else rng.randrange(len(everyone))
        else:
            t = rng.randrange(len(everyone))
        rel_type = rng.choice(types)
        if s == t or (s, rel_type, t) in seen:
            continue
        seen.add((s, rel_type, t))
        shared = sorted(fields_of[s] & fields_of[t])
        relations.append(Relation(everyone[s], rel_type, everyone[t], fields=tuple(shared[:1]),
                                  provenance="generated"))
    landscape = Landscape(tuple(towns), tuple(others), tuple(relations), home.id)
    if not knowledge:
        return landscape
    nodes, links = generate_knowledge(landscape, neighbours, vocabulary, rng)
    return replace(landscape, nodes=nodes, links=links)


def generate_knowledge(landscape: Landscape, neighbours: Sequence[Sequence[int]], vocabulary: Vocabulary,
                       rng: random.Random) -> tuple[tuple[Node, ...], tuple[Link, ...]]:
    """Offers, formats, events and figures for a landscape, in about the proportions of a district's graph.

    One offer per ten actors (provided by one actor, serving its town and up to two neighbours, on one field;
    3 % confirmed not offered, 2 % of them district-wide), one format per fifty actors (organised by one
    actor, five to fifteen taking part) with two events each, and two figures per municipality.
    """
    fields = list(vocabulary.fields.ids())
    town_index = {t.id: i for i, t in enumerate(landscape.municipalities)}
    others = landscape.actors
    nodes: list[Node] = []
    links: list[Link] = []
    for i in range(len(others) // 10):
        provider = rng.choice(others)
        status = rng.choices(("offered", "not_offered", "planned", "ended"), weights=(85, 3, 6, 6))[0]
        wide = rng.random() < 0.02
        offer = Node(f"offer-{i:06d}", "Offer", f"Angebot {i}", provenance="generated", properties={
            "status": status, "district_wide": wide, "end": f"{rng.randint(2025, 2029)}-12-31"})
        nodes.append(offer)
        if status != "not_offered":
            links.append(Link(provider.id, "Actor", "PROVIDES", offer.id, "Offer", provenance="generated"))
        links.append(Link(offer.id, "Offer", "CONCERNS", rng.choice(fields), "FieldOfAction", provenance="generated"))
        if not wide and provider.municipality in town_index:
            seat = town_index[provider.municipality]
            for t in {seat, *rng.sample(list(neighbours[seat]), rng.randint(0, 2))}:
                links.append(Link(offer.id, "Offer", "SERVES", landscape.municipalities[t].id, "Actor",
                                  provenance="generated"))
    for i in range(len(others) // 50):
        fmt = Node(f"format-{i:06d}", "Format", f"Austauschtreffen {i}", provenance="generated",
                   properties={"kind": "exchange_meeting", "rhythm": "quarterly"})
        nodes.append(fmt)
        links.append(Link(rng.choice(others).id, "Actor", "ORGANISES", fmt.id, "Format", provenance="generated"))
        for member in {a.id for a in rng.sample(others, rng.randint(5, 15))}:
            links.append(Link(member, "Actor", "TAKES_PART_IN", fmt.id, "Format", provenance="generated"))
        for j in range(2):
            event = Node(f"event-{i:06d}-{j}", "Event", f"Treffen {i}/{j}", provenance="generated",
                         properties={"kind": "meeting", "start": f"2025-{3 + 6 * j:02d}-15"})
            nodes.append(event)
            links.append(Link(event.id, "Event", "INSTANCE_OF", fmt.id, "Format", provenance="generated"))
    for town in landscape.municipalities:
        for measure, unit, value in (("population", "persons", town.properties["population"]),
                                     ("foreign_share", "percent", round(rng.uniform(5, 35), 1))):
            figure = Node(f"indicator-{town.id}-{measure}", "Indicator", f"{measure} {town.name}",
                          provenance="generated", properties={"measure": measure, "value": value, "unit": unit,
                                                              "reference_date": "2023-12-31"})
            nodes.append(figure)
            links.append(Link(figure.id, "Indicator", "MEASURED_FOR", town.id, "Actor", provenance="generated"))
    return tuple(nodes), tuple(links)


def _nearest_towns(coords: Sequence[tuple[float, float]], k: int) -> list[list[int]]:
    # Equirectangular distances are good enough to pick neighbours; a latitude-sorted window keeps this
    # from being a million comparisons.
    order = sorted(range(len(coords)), key=lambda i: coords[i][0])
    position_of = {town: position for position, town in enumerate(order)}
    scale = math.cos(math.radians(48.6))
    result = []
    for i, (lat, lon) in enumerate(coords):
        position = position_of[i]
        window = order[max(0, position - 120): position + 121]
        ranked = sorted((j for j in window if j != i),
                        key=lambda j: ((coords[j][0] - lat) ** 2 + ((coords[j][1] - lon) * scale) ** 2, j))
        result.append(ranked[:k])
    return result

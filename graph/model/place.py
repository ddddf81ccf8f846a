"""Where an actor is: coordinates read from its properties, distances between places, names as an index sorts them.

One reading of ``lat``/``lon`` for the whole library (the gap model, the profiles and the geographic
layout agree on which actors have a place), and one German index order for names.
"""

from __future__ import annotations

import math
import unicodedata

from graph.model.domain import Actor

__all__ = ["EARTH_RADIUS_KM", "actor_coordinates", "coordinates", "finite_number", "haversine_km", "index_key"]

#: The mean earth radius (IUGG), in km.
EARTH_RADIUS_KM = 6371.0088


def finite_number(value: object) -> float | None:
    """``value`` as a float when it is a number or a text that reads as a finite one, else None.

    >>> finite_number("48.5"), finite_number(3), finite_number("inf"), finite_number(True), finite_number(None)
    (48.5, 3.0, None, None, None)
    """
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        return None
    try:
        number = float(value)
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def coordinates(lat: object, lon: object) -> tuple[float, float] | None:
    """``(lat, lon)`` as floats when both read as finite numbers within ±90 and ±180 degrees, else None.

    >>> coordinates("48.89", 9.19), coordinates(None, 9.19), coordinates(91, 0), coordinates("nan", 1)
    ((48.89, 9.19), None, None, None)
    """
    lat_value, lon_value = finite_number(lat), finite_number(lon)
    if lat_value is None or lon_value is None:
        return None
    if not (-90 <= lat_value <= 90 and -180 <= lon_value <= 180):
        return None
    return (lat_value, lon_value)


def actor_coordinates(actor: Actor) -> tuple[float, float] | None:
    """The :func:`coordinates` of an actor's ``lat`` and ``lon`` properties."""
    return coordinates(actor.properties.get("lat"), actor.properties.get("lon"))


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km.

    >>> round(haversine_km(48.9, 9.2, 49.0, 9.2), 2)
    11.12
    """
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(h))


def index_key(text: str) -> str:
    """``text`` as a German index sorts it: umlauts with their base letter, ß as ss, case folded.

    >>> sorted(["Oberstenfeld", "Öhringen", "Murr"], key=index_key)
    ['Murr', 'Oberstenfeld', 'Öhringen']
    """
    # Plain ASCII needs only the case folded, which spares tens of thousands of names the decomposition.
    if text.isascii():
        return text.casefold()
    return unicodedata.normalize("NFKD", text.replace("ß", "ss")).encode("ascii", "ignore").decode().casefold()

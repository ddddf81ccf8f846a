"""Pieces the overview and the profile pages share: links to profiles, a selection kept in the URL, and
user text and values written as Markdown that shows them literally.

Everything that reaches Markdown from the data goes through :func:`dashboard.i18n.markdown_literal`; only
``http(s)`` addresses found by :func:`graph.model.source_links.source_parts` become links. Nothing here uses
``unsafe_allow_html``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping, Sequence
from datetime import datetime

import streamlit as st

from dashboard.i18n import format_date, format_number, markdown_literal, t
from graph.model.district import parse_amount
from graph.model.domain import Actor
from graph.model.source_links import link_label, link_target, source_parts

__all__ = [
    "ACTOR_PAGE",
    "MUNICIPALITY_PAGE",
    "QUERY_KEY",
    "actor_label",
    "actor_link",
    "actor_links",
    "linked_markdown",
    "municipality_link",
    "page_style",
    "show_table",
    "synced_selection",
    "timestamp",
    "value_markdown",
]

#: The page scripts, relative to ``dashboard/app.py`` (as ``st.page_link`` wants them).
ACTOR_PAGE = "views/actor.py"
MUNICIPALITY_PAGE = "views/municipality.py"
#: The query parameter that names the profiled actor or municipality: ``/actor?id=…``.
QUERY_KEY = "id"
#: Tables with up to this many rows are HTML tables; longer ones a data grid.
TABLE_ROWS = 300
# An HTML table of more rows than this scrolls inside a fixed height instead of lengthening the page.
_SCROLL_ROWS = 20
_TABLE_HEIGHT = 640

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DECIMAL = re.compile(r"^-?\d+\.\d+$")


def linked_markdown(text: str) -> str:
    """``text`` as Markdown that shows it literally, with every ``http(s)`` address a link (labelled with
    a short form of the address; the full address is the link's target)."""
    pieces = []
    for part in source_parts(text):
        if part.is_url:
            pieces.append(f"[{markdown_literal(link_label(part.text))}]({link_target(part.text)})")
        else:
            pieces.append(markdown_literal(part.text))
    return "".join(pieces)


def show_table(
    data: Mapping[str, Sequence[object]] | Sequence[Mapping[str, object]],
    *,
    linked: Collection[str] = (),
    container: object = None,
) -> None:
    """A table of ``data`` (columns by heading, or rows) whose cells show literally, with web addresses as
    links in the ``linked`` columns.

    Up to :data:`TABLE_ROWS` rows become an HTML table (``st.table``: real table markup a screen reader can
    walk, cells rendered as Markdown and therefore escaped here), taller ones scroll; more rows go into
    ``st.dataframe``, which shows cell text as it is and stays fast for thousands of rows.
    """
    if isinstance(data, Mapping):
        columns = {heading: list(cells) for heading, cells in data.items()}
    else:
        columns = {heading: [row.get(heading, "") for row in data] for heading in (data[0] if data else {})}
    rows = max((len(cells) for cells in columns.values()), default=0)
    target = container if container is not None else st
    if rows > TABLE_ROWS:
        plain = {heading: ["" if cell is None else str(cell) for cell in cells] for heading, cells in columns.items()}
        target.dataframe(plain, hide_index=True, width="stretch")  # type: ignore[attr-defined]
        return
    escaped = {
        heading: [linked_markdown(str(cell)) if heading in linked else markdown_literal("" if cell is None else cell)
                  for cell in cells]
        for heading, cells in columns.items()
    }
    target.table(escaped, hide_index=True, height=_TABLE_HEIGHT if rows > _SCROLL_ROWS else "content")  # type: ignore[attr-defined]


def actor_label(actor: Actor) -> str:
    """The actor's name with its town in brackets when it has one: how lists and the selection name it."""
    return f"{actor.name} ({actor.town})" if actor.town and actor.town != actor.name else actor.name


def actor_link(actor: Actor, *, prefix: str = "", suffix: str = "", with_town: bool = True,
               container: object = None) -> None:
    """A link to the actor's profile (``/actor?id=…``), labelled with ``prefix``, the actor's name (with its
    town when ``with_town``, see :func:`actor_label`) and ``suffix`` (plain text, all shown literally), in
    ``container`` (default: the page)."""
    target = container if container is not None else st
    name = actor_label(actor) if with_town else actor.name
    target.page_link(  # type: ignore[attr-defined]
        ACTOR_PAGE, label=markdown_literal(prefix + name + suffix), query_params={QUERY_KEY: actor.id},
        icon=":material/account_circle:",
    )


def actor_links(actors: Sequence[tuple[Actor, str]], *, with_town: bool = True, columns: int = 2,
                min_per_column: int = 6) -> None:
    """Links to the profiles of ``actors`` (each with a plain-text suffix), in reading order down the first
    column, then the next; one column when there are fewer than ``min_per_column`` per column."""
    count = max(1, min(columns, len(actors) // min_per_column))
    per_column = -(-len(actors) // count)
    for number, column in enumerate(st.columns(count) if count > 1 else [None]):
        for actor, suffix in actors[number * per_column:(number + 1) * per_column]:
            actor_link(actor, suffix=suffix, with_town=with_town, container=column)


def page_style() -> None:
    """Two constant style rules (no user text) for the overview and the profile pages.

    - Page-link labels wrap onto a second line instead of being cut off: Streamlit draws them on one line
      and clips them, and actor names are often longer than a column.
    - Captions (sources, dates, explanations) get a contrast of about 7:1: Streamlit draws them at 60 %
      opacity, about 3.9:1 on white, below the 4.5:1 WCAG 2.1 AA asks for text of their size.

    If a later Streamlit renames these elements the rules stop matching and nothing else changes.
    """
    st.html(
        "<style>"
        '[data-testid="stPageLink-NavLink"] span, [data-testid="stPageLink-NavLink"] div,'
        ' [data-testid="stPageLink-NavLink"] p { white-space: normal !important; }'
        '[data-testid="stPageLink-NavLink"] { height: auto !important; }'
        '[data-testid="stCaptionContainer"] { opacity: 0.8 !important; }'
        "</style>"
    )


def municipality_link(town: Actor, *, label: str | None = None, container: object = None) -> None:
    """A link to the municipality's profile (``/municipality?id=…``), labelled literally with ``label``
    (default: the municipality's name)."""
    target = container if container is not None else st
    target.page_link(  # type: ignore[attr-defined]
        MUNICIPALITY_PAGE, label=markdown_literal(label if label is not None else town.name),
        query_params={QUERY_KEY: town.id}, icon=":material/location_city:",
    )


def synced_selection(
    *,
    key: str,
    label: str,
    options: Sequence[str],
    format_func: Callable[[str], str],
    default: str | None,
    resolve: Callable[[str], str | None],
    placeholder: str,
) -> tuple[str | None, str | None]:
    """A selectbox kept in step with the URL's ``?id=`` and return ``(selected option, unknown id)``.

    A new ``?id=`` (a shared link, a link from another page, the browser's back button) selects what
    ``resolve`` maps it to; choosing in the selectbox writes the choice to the URL, so the address can be
    shared. Without ``?id=`` the session's last choice on this page is selected, else ``default``.
    ``unknown`` is the ``?id=`` value when it names nothing and nothing else was chosen since.
    """
    memory, seen = f"{key}_last", f"{key}_url"
    known = set(options)
    requested = st.query_params.get(QUERY_KEY)
    if requested is not None and (requested != st.session_state.get(seen) or key not in st.session_state):
        st.session_state[seen] = requested
        found = resolve(requested)
        st.session_state[key] = found if found in known else None
    elif key not in st.session_state:
        # The widget's state is dropped while another page is shown; the remembered choice is not.
        remembered = st.session_state.get(memory)
        st.session_state[key] = remembered if remembered in known else default if default in known else None
    value = st.selectbox(label, options=list(options), index=None, format_func=format_func, key=key,
                         placeholder=placeholder)
    st.session_state[memory] = value
    if value is not None:
        # Set also when the address already asks for it: a page link to the page being shown reruns it with
        # the new ?id=, but the browser's address bar (and its history, for the Back button) only follows
        # when the app sets the parameter.
        st.query_params[QUERY_KEY] = value
        st.session_state[seen] = value
    unknown = requested if requested is not None and value is None and resolve(requested) not in known else None
    return value, unknown


def timestamp(value: str, lang: str) -> str:
    """An ISO 8601 time stamp as ``lang`` writes it, in the local time of the machine running the
    dashboard: German ``26.11.2026, 03:47 Uhr``, English ``2026-11-26 03:47``. Text that is not ISO 8601
    is returned unchanged."""
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        return value
    local = moment.astimezone() if moment.tzinfo else moment
    return t("common.timestamp", lang, date=format_date(local, lang), time=local.strftime("%H:%M"))


def value_markdown(key: str, value: object, lang: str) -> str:
    """A property value as Markdown in ``lang``: numbers and ISO dates in the locale, yes/no for booleans,
    ``http(s)`` addresses as links, everything else literally. Digit strings stay as they are (an official
    key such as ``08118048`` is not a number), except for population counts (keys ending in
    ``population``)."""
    if isinstance(value, bool):
        return t("common.yes", lang) if value else t("common.no", lang)
    if isinstance(value, int | float):
        amount = parse_amount(value)
        return markdown_literal(format_number(amount.value, lang, amount.decimals)) if amount else markdown_literal(
            value)
    if isinstance(value, tuple | list):
        return ", ".join(value_markdown(key, item, lang) for item in value)
    text = str(value)
    stripped = text.strip()
    if _ISO_DATE.match(stripped):
        return markdown_literal(format_date(stripped, lang))
    if _DECIMAL.match(stripped) or (stripped.isdigit() and key.endswith("population")):
        amount = parse_amount(stripped)
        if amount is not None:
            return markdown_literal(format_number(amount.value, lang, amount.decimals))
    return linked_markdown(text)

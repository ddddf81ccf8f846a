"""What every ``integranet`` command shares: the ``--store`` option, the settings of the run, the opened store,
and the one translation of library errors into plain messages and exit codes.

Exit codes: :data:`EXIT_OK` (0) success, :data:`EXIT_INVALID` (1) invalid input (nothing written),
:data:`EXIT_USAGE` (2) wrong usage, :data:`EXIT_STORE` (3) the store could not be reached or opened. A library
error (:mod:`graph.errors`) carries its exit code; :func:`plain_errors` prints its message and exits with it.
No traceback reaches the user (set INTEGRANET_DEBUG=1 to see one).

Sub-command modules import from here, never from :mod:`integranet.cli`, which only registers them.
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, NoReturn, TypeVar

import click

from graph.errors import IntegraNetError, InvalidInputError
from graph.model.vocabulary import Vocabulary
from graph.settings import Settings
from graph.store import GraphStore, open_store

__all__ = [
    "EXIT_INVALID",
    "EXIT_OK",
    "EXIT_STORE",
    "EXIT_USAGE",
    "Invocation",
    "confirmed",
    "current_settings",
    "fail",
    "group_store_option",
    "opened_store",
    "plain_errors",
    "store_option",
]

F = TypeVar("F", bound=Callable[..., Any])

EXIT_OK, EXIT_INVALID, EXIT_USAGE, EXIT_STORE = 0, 1, 2, 3


class Invocation:
    """One run of ``integranet``: the ``--store`` given (before or after a sub-command's name) and the settings.

    The settings are built from the environment and that store once, when a command first asks for them —
    after every option of the command line has been read.
    """

    def __init__(self) -> None:
        self.store: str | None = None
        self._settings: Settings | None = None

    def choose_store(self, store: str) -> None:
        """Use ``store`` (a path or a Neo4j URI); a later ``--store`` wins over an earlier one."""
        self.store = store
        self._settings = None

    def settings(self) -> Settings:
        """The settings of this run (raises :class:`graph.errors.ConfigurationError` on a bad variable)."""
        if self._settings is None:
            self._settings = Settings.from_env(store=self.store)
        return self._settings


def _remember_store(ctx: click.Context, _param: click.Parameter, value: str | None) -> None:
    if value:
        ctx.ensure_object(Invocation).choose_store(value)


#: ``--store`` on the ``integranet`` group (before the sub-command's name).
group_store_option: Callable[[F], F] = click.option(
    "--store", "store_", metavar="PATH|URI", default=None, expose_value=False, callback=_remember_store,
    help="Embedded store path or Neo4j URI (bolt://, neo4j://, neo4j+s://). "
         "Default: INTEGRANET_STORE, else the embedded store in your data folder.")

#: ``--store`` on every sub-command too, so that it is accepted before or after the sub-command's name.
store_option: Callable[[F], F] = click.option(
    "--store", "store_", metavar="PATH|URI", default=None, expose_value=False, callback=_remember_store,
    help="Embedded store path or Neo4j URI (default: INTEGRANET_STORE, else your data folder).")


def current_settings() -> Settings:
    """The settings of the running command: from the environment and the ``--store`` given, built once."""
    invocation = click.get_current_context().find_object(Invocation)
    return invocation.settings() if invocation else Settings.from_env()


@contextmanager
def opened_store(settings: Settings) -> Iterator[tuple[GraphStore, Vocabulary]]:
    """The store ``settings`` name, with the vocabulary it is read with; closed when the block ends."""
    vocabulary = Vocabulary.load(settings.vocabulary_dir)
    store = open_store(settings, vocabulary)
    try:
        yield store, vocabulary
    finally:
        store.close()


#: How many problems a command lists before it only counts the rest.
_PROBLEMS_SHOWN = 200


def fail(message: str, code: int) -> NoReturn:
    """Print ``message`` on stderr and end the run with exit code ``code``."""
    click.echo(message, err=True)
    sys.exit(code)


def confirmed(question: str, refusal: str, yes: bool) -> bool:
    """True when the user agrees to ``question`` at the terminal, or passed ``--yes``. Without a terminal (and
    without ``--yes``) the run ends with ``refusal`` and exit code 1: a command never waits for an answer that
    nobody can give."""
    if yes:
        return True
    if sys.stdin is None or not sys.stdin.isatty():
        fail(refusal, EXIT_INVALID)
    return click.confirm(question, default=False)


def plain_errors(func: F) -> F:
    """Run ``func`` with library errors turned into a plain message and their documented exit code.

    An :class:`InvalidInputError` lists its problems first. Click's own usage errors pass through (click
    prints them, exit code 2); an unexpected error becomes one line asking for a report.
    """

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except InvalidInputError as exc:
            for problem in exc.problems[:_PROBLEMS_SHOWN]:
                click.echo(str(problem), err=True)
            if len(exc.problems) > _PROBLEMS_SHOWN:  # past a few hundred, a list only hides the cause
                click.echo(f"… and {len(exc.problems) - _PROBLEMS_SHOWN:,} more problems; fix these first.", err=True)
            fail(f"Error: {exc}", EXIT_INVALID)
        except IntegraNetError as exc:
            fail(f"Error: {exc}", exc.exit_code)
        except click.ClickException:
            raise  # click prints usage errors itself, with exit code 2
        except KeyboardInterrupt:
            fail("Interrupted.", 130)
        except Exception as exc:
            if os.environ.get("INTEGRANET_DEBUG"):
                raise
            fail(f"Unexpected error: {type(exc).__name__}: {exc}. Nothing more was done. "
                 "Run again with INTEGRANET_DEBUG=1 to see the details, and report them.", EXIT_INVALID)

    return wrapper  # type: ignore[return-value]

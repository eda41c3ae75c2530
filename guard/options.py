"""The ``--timeout`` and ``--max-memory`` options, shared by every command
that parses files (``esep extract``, ``esep ingest``, ``esep watch``)::

    @main.command()
    @limit_options
    def extract(file, timeout, max_memory): ...
        limits = limits_from(timeout, max_memory)
"""

from __future__ import annotations

import click

from esep.guard.limits import DEFAULT_MAX_MEMORY, DEFAULT_TIMEOUT_S, Limits, format_size, parse_size


class SizeParam(click.ParamType):
    """``1GB``, ``512M``, ``2GiB``, ``0`` (no limit) -> bytes or None."""

    name = "SIZE"

    def convert(self, value, param, ctx):
        if value is None or isinstance(value, int):
            return value
        try:
            return parse_size(value)
        except ValueError as exc:
            self.fail(str(exc), param, ctx)


def limit_options(func):
    func = click.option(
        "--max-memory", type=SizeParam(), default=format_size(DEFAULT_MAX_MEMORY).replace(" ", ""),
        show_default=True, help="Memory limit of the process parsing a file, e.g. 1GB, 512M (0: none).",
    )(func)
    func = click.option(
        "--timeout", type=click.FloatRange(min=0), default=DEFAULT_TIMEOUT_S, show_default=True,
        metavar="SECONDS", help="Wall-clock limit per file (0: none).",
    )(func)
    return func


def limits_from(timeout: float | None, max_memory: int | None) -> Limits:
    return Limits(timeout or None, max_memory or None)

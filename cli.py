"""esep command line: ``esep dump``, ``esep extract``, ``esep ingest``, ...

Each command is a thin shell over a stage: it parses options, calls the
stage and turns typed errors into a one-line message and an exit status.
"""

from __future__ import annotations

import json
import sys

import click

from extract import ExtractError, read
from extract.errors import one_line, printable_name


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="esep")
def main() -> None:
    """esep: programme reports on state grants -> one clean, traceable dataset."""


def fail(message: str, code: int = 1) -> None:
    click.echo(f"esep: {message}", err=True)
    sys.exit(code)


def read_or_fail(file: str):
    """Read FILE, turning any failure into one line and exit status 1."""
    try:
        return read(file)
    except ExtractError as err:
        fail(str(err))
    except MemoryError:
        fail(f"{printable_name(file)}: out of memory while reading")
    except Exception as exc:  # a reader bug must still not print a traceback
        fail(f"{printable_name(file)}: {one_line(f'internal error ({type(exc).__name__}: {exc})')}")


@main.command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=str))
@click.option("--json", "as_json", is_flag=True, help="Print the full document model as JSON.")
def dump(file: str, as_json: bool) -> None:
    """Show what the reader saw in FILE: paragraphs and tables with their pages."""
    from extract.render import render_text

    doc = read_or_fail(file)
    if as_json:
        click.echo(json.dumps(doc.to_dict(), ensure_ascii=False, indent=1))
    else:
        click.echo(render_text(doc))


from batch.command import ingest  # noqa: E402

main.add_command(ingest)


if __name__ == "__main__":  # pragma: no cover
    main()

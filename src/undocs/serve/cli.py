"""The `undocs` command: thin shells over the library, one call each.

Errors: every `UndocsError` (and any unexpected failure of one file) becomes one
line `undocs: error: FILE: reason` on stderr; the exit code is 2 when any file
failed, after the others were processed.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from undocs import __version__
from undocs.errors import ParseError, UndocsError
from undocs.files import document_files
from undocs.parse import parse
from undocs.serve.render import markdown, summary

app = typer.Typer(add_completion=False, no_args_is_help=True, help="United Nations official documents as data.")


def _error(message: str) -> None:
    typer.echo(f"undocs: error: {message}", err=True)


def _version(value: bool) -> None:
    if value:
        typer.echo(__version__)
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool, typer.Option("--version", help="Print the version and exit.", is_eager=True, callback=_version)
    ] = False,
) -> None:
    """United Nations official documents as data."""


@app.command("parse")
def parse_cmd(
    files: Annotated[list[Path], typer.Argument(help="Files or folders (walked recursively).")],
    as_json: Annotated[
        bool, typer.Option("--json", help="Records as JSON (an object for one file, else an array).")
    ] = False,
    jsonl: Annotated[bool, typer.Option("--jsonl", help="One JSON record per line.")] = False,
    as_markdown: Annotated[bool, typer.Option("--markdown", help="Records as Markdown.")] = False,
    language: Annotated[
        str | None, typer.Option("--language", "-l", help="Force the language (ISO 639-1) instead of detecting it.")
    ] = None,
    no_blocks: Annotated[bool, typer.Option("--no-blocks", help="Leave the body out of JSON output.")] = False,
) -> None:
    """Parse UN documents (PDF, DOCX, text, Akoma Ntoso XML) into records.

    Example: undocs parse A_C.2_72_3.fr.txt --json
    """
    failed: list[str] = []
    records = []
    paths = list(document_files(files))
    for path in paths:
        try:
            rec = parse(path, language=language)
        except UndocsError as exc:
            failed.append(str(exc) if isinstance(exc, ParseError) else f"{path}: {exc}")
            _error(failed[-1])
            continue
        except Exception as exc:  # noqa: BLE001 - one broken file must not stop the run
            failed.append(f"{path}: internal error ({type(exc).__name__}: {exc})")
            _error(failed[-1])
            continue
        if jsonl:
            typer.echo(rec.to_json(indent=None, with_blocks=not no_blocks))
        elif as_json:
            records.append(rec.to_dict(with_blocks=not no_blocks))
        elif as_markdown:
            typer.echo(markdown(rec))
        else:
            typer.echo(summary(rec) + "\n")
    if as_json and records:
        out = records[0] if len(paths) == 1 else records
        typer.echo(json.dumps(out, ensure_ascii=False, indent=2))
    if len(paths) > 1 and failed:
        _error(f"{len(failed)} of {len(paths)} files failed:")
        for f in failed:
            typer.echo(f"  {f}", err=True)
    if not paths:
        _error("no document files found")
        raise typer.Exit(2)
    if failed:
        raise typer.Exit(2)


def run() -> None:
    """Console-script entry point: never a traceback for a user's mistake."""
    try:
        app()
    except KeyboardInterrupt:
        _error("interrupted")
        sys.exit(130)

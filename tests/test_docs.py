"""Every command is documented: in the README with an example, and in its own --help
(after sqlite-utils' test_docs)."""

from __future__ import annotations

import pytest
import typer.main

from conftest import ROOT
from undocs.serve.cli import app

COMMANDS = sorted(typer.main.get_command(app).commands)  # type: ignore[attr-defined]


def test_commands_found() -> None:
    assert {"parse", "ingest", "search", "serve", "align"} <= set(COMMANDS)


@pytest.mark.parametrize("name", COMMANDS)
def test_command_in_readme(name: str) -> None:
    assert f"undocs {name} " in (ROOT / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", COMMANDS)
def test_command_help_has_an_example(name: str) -> None:
    command = typer.main.get_command(app).commands[name]  # type: ignore[attr-defined]
    assert command.help and "Example:" in command.help

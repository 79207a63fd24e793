"""`python -m undocs` is the `undocs` command."""

from undocs.serve.cli import run

run()

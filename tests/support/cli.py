"""Run `python -m bot ...` in-process, as the command-line tests do."""

from __future__ import annotations

import pytest

from bot.__main__ import main


def run_cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """The exit code, standard output and standard error of one command."""
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err

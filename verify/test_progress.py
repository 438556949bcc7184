"""Progress of long stages: drawn on a terminal only, never under pytest's capture, in a pipe or
inside a pytest-xdist worker; and ``lth-verify stages`` rejects bad input with one line."""
import io
import time

import pytest

from empirical import progress
from lth_verify.cli import main as cli_main


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_no_display_when_stderr_is_not_a_terminal(monkeypatch):
    monkeypatch.setattr("sys.stderr", io.StringIO())
    assert not progress.enabled()
    assert list(progress.rounds(3, "stage", 100)) == [0, 1, 2]


def test_no_display_inside_an_xdist_worker(monkeypatch):
    monkeypatch.setattr("sys.stderr", Terminal())
    monkeypatch.setenv("PYTEST_XDIST_WORKER", "gw0")
    assert not progress.enabled()


def test_terminal_shows_stage_round_and_epoch_rate(monkeypatch):
    terminal = Terminal()
    monkeypatch.setattr("sys.stderr", terminal)
    monkeypatch.delenv("PYTEST_XDIST_WORKER", raising=False)
    seen = []
    for n in progress.rounds(3, "IMP nl", 1000):
        time.sleep(0.12)  # past tqdm's minimum refresh interval, so the rate is drawn
        seen.append(n)
    assert seen == [0, 1, 2]
    shown = terminal.getvalue()
    assert "IMP nl: round 3/3" in shown and "epochs/s" in shown


@pytest.mark.parametrize(("argv", "needle"), [
    (["stages", "--only", "nope"], "--only 'nope' is not a stage"),
    (["stages", "--profile", "huge"], "unknown profile 'huge'"),
])
def test_stages_command_rejects_bad_input_with_one_line(argv, needle, capsys):
    assert cli_main(argv) == 2
    err = capsys.readouterr().err
    assert needle in err and err.count("\n") == 1

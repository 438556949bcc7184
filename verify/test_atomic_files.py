"""Result files are written atomically and with the usual permissions (0666 less the umask),
not the 0600 that a bare ``tempfile.mkstemp`` leaves, so another user can read the report; and
the stage cache is one per user, not one per report folder."""
import os
import stat
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from empirical.atomic import atomic_write, atomic_write_text  # noqa: E402
from empirical.store import save_json, save_npz  # noqa: E402
from lth_verify.report import run_status, summarise, write_report  # noqa: E402
from theorems.context import CheckContext  # noqa: E402


@pytest.fixture
def umask():
    def set_mask(mask: int) -> None:
        os.umask(mask)

    old = os.umask(0o022)
    yield set_mask
    os.umask(old)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.parametrize(("mask", "mode"), [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_atomic_write_gives_the_mode_open_would(tmp_path, umask, mask, mode):
    umask(mask)
    target = tmp_path / "out" / "file.txt"
    atomic_write_text(target, "text")
    assert target.read_text() == "text" and _mode(target) == mode


def test_a_failed_write_leaves_neither_target_nor_temporary_file(tmp_path):
    def boom(handle):
        handle.write(b"half")
        raise RuntimeError("interrupted")

    with pytest.raises(RuntimeError):
        atomic_write(tmp_path / "x.bin", boom)
    assert list(tmp_path.iterdir()) == []


def test_report_figures_and_cache_files_are_world_readable(tmp_path, umask):
    umask(0o022)
    results = {"schema": 2, "profile": "quick", "created": "now", "commit": "abc", "run_seconds": 0.0,
               "environment": {}, "claims": [], "summary": summarise([]), "run_status": run_status([], [])}
    paths = write_report(results, tmp_path)
    fig, ax = plt.subplots()
    ax.plot([0, 1])
    figure = CheckContext("meta.figure", "quick", tmp_path).save_figure(fig, "caption")
    save_json(tmp_path / "cache" / "runs.json", {"a": 1})
    save_npz(tmp_path / "cache" / "result.npz", x=[1.0])
    for path in (*paths.values(), tmp_path / figure.path, tmp_path / "cache" / "runs.json",
                 tmp_path / "cache" / "result.npz"):
        assert _mode(path) == 0o644, path


def test_stage_cache_is_one_per_user_whatever_the_report_folder(monkeypatch, tmp_path):
    monkeypatch.delenv("LTH_CACHE_DIR", raising=False)
    here, there = (CheckContext("x.y", "quick", tmp_path / name).cache_dir() for name in ("a", "b"))
    assert here == there and "lth-verify" in here.parts and tmp_path not in here.parents
    monkeypatch.setenv("LTH_CACHE_DIR", str(tmp_path / "cache"))
    assert CheckContext("x.y", "quick", tmp_path / "a").cache_dir() == tmp_path / "cache"

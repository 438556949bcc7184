"""Stage archives: a run cut short on one machine resumes on another from its packed round
files, committed results are read without a GPU, and nothing unpacks outside its stage."""
from __future__ import annotations

import dataclasses
import io
import json
import os
import tarfile
from pathlib import Path

import pytest
import torch

from empirical.hnn import archive, experiments, imp
from empirical.hnn.archive import pack_folder, unpack_archive
from empirical.hnn.imp import Arm, ImpConfig, run_imp
from empirical.hnn.network import PARAM_NAMES, WEIGHT_NAMES
from empirical.hnn.training import TrainConfig

SMALL = TrainConfig("nl-oscillator", epochs=20, n_points=12, hidden=5)


def _config() -> ImpConfig:
    return ImpConfig(SMALL, (Arm(1, 0.3), Arm(2, 0.3, ("w2",), scope="layerwise", label="h")), rounds=3)


def test_a_run_cut_short_resumes_elsewhere_from_its_archive(tmp_path: Path):
    cfg = _config()
    fresh = run_imp(cfg, tmp_path / "fresh")
    first = run_imp(cfg, tmp_path / "gpu-1")
    folder = next((tmp_path / "gpu-1").glob("imp-*"))
    for late in ("round-002.npz", "round-003.npz"):  # the run was stopped after round 1
        os.remove(folder / late)
    size = pack_folder(folder, None, tmp_path / "carried", "nl-imp")
    assert size == (tmp_path / "carried" / "nl-imp.tar.xz").stat().st_size
    assert unpack_archive(tmp_path / "carried", "nl-imp", tmp_path / "gpu-2", {folder.name})
    carried = sorted(p.name for p in (tmp_path / "gpu-2" / folder.name).glob("round-*"))
    assert carried == ["round-000.npz", "round-001.npz"]
    resumed = run_imp(cfg, tmp_path / "gpu-2")
    for n in range(cfg.rounds + 1):
        assert all(torch.equal(resumed.masks[n][w], fresh.masks[n][w]) for w in WEIGHT_NAMES)
        assert all(torch.equal(resumed.params[n][p], fresh.params[n][p]) for p in PARAM_NAMES)
    assert first is not None


def test_large_archives_split_into_parts_that_join_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    cfg = _config()
    run_imp(cfg, tmp_path / "a")
    folder = next((tmp_path / "a").glob("imp-*"))
    marker = tmp_path / "a" / "nl-imp-x.done"
    marker.touch()
    monkeypatch.setattr(archive, "PART_BYTES", 4096)
    pack_folder(folder, marker, tmp_path / "out", "nl-imp")
    parts = sorted((tmp_path / "out").glob("nl-imp.tar.xz.part*"))
    assert len(parts) > 1 and all(p.stat().st_size <= 4096 for p in parts)
    unpack_archive(tmp_path / "out", "nl-imp", tmp_path / "b", {folder.name, marker.name})
    for path in folder.iterdir():
        assert (tmp_path / "b" / folder.name / path.name).read_bytes() == path.read_bytes()
    assert (tmp_path / "b" / marker.name).exists()


def test_an_archive_cannot_write_outside_its_stage(tmp_path: Path):
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:xz") as tar:
        data = b"not a round"
        info = tarfile.TarInfo("../escape.npz")
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "nl-imp.tar.xz").write_bytes(buffer.getvalue())
    with pytest.raises(ValueError, match="escape"):
        unpack_archive(tmp_path / "src", "nl-imp", tmp_path / "root", {"imp-0123"})
    assert not (tmp_path / "escape.npz").exists()


def test_committed_results_are_adopted_and_count_as_complete(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """What ``require`` does on a machine without a GPU when results/<profile>/ holds a stage."""
    profile, stage = "quick", "nl-dense"
    cfg = experiments.stage_config(profile, stage)
    small = ImpConfig(SMALL, cfg.arms[:1], rounds=0)
    monkeypatch.setattr(experiments, "stage_config", lambda p, s, numerics="nominal": small if s == stage else cfg)
    run_imp(small, tmp_path / "gpu")
    experiments.marker(tmp_path / "gpu", profile, stage).touch()
    results = tmp_path / "results"
    monkeypatch.setattr(archive, "RESULTS_ROOT", results)
    packed = archive.pack(profile, tmp_path / "gpu", results / profile, stages=(stage,))
    archive.write_provenance(profile, results / profile, packed, {"device": "test"}, {stage: 12.34})
    record = json.loads((results / profile / "provenance.json").read_text())
    assert record["stages"][stage]["complete"] and record["device"] == "test"
    assert record["stages"][stage]["wall time s"] == 12.3
    assert archive.committed_complete(profile) == {stage}
    experiments._ADOPTED.clear()

    def no_training(*args, **kwargs):
        raise AssertionError("require trained instead of reading the committed results")

    monkeypatch.setattr("empirical.hnn.imp.train", no_training)
    got = experiments.require(stage, profile, tmp_path / "cpu")
    monkeypatch.undo()
    assert torch.equal(got.masks[0]["w1"], run_imp(small, tmp_path / "gpu").masks[0]["w1"])


def test_the_engine_record_is_packed_and_summarised_in_the_provenance(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """engine.json travels in the stage's archive, and provenance.json counts the rounds per engine,
    the configured engine beside them; an unchosen run records the configured engine."""
    profile, stage = "quick", "nl-imp"
    cfg = experiments.stage_config(profile, stage)
    small = ImpConfig(dataclasses.replace(SMALL, engine="fused"), cfg.arms[:1], rounds=2)
    monkeypatch.setattr(experiments, "stage_config", lambda p, s, numerics="nominal": small if s == stage else cfg)
    monkeypatch.setenv("LTH_ENGINE", "fused-compiled")
    real = imp.train  # no compilation on the CPU here: the record is what is tested
    monkeypatch.setattr(imp, "train", lambda c, *a, **k: real(dataclasses.replace(c, engine="fused"), *a, **k))
    run_imp(small, tmp_path / "gpu")
    folder = experiments.stage_folder(tmp_path / "gpu", profile, stage)
    os.remove(folder / "round-002.npz")
    monkeypatch.delenv("LTH_ENGINE")
    run_imp(small, tmp_path / "gpu")
    packed = archive.pack(profile, tmp_path / "gpu", tmp_path / "out", stages=(stage,))
    archive.write_provenance(profile, tmp_path / "out", packed, {"device": "test"}, {})
    record = json.loads((tmp_path / "out" / "provenance.json").read_text())
    assert record["stages"][stage]["engine"] == {"configured": "fused", "trained": {"fused-compiled": 2, "fused": 1}}
    assert unpack_archive(tmp_path / "out", stage, tmp_path / "cpu", {folder.name})
    unpacked = json.loads((tmp_path / "cpu" / folder.name / "engine.json").read_text())
    assert unpacked["trained"] == {"round-000": "fused-compiled", "round-001": "fused-compiled", "round-002": "fused"}

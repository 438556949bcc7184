"""Stage results as archives that travel between machines, and the committed paper results.

A GPU run for this project lasts at most ten minutes and brings back at most eight files of
16 MiB.  So each stage's folder (its round files, finished or not, and its done-marker) is
packed into one xz-compressed tar, split into parts below that size if it must be; unpacking
the archives into a stage cache lets the next run go on from the last saved round, and lets a
machine without a GPU read the results.  ``results/<profile>/`` in the repository holds the
archives of the runs that were done, with ``provenance.json`` (device, torch, commit, date,
wall time per stage, float32 matmul precision, and per stage the engine that trained each saved
part: see :mod:`empirical.hnn.engines`).
"""
from __future__ import annotations

import io
import json
import shutil
import tarfile
import tempfile
from pathlib import Path

from ..atomic import atomic_write_bytes, atomic_write_text
from . import engines
from .experiments import STAGES, marker, stage_folder

#: The tracked folder of committed results, one subfolder per profile.
RESULTS_ROOT = Path(__file__).resolve().parents[2] / "results"
#: Largest file a GPU run may bring back, less a margin for the tar's own overhead.
PART_BYTES = 16 * 2**20 - 2**16


def _parts(directory: Path, stage: str) -> list[Path]:
    whole = directory / f"{stage}.tar.xz"
    return [whole] if whole.exists() else sorted(directory.glob(f"{stage}.tar.xz.part*"))


def pack_folder(folder: Path, marker: Path | None, out: Path, name: str) -> int:
    """Pack ``folder`` (and ``marker`` if it exists) into ``out/<name>.tar.xz``, split into
    ``.partNN`` files above :data:`PART_BYTES`; each file is written atomically.  Returns the bytes."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:xz", preset=3) as tar:  # round files are deflated already
        for path in sorted(folder.iterdir()):
            if path.suffix in (".npz", ".json", ".pt"):
                tar.add(path, arcname=f"{folder.name}/{path.name}")
        if marker is not None and marker.exists():
            tar.add(marker, arcname=marker.name)
    data = buffer.getvalue()
    out.mkdir(parents=True, exist_ok=True)
    for stale in _parts(out, name):
        stale.unlink()
    if len(data) <= PART_BYTES:
        atomic_write_bytes(out / f"{name}.tar.xz", data)
    else:
        for i in range(0, len(data), PART_BYTES):
            atomic_write_bytes(out / f"{name}.tar.xz.part{i // PART_BYTES:02d}", data[i:i + PART_BYTES])
    return len(data)


def unpack_archive(source: Path, name: str, root: Path, allowed: set[str]) -> bool:
    """Unpack ``source/<name>.tar.xz`` (or its parts) into ``root``; False if there is none.

    Files already in ``root`` are kept (a cache is never overwritten).  Every member must lie
    under one of the ``allowed`` top-level names, so an archive cannot write elsewhere; a
    marker (``*.done``) is moved in last, so it never precedes its stage's files.
    """
    parts = _parts(source, name)
    if not parts:
        return False
    data = b"".join(part.read_bytes() for part in parts)
    root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:xz") as tar, tempfile.TemporaryDirectory(dir=root) as tmp:
        members = tar.getmembers()
        bad = [m.name for m in members if Path(m.name).parts[0] not in allowed or ".." in Path(m.name).parts
               or not (m.isfile() or m.isdir())]
        if bad:
            raise ValueError(f"archive {parts[0]} holds members outside {sorted(allowed)}: {bad[:3]}")
        tar.extractall(tmp, members=members, filter="data")
        files = sorted((p for p in Path(tmp).rglob("*") if p.is_file()), key=lambda p: p.name.endswith(".done"))
        for path in files:
            target = root / path.relative_to(tmp)
            target.parent.mkdir(parents=True, exist_ok=True)
            if not target.exists():
                shutil.move(path, target)
    return True


def pack(profile: str, root: Path, out: Path, stages: tuple[str, ...] = STAGES) -> dict[str, dict]:
    """Pack each of ``stages`` found under the stage cache ``root`` into ``out``; returns what each
    archive holds.  A stage with no files yet is left out; an unfinished one is packed as it is."""
    packed = {}
    for stage in stages:
        folder = stage_folder(root, profile, stage)
        if not folder.is_dir():
            continue
        done = marker(root, profile, stage)
        size = pack_folder(folder, done, out, stage)
        parts = sorted(p.stem for p in folder.glob("*.npz"))  # round-NNN (IMP) or result (masked)
        packed[stage] = {"complete": done.exists(), "bytes": size, "folder": folder.name,
                         "round files": len(list(folder.glob("round-*.npz"))),
                         "engine": engines.summary(folder, parts)}
    return packed


def unpack(profile: str, source: Path, root: Path, stages: tuple[str, ...] = STAGES) -> list[str]:
    """Unpack the archives of ``stages`` found in ``source`` into the stage cache ``root``."""
    return [stage for stage in stages if unpack_archive(
        source, stage, root, {stage_folder(root, profile, stage).name, marker(root, profile, stage).name})]


def committed(profile: str) -> Path:
    """Where the repository keeps ``profile``'s results."""
    return RESULTS_ROOT / profile


def committed_complete(profile: str) -> set[str]:
    """Stages whose finished results are committed for ``profile`` (per its provenance)."""
    path = committed(profile) / "provenance.json"
    if not path.exists():
        return set()
    stages = json.loads(path.read_text()).get("stages", {})
    return {name for name, info in stages.items() if info.get("complete") and _parts(committed(profile), name)}


def matmul_precision() -> dict[str, object]:
    """How this process multiplies float32 matrices: on CUDA, TF32 would round the inputs to 10
    mantissa bits.  The stages never change torch's defaults (TF32 off, precision "highest"), but
    an environment can (e.g. ``TORCH_ALLOW_TF32_CUBLAS_OVERRIDE=1``), so the record says which
    held; ``lth-verify pack`` runs in the same environment as the stages it packs."""
    import torch

    record: dict[str, object] = {"float32 matmul precision": torch.get_float32_matmul_precision(),
                                 "cuda matmul allow tf32": bool(torch.backends.cuda.matmul.allow_tf32)}
    fp32 = getattr(torch.backends.cuda.matmul, "fp32_precision", None)
    if fp32 is not None:
        record["cuda matmul fp32 precision"] = str(fp32)
    return record


def write_provenance(profile: str, out: Path, packed: dict[str, dict], run: dict,
                     wall_time_s: dict[str, float]) -> Path:
    """Record what was packed (per stage, with its wall time where known) and the ``run`` it
    came from (device, torch, commit, date, and :func:`matmul_precision`), merged with an
    earlier record in ``out``."""
    path = out / "provenance.json"
    record = json.loads(path.read_text()) if path.exists() else {"profile": profile, "stages": {}}
    for stage, info in packed.items():
        timing = {"wall time s": round(wall_time_s[stage], 1)} if stage in wall_time_s else {}
        record["stages"][stage] = {**record["stages"].get(stage, {}), **info, **timing}
    record["matmul"] = matmul_precision()
    record.update(run)
    atomic_write_text(path, json.dumps(record, indent=1, sort_keys=True))
    return path

"""The GPU path after its review, checked on the CPU.

* The fused engine must give the quick profile (which trains with it on the CPU) the same
  bits as before: it is held to a frozen copy of the reviewed engine
  (``verify/fused_before_gpu_review.py``) over two IMP rounds at the paper's stage sizes.
* What the CUDA path adds that does not need a GPU: Adam's scalars for a block, the engine
  kept from round to round (its state copied in), and the block loop, run here with a
  stand-in that replays the steps in Python instead of a CUDA graph.
* ``magnitude_prune`` runs under the thread pin; provenance records the matmul precision.
* ``scripts/gpu_paper_run.sh`` parses, passes options the commands accept, runs nl-imp and
  hh-imp side by side, never passes a non-positive ``--budget-s``, and fails when a stage fails.

Only a GPU session can show the rest: graph capture with the block's scalar table and with and
without best-state tracking, ``_foreach_div_``/``_foreach_mul_`` on their fast path, one engine
reused across rounds giving a fresh engine's results on CUDA, ``fused-compiled`` not recompiling
from round to round, and the script end to end (its import check, two CUDA processes, the
benchmark within its timeout, the size of the nl-imp archive).
"""
from __future__ import annotations

import dataclasses
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import torch

from empirical.hnn import archive, fused
from empirical.hnn.experiments import stage_config
from empirical.hnn.imp import Arm, ImpConfig, initial_params, run_imp
from empirical.hnn.pruning import full_masks, magnitude_prune
from empirical.hnn.training import TrainConfig, pinned_threads
from lth_verify.cli import _parser
from verify import fused_before_gpu_review as reviewed

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "scripts" / "gpu_paper_run.sh"


def _quick_stage(stage: str, k: int, epochs: int) -> ImpConfig:
    """The quick profile's stage (its training config, as cached), cut to K arms and ``epochs``."""
    cfg = stage_config("quick", stage)
    return dataclasses.replace(cfg, arms=cfg.arms[:k], train=dataclasses.replace(cfg.train, epochs=epochs))


def _same(a, b) -> bool:
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(_same(a[key], b[key]) for key in a)
    if isinstance(a, torch.Tensor):
        return a.dtype == b.dtype and a.shape == b.shape and torch.equal(a, b)
    return bool(np.array_equal(a, b)) if isinstance(a, np.ndarray) else a == b


def _two_rounds(train_fused, cfg: ImpConfig, **kwargs):
    """Round 0 from w_init, prune, round 1 from the pruned w_init with Adam's state carried over
    and a snapshot: what an IMP run does (with reset_optimizer=False and rewind='step')."""
    params = initial_params(cfg)
    masks = full_masks(params)
    out = []
    with pinned_threads(cfg.train.cpu_threads):
        first, state = train_fused(cfg.train, params, masks, **kwargs)
        masks = magnitude_prune(first.params, masks, [a.rate for a in cfg.arms], [a.layers for a in cfg.arms],
                                [a.scope for a in cfg.arms], cfg.count_rule, round_index=0)
        start = {name: value * masks[name] if name in masks else value for name, value in params.items()}
        second, state2 = train_fused(cfg.train, start, masks, optimizer_state=state, snapshot_epoch=37, **kwargs)
    for result, adam in ((first, state), (second, state2)):
        out.append({"history": result.history, "params": result.params, "best_loss": result.best_loss,
                    "early": result.early, "adam": adam["state"]})
    out.append({"masks": masks})
    return out


@pytest.mark.parametrize("keep_engine", [False, True], ids=["fresh-engine", "kept-engine"])
@pytest.mark.parametrize(("stage", "k"), [("nl-imp", 14), ("hh-imp", 4)])
def test_fused_engine_gives_the_reviewed_engines_bits_on_the_cpu(stage, k, keep_engine):
    """Losses, kept weights, best losses, snapshots, Adam's state and the masks after pruning
    are bit for bit those of the engine before the review, over 2 x 300 steps of the quick
    profile's float32 config (best-state tracking active for the last 60 of each round)."""
    cfg = _quick_stage(stage, k, 300)
    before = _two_rounds(reviewed.train_fused, cfg)
    after = _two_rounds(fused.train_fused, cfg, keep_engine=keep_engine)
    for old, new in zip(before, after):
        for key in old:
            assert _same(old[key], new[key]), f"{stage} K={k}: {key} differs"


def test_a_blocks_adam_scalars_are_its_steps_own():
    """One call for a block of 250 steps gives what 250 single steps give, and counts as many."""
    betas, lr = (0.999, 0.9999), 8e-3
    block_step = torch.full((1,), 1234.0, dtype=torch.float64)
    one_step = block_step.clone()
    block = fused.bias_corrections(block_step, 250, betas, lr, torch.float64)
    singles = torch.cat([fused.bias_corrections(one_step, 1, betas, lr, torch.float64) for _ in range(250)])
    assert block.shape == (250, 2) and torch.equal(block_step, one_step) and block_step.item() == 1484.0
    torch.testing.assert_close(block, singles, rtol=4e-16, atol=0)
    assert fused.bias_corrections(block_step, 3, betas, lr, torch.float32).dtype == torch.float32


class _PythonBlock(fused._GraphedBlock):
    """The CUDA-graph block with its capture and replay done as plain steps, so the block
    logic (static buffers, scalars table, tracking choice, reuse) runs on the CPU."""

    made: list[bool] = []

    def _capture(self) -> None:
        _PythonBlock.made.append(self.track)

    def _replay(self) -> None:
        for i in range(fused.GRAPH_STEPS):
            self._step(i)


def test_the_block_loop_and_the_kept_engine_train_as_single_steps(monkeypatch):
    """graphs=True on the CPU with the stand-in block: of 1,000 steps, tracked from step 800,
    three blocks run untracked and the last (which straddles step 800) tracks per step; the
    snapshot splits a block into single steps; a second round reuses the engine and its two
    blocks.  float64, to rounding (a block's Adam scalars are computed as one vector)."""
    monkeypatch.setattr(fused, "_GraphedBlock", _PythonBlock)
    monkeypatch.setattr(fused, "_KEPT", {})
    _PythonBlock.made = []
    cfg = _quick_stage("hh-imp", 3, 1000)
    cfg = dataclasses.replace(cfg, train=dataclasses.replace(cfg.train, dtype="float64", n_points=30))
    blocks = _two_rounds(fused.train_fused, cfg, graphs=True, keep_engine=True)
    steps = _two_rounds(fused.train_fused, cfg, graphs=False, keep_engine=False)
    assert sorted(_PythonBlock.made) == [False, True]  # each built once, for both rounds
    for got, want in zip(blocks, steps):
        for key in ("history", "best_loss", "params", "early", "adam"):
            if key in want and want[key] is not None:
                _close(got[key], want[key])
    assert _same(blocks[-1]["masks"], steps[-1]["masks"])


def _close(got, want) -> None:
    if isinstance(want, dict):
        for key in want:
            _close(got[key], want[key])
    elif isinstance(want, np.ndarray):
        np.testing.assert_allclose(got, want, rtol=1e-12, atol=0)
    else:
        torch.testing.assert_close(got, want, rtol=1e-9, atol=1e-12)


def test_a_kept_engine_only_takes_a_state_of_its_own_shapes():
    cfg = TrainConfig("henon-heiles", 4, n_points=10)
    params = initial_params(ImpConfig(cfg, (Arm(0, 0.2), Arm(1, 0.2)), rounds=0))
    state = fused._initial_state(cfg, params, full_masks(params), None)
    smaller = {name: value[:1] for name, value in params.items()}
    with pytest.raises(ValueError, match="same shapes"):
        state.load_(fused._initial_state(cfg, smaller, full_masks(smaller), None))
    other = fused._initial_state(cfg, {n: v + 1 for n, v in params.items()}, full_masks(params), None)
    other.masks["w2"].zero_()
    state.load_(other)
    assert all(torch.equal(x, y) for x, y in zip(state.tensors(), other.tensors()))
    assert not state.masks["w2"].any()


def test_magnitude_prune_runs_under_the_thread_pin(tmp_path, monkeypatch):
    import empirical.hnn.imp as imp

    seen = []

    def recording(*args, **kwargs):
        seen.append(torch.get_num_threads())
        return magnitude_prune(*args, **kwargs)

    monkeypatch.setattr(imp, "magnitude_prune", recording)
    cfg = ImpConfig(TrainConfig("henon-heiles", 3, n_points=10, cpu_threads=1, engine="fused"), (Arm(0, 0.3),), rounds=2)
    before = torch.get_num_threads()
    torch.set_num_threads(2)
    try:
        run_imp(cfg, tmp_path)
    finally:
        torch.set_num_threads(before)
    assert seen == [1, 1]


def test_provenance_records_the_matmul_precision(tmp_path):
    path = archive.write_provenance("paper", tmp_path, {}, {"device": "test"}, {})
    matmul = json.loads(path.read_text())["matmul"]
    assert matmul["float32 matmul precision"] == torch.get_float32_matmul_precision()
    assert matmul["cuda matmul allow tf32"] is False  # torch's default, which nothing here changes


# --- scripts/gpu_paper_run.sh -------------------------------------------------------------------

def test_the_gpu_script_parses_and_fails_loudly():
    subprocess.run(["bash", "-n", str(SCRIPT)], check=True)
    text = SCRIPT.read_text()
    assert "set -euo pipefail" in text
    assert "| tail" not in text and "pip install" not in text  # runs from the repository root
    assert "fused+compile" not in text and ":924" not in text  # the benchmark measures what the run uses


def _commands(module: str) -> list[list[str]]:
    """The options each ``python3 -m MODULE`` line of the script passes, with its shell
    expansions replaced by plain values."""
    text = SCRIPT.read_text().replace("\\\n", " ")
    found = []
    for line in text.splitlines():
        if f"python3 -m {module} " not in line:
            continue
        args = line.split(f"python3 -m {module} ", 1)[1].split(">")[0]
        args = re.sub(r'"\$\(\(.*?\)\)"', "60", args).replace('"$@"', "--only nl-imp")
        args = args.replace("$BENCH_ENGINES", "fused").replace('"$OUT/paper"', "out")
        found.append(shlex.split(args))
    return found


def test_the_gpu_scripts_commands_take_their_options(capsys):
    cli = _commands("lth_verify.cli")
    assert len(cli) == 2
    for argv in cli:
        _parser().parse_args(argv)  # exits on an option the CLI does not know
    from benchmarks.imp_engine import main as benchmark

    (argv,) = _commands("benchmarks.imp_engine")
    if torch.cuda.is_available():
        pytest.skip("the benchmark would run here")
    with pytest.raises(SystemExit):
        benchmark(argv)
    assert "no CUDA device is available" in capsys.readouterr().err  # parsed, then refused on this CPU


def _run_script(tmp_path: Path, budget: int, stage_rc: dict[str, int], chooser: str = "",
                chooser_rc: int = 0) -> tuple[subprocess.CompletedProcess, list[str]]:
    """The script run against stub ``python3`` and ``nvidia-smi`` that log what they were asked (and
    the LTH_ENGINE they saw); the engine chooser prints ``chooser`` and exits ``chooser_rc``."""
    repo, bin_dir = tmp_path / "repo", tmp_path / "bin"
    (repo / "scripts").mkdir(parents=True)
    shutil.copy(SCRIPT, repo / "scripts" / SCRIPT.name)
    bin_dir.mkdir()
    log = tmp_path / "calls.log"
    rc_cases = "\n".join(f'    *"--only {name}"*) rc={rc} ;;' for name, rc in stage_rc.items())
    (bin_dir / "python3").write_text(f"""#!/usr/bin/env bash
echo "start $* engine=${{LTH_ENGINE:-}}" >>{shlex.quote(str(log))}
case "$*" in *"--only"*) sleep 1 ;; esac
rc=0
case "$*" in
{rc_cases}
    *"benchmarks.choose_engine"*) printf '%s' {shlex.quote(chooser)}; rc={chooser_rc} ;;
esac
echo "end $*" >>{shlex.quote(str(log))}
exit $rc
""")
    (bin_dir / "nvidia-smi").write_text("#!/usr/bin/env bash\necho stub GPU\n")
    for stub in bin_dir.iterdir():
        stub.chmod(0o755)
    env = {**os.environ, "PATH": f"{bin_dir}:{os.environ['PATH']}", "OUT": str(tmp_path / "out"),
           "LOGS": str(tmp_path / "logs"), "LTH_CACHE_DIR": str(tmp_path / "cache"),
           "STAGE_BUDGET_S": str(budget)}
    run = subprocess.run(["bash", str(repo / "scripts" / SCRIPT.name)], capture_output=True, text=True, env=env)
    return run, log.read_text().splitlines()


def test_the_gpu_script_runs_the_imp_stages_side_by_side_and_packs(tmp_path):
    run, calls = _run_script(tmp_path, 400, {"nl-imp": 124})  # nl-imp cut by the budget: not a failure
    assert run.returncode == 0, run.stdout + run.stderr
    starts = [i for i, c in enumerate(calls) if c.startswith("start") and "--only" in c]
    ends = [i for i, c in enumerate(calls) if c.startswith("end") and "--only" in c]
    assert len(starts) == 2 and max(starts) < min(ends)  # both started before either ended
    stages = [c for c in calls if c.startswith("start") and " stages " in c]
    assert all(float(c.split("--budget-s ")[1].split()[0]) > 0 for c in stages)
    assert any(" pack " in c for c in calls) and "session wall time" in run.stdout


def test_the_gpu_script_fails_when_a_stage_fails_and_still_packs(tmp_path):
    run, calls = _run_script(tmp_path, 400, {"hh-imp": 1})
    assert run.returncode == 1 and "FAILED: hh-imp" in run.stdout
    assert any(" pack " in c for c in calls)


def test_the_gpu_script_starts_no_stage_on_a_spent_budget(tmp_path):
    run, calls = _run_script(tmp_path, 20, {})
    assert run.returncode == 0, run.stdout + run.stderr
    assert not any(" stages " in c for c in calls) and "not started" in run.stdout
    assert any(" pack " in c for c in calls)


@pytest.mark.parametrize(("printed", "rc", "engine", "fails"), [
    ("measured...\ntriton\n", 0, "triton", False),   # checked and faster: the stages train with it
    ("fused\n", 0, "fused", False),
    ("", 0, "fused", False),                          # nothing printed: the configured engine
    ("triton\n", 124, "fused", False),               # the chooser ran out of time: fused, not a failure
    ("", 1, "fused", True),                           # the chooser crashed: fused, and the run says so
])
def test_the_gpu_script_exports_the_chosen_engine_to_every_stage(tmp_path, printed, rc, engine, fails):
    run, calls = _run_script(tmp_path, 400, {}, chooser=printed, chooser_rc=rc)
    assert (run.returncode == 1) == fails and ("engine-check" in run.stdout) == fails, run.stdout + run.stderr
    assert f"training engine: {engine}" in run.stdout
    chooser = [c for c in calls if c.startswith("start") and "choose_engine" in c]
    stages = [c for c in calls if c.startswith("start") and (" stages " in c or " pack " in c)]
    assert len(chooser) == 1 and "--device cuda" in chooser[0] and len(stages) == 4
    assert all(c.endswith(f"engine={engine}") for c in stages)
    bench = next(c for c in calls if c.startswith("start") and "benchmarks.imp_engine" in c)
    assert f"--engines {engine} " in bench
    assert calls.index(chooser[0]) < min(calls.index(c) for c in stages)


def test_the_engine_chooser_takes_triton_only_when_it_passes_and_is_faster():
    from benchmarks.choose_engine import decide

    fast, slow = {"nl:20": (2.0, 1.0), "hh:4": (2.0, 1.5)}, {"nl:20": (2.0, 1.0), "hh:4": (1.0, 1.5)}
    assert decide({"nl-imp": True, "hh-imp": True}, fast) == "triton"
    assert decide({"nl-imp": True, "hh-imp": False}, fast) == "fused"
    assert decide({"nl-imp": True, "hh-imp": True}, slow) == "fused"
    assert decide({}, {}) == "fused"


def test_the_engine_chooser_without_triton_or_cuda_chooses_fused():
    """In a fresh interpreter where ``import triton`` fails: fused, the reason on stderr, the choice on
    the last line of stdout."""
    code = ("import sys; sys.modules['triton'] = None\n"
            "from benchmarks.choose_engine import main\n"
            "sys.exit(main(['--device', 'cpu', '--steps', '3']))\n")
    run = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0 and run.stdout.splitlines()[-1] == "fused", run.stdout + run.stderr
    assert "triton does not import" in run.stderr and "engine for the paper stages: fused" in run.stderr

"""The Triton engine against the fused engine, on the CPU under Triton's interpreter.

CI has no GPU: ``TRITON_INTERPRET=1`` (set here, before triton is imported) runs the kernel
on CPU tensors, which is how Triton's own CI tests kernels.  The interpreter is slow, so the
sizes are small (K = 2 networks, 50 points) and the whole file stays well under a minute.
What is compared over 200 steps on the fused engine's collocation points: the loss history,
the kept weights, the masks after a magnitude-pruning round and the carried Adam state.

Where ``triton`` is not installed (it is the optional ``[gpu]`` extra) the kernel tests skip;
the tests that pin the stage hashes and check the package without triton run everywhere.
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import torch

from empirical.hnn.experiments import DENSE_STAGES, NUMERICS, SCALES, STAGES, stage_config
from empirical.hnn.network import PARAM_NAMES, WEIGHT_NAMES, init_params
from empirical.hnn.pruning import full_masks, magnitude_prune
from empirical.hnn.systems import SYSTEMS, get_system
from empirical.hnn.training import TrainConfig, train
from empirical.store import config_hash

os.environ["TRITON_INTERPRET"] = "1"  # before triton is first imported: kernels then run on CPU tensors
try:
    from empirical.hnn import triton_engine  # imports triton
except ImportError:
    triton_engine = None

ROOT = Path(__file__).resolve().parents[1]
NO_TRITON = "triton is not installed (it is the optional [gpu] extra: pip install 'lth-verify[gpu]')"
needs_triton = pytest.mark.skipif(triton_engine is None, reason=NO_TRITON)

#: float32 agreement with the fused engine over 200 steps: the two differ only in the order of
#: float32 sums (chunked points, another matmul), and training amplifies that drift a little.
#: Measured (triton 3.9 interpreter, torch 2.13 CPU, worst of the two systems): history 8.2e-8
#: relative, best loss 7.4e-7 relative, weights 5.3e-6 absolute; Adam's moments, relative to each
#: moment's largest entry, 4.7e-5 (exp_avg: a gradient average, the noisiest) and 6.0e-7 (exp_avg_sq).  History and weight
#: bounds are those of the fused-vs-eager float32 test; moments are bounded relative to their scale.
TOLERANCE = dict(history=1e-5, weights=1e-4, exp_avg=1e-3, exp_avg_sq=1e-5)
STEPS, POINTS, SEEDS = 200, 50, (0, 1)

#: The stage hashes of every profile (nominal, nudged) before the Triton engine existed: adding
#: an engine must not move a stage's cache folder or invalidate committed results.
STAGE_HASHES: dict[tuple[str, str], tuple[str, str]] = {
    ("quick", "nl-imp"): ("4e3f7c9b18b52f27", "4bb549a09af3f5ac"),
    ("quick", "hh-imp"): ("8b8859f1300bc7ab", "e18d6327f2a7a15a"),
    ("quick", "nl-to-hh"): ("2900d38c4716f1d2", "5e1a3e162cb4979b"),
    ("quick", "hh-to-nl"): ("58fa9c5b69f73c32", "2e72bddb732d5925"),
    ("quick", "nl-reinit"): ("2853065c0e7d79de", "452b0a75e4d45343"),
    ("quick", "nl-random"): ("bb459814254ddae4", "13aba1fc2608ba28"),
    ("quick", "nl-dense"): ("f8a3a692554441c6", "aacaafa70b84564a"),
    ("quick", "hh-dense"): ("ca064ee6999e3eae", "9e97574d1c9a289d"),
    ("standard", "nl-imp"): ("ca87f8fc6c3a7532", "b7de2603595e2312"),
    ("standard", "hh-imp"): ("defbf8098371afb3", "02c8fddd8bd5642d"),
    ("standard", "nl-to-hh"): ("f42b424fc4101e6d", "48e7a945e0f1d954"),
    ("standard", "hh-to-nl"): ("23235380cff9d3c7", "d90ff6891ab6c6d9"),
    ("standard", "nl-reinit"): ("45c98d37093963e2", "0c801a70381c6c2f"),
    ("standard", "nl-random"): ("867434b643696b0e", "71af806455cdc6d5"),
    ("standard", "nl-dense"): ("f8a3a692554441c6", "aacaafa70b84564a"),
    ("standard", "hh-dense"): ("ca064ee6999e3eae", "9e97574d1c9a289d"),
    ("paper", "nl-imp"): ("171e6a9ededbd540", "9723264bdf39521a"),
    ("paper", "hh-imp"): ("af284d79ba41b523", "16bd32408f809095"),
    ("paper", "nl-to-hh"): ("0fa01d9eedf42dc1", "6d243002b794d91d"),
    ("paper", "hh-to-nl"): ("ec7b2289f78d0f34", "d130738ff8117454"),
    ("paper", "nl-reinit"): ("b836b700c7b1078b", "1d607a84f5c29dde"),
    ("paper", "nl-random"): ("71aec6442f31651f", "1406d47583f4a63f"),
    ("paper", "nl-dense"): ("f8a3a692554441c6", "aacaafa70b84564a"),
    ("paper", "hh-dense"): ("ca064ee6999e3eae", "9e97574d1c9a289d"),
}


def test_stage_hashes_of_every_profile_are_pinned():
    assert set(STAGE_HASHES) == {(p, s) for p in SCALES for s in STAGES + DENSE_STAGES}
    for (profile, stage), pinned in STAGE_HASHES.items():
        got = tuple(config_hash(stage_config(profile, stage, n)) for n in NUMERICS)
        assert got == pinned, f"the {profile} stage {stage} moved to another hash: its cached results would be lost"


def _pruned_start(system: str, seeds=SEEDS):
    """K = len(seeds) float32 networks after one 30% global pruning round (pruned weights zero)."""
    params = init_params(list(seeds), get_system(system).dim)
    k = len(seeds)
    masks = magnitude_prune(params, full_masks(params), [0.3] * k, [WEIGHT_NAMES] * k, ["global"] * k,
                            "cumulative", round_index=0)
    return {n: v * masks[n] if n in masks else v for n, v in params.items()}, masks


def _config(system: str, engine: str, epochs: int = STEPS) -> TrainConfig:
    return TrainConfig(system, epochs, n_points=POINTS, betas=(0.9, 0.999), engine=engine)


def _assert_states_agree(got: dict, want: dict, masks: dict) -> None:
    """Carried Adam states: the same step count, moments within tolerance (relative to each moment's
    largest entry), zero where pruned."""
    for i, name in enumerate(PARAM_NAMES):
        g, w = got["state"][i], want["state"][i]
        assert float(g["step"]) == float(w["step"])
        for key in ("exp_avg", "exp_avg_sq"):
            assert g[key].shape == w[key].shape and g[key].dtype == torch.float32
            bound = TOLERANCE[key] * float(w[key].abs().max())
            assert float((g[key] - w[key]).abs().max()) <= bound, f"{name} {key}"
            if name in masks:
                assert torch.all(g[key][~masks[name]] == 0), f"{name} {key} is nonzero at a pruned weight"


@needs_triton
@pytest.mark.parametrize("system", sorted(SYSTEMS))
def test_triton_kernel_matches_fused_engine_over_200_steps(system):
    """Same collocation points: same losses, kept weights, Adam state and, after a pruning round,
    the same masks; pruned weights stay exactly zero."""
    if not triton_engine.INTERPRETED:
        pytest.skip("empirical.hnn.triton_engine was imported before TRITON_INTERPRET=1 was set")
    params, masks = _pruned_start(system)
    fused, fused_state = train(_config(system, "fused"), params, masks)
    kernel, kernel_state = train(_config(system, "triton"), params, masks)
    scale = np.abs(fused.history).max()
    assert kernel.history.shape == fused.history.shape == (STEPS, len(SEEDS))
    assert np.abs(kernel.history - fused.history).max() <= TOLERANCE["history"] * scale
    torch.testing.assert_close(kernel.best_loss, fused.best_loss, rtol=TOLERANCE["history"], atol=0)
    for name in PARAM_NAMES:
        assert kernel.params[name].shape == fused.params[name].shape
        torch.testing.assert_close(kernel.params[name], fused.params[name], rtol=0, atol=TOLERANCE["weights"])
    for name in WEIGHT_NAMES:
        assert torch.all(kernel.params[name][~masks[name]] == 0), "a pruned weight moved"
    _assert_states_agree(kernel_state, fused_state, masks)
    assert float(kernel_state["state"][0]["step"]) == STEPS
    rule = dict(rates=[0.2] * 2, layers=[WEIGHT_NAMES] * 2, scopes=["layerwise"] * 2, rule="cumulative",
                round_index=1)
    after_fused = magnitude_prune(fused.params, masks, **rule)
    after_kernel = magnitude_prune(kernel.params, masks, **rule)
    assert all(torch.equal(after_kernel[n], after_fused[n]) for n in WEIGHT_NAMES)


@needs_triton
def test_triton_kernel_resumes_a_carried_state_and_snapshots_like_fused():
    """A carried-over Adam state (moments at newly pruned positions cleared, the step count going
    on) and a snapshot that splits the launch."""
    if not triton_engine.INTERPRETED:
        pytest.skip("empirical.hnn.triton_engine was imported before TRITON_INTERPRET=1 was set")
    params, masks = _pruned_start("nl-oscillator")
    _, carried = train(_config("nl-oscillator", "fused", 20), params, masks)
    tighter = magnitude_prune(params, masks, [0.5] * 2, [WEIGHT_NAMES] * 2, ["global"] * 2, "cumulative",
                              round_index=1)
    start = {n: v * tighter[n] if n in tighter else v for n, v in params.items()}
    fused, fused_state = train(_config("nl-oscillator", "fused", 30), start, tighter, carried, snapshot_epoch=11)
    kernel, kernel_state = train(_config("nl-oscillator", "triton", 30), start, tighter, carried, snapshot_epoch=11)
    assert np.abs(kernel.history - fused.history).max() <= TOLERANCE["history"] * np.abs(fused.history).max()
    for name in PARAM_NAMES:
        torch.testing.assert_close(kernel.early[name], fused.early[name], rtol=0, atol=TOLERANCE["weights"])
        torch.testing.assert_close(kernel.params[name], fused.params[name], rtol=0, atol=TOLERANCE["weights"])
    _assert_states_agree(kernel_state, fused_state, tighter)
    assert float(kernel_state["state"][0]["step"]) == 50


@needs_triton
def test_the_on_device_check_passes_the_kernel_and_uses_the_tests_bounds():
    """``check_against_fused`` (what a GPU run calls before trusting the kernel) on a short run."""
    if not triton_engine.INTERPRETED:
        pytest.skip("empirical.hnn.triton_engine was imported before TRITON_INTERPRET=1 was set")
    assert triton_engine.CHECK_TOLERANCE == TOLERANCE
    params, masks = _pruned_start("henon-heiles", seeds=(2,))
    report = triton_engine.check_against_fused(_config("henon-heiles", "triton", 20), params, masks)
    assert report["passed"] is True and report["steps"] == 20
    assert all(0 <= report[key] <= TOLERANCE[key] for key in TOLERANCE)


@needs_triton
def test_triton_engine_refuses_what_it_cannot_train():
    params, masks = _pruned_start("nl-oscillator", seeds=(0,))
    with pytest.raises(ValueError, match="float32 only"):
        train(TrainConfig("nl-oscillator", 2, n_points=8, dtype="float64", engine="triton"), params, masks)


def _python(code: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "TRITON_INTERPRET"}
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=300)


def test_without_triton_the_package_works_the_engine_tests_skip_and_the_error_names_the_package():
    """In a fresh interpreter: importing the package imports no triton, and training with the other
    engines never loads the Triton engine (torch itself may load triton for its own compiler: that
    is torch's business).  Then, with every ``import triton`` failing (CI's environment), this
    file's kernel tests skip with the reason, and selecting the engine raises an ImportError that
    names the package and the extra."""
    code = f"""
import sys
import empirical.hnn.experiments, empirical.hnn.imp, empirical.hnn.controls, empirical.hnn.fused
import lth_verify.cli, benchmarks.imp_engine
print('AT IMPORT', sorted(m for m in sys.modules if m.split('.')[0] == 'triton'))
from empirical.hnn.network import init_params
from empirical.hnn.pruning import full_masks
from empirical.hnn.training import TrainConfig, train
p = init_params([0], 2)
for engine in ('eager', 'fused'):
    train(TrainConfig('nl-oscillator', 3, n_points=8, engine=engine), p, full_masks(p))
print('ENGINE LOADED', 'empirical.hnn.triton_engine' in sys.modules)
sys.modules['triton'] = None  # from here every 'import triton' raises ImportError
import pytest
code = pytest.main(['-q', '-p', 'no:cacheprovider', '-rs', {str(Path(__file__))!r}, '-k', 'kernel or refuses or check'])
print('PYTEST EXIT', int(code))
try:
    train(TrainConfig('nl-oscillator', 2, engine='triton'), p, full_masks(p))
except ImportError as error:
    print('ERROR', error)
"""
    env = {k: v for k, v in os.environ.items() if k != "TRITON_INTERPRET"}
    run = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                         timeout=300)
    out = run.stdout + run.stderr
    assert "AT IMPORT []" in run.stdout and "ENGINE LOADED False" in run.stdout, out
    assert "PYTEST EXIT 0" in run.stdout and "5 skipped" in run.stdout and NO_TRITON in run.stdout, out
    assert "ERROR" in run.stdout and "'triton' package" in run.stdout and "[gpu]" in run.stdout, out

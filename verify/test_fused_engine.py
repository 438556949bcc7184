"""The fused engine against the eager reference, and the engine's device discipline.

CI has no GPU, so the CUDA-graph replay itself is exercised only by the benchmark on a GPU;
what runs here is the same step function (plain and through ``torch.compile``), the
hand-derived gradient, Adam's formulas, best-state selection, snapshots, carried optimiser
state, and the rule that nothing a run makes is built off the parameters' device.
"""
from __future__ import annotations

import copy

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from empirical.hnn.fused import loss_and_grads, train_fused
from empirical.hnn.network import PARAM_NAMES, WEIGHT_NAMES, init_params, trial_solution
from empirical.hnn.pruning import density, full_masks, magnitude_prune
from empirical.hnn.systems import SYSTEMS, get_system
from empirical.hnn.training import DTYPES, TrainConfig, hamilton_losses, train

#: float64 agrees to rounding; float32 to what 300 steps of single-precision drift allow.
TOLERANCE = {"float64": dict(history=1e-12, weights=1e-12), "float32": dict(history=1e-5, weights=1e-4)}


def _pruned_start(system: str, dtype: str, seeds=(0, 1, 2)):
    params = init_params(list(seeds), get_system(system).dim, dtype=DTYPES[dtype])
    masks = magnitude_prune(params, full_masks(params), [0.3] * len(seeds), [WEIGHT_NAMES] * len(seeds),
                            ["global"] * len(seeds), "cumulative", round_index=0)
    return {k: v * masks[k] if k in masks else v for k, v in params.items()}, masks


@given(seed=st.integers(0, 2**31 - 1), system=st.sampled_from(sorted(SYSTEMS)))
@settings(max_examples=20, deadline=None)
def test_hand_derived_system_derivatives_match_autograd(seed, system):
    sys_ = get_system(system)
    gen = torch.Generator().manual_seed(seed)
    z = torch.randn(2, 5, sys_.dim, generator=gen, dtype=torch.float64, requires_grad=True)
    r = torch.randn(2, 5, sys_.dim, generator=gen, dtype=torch.float64)
    (vjp,) = torch.autograd.grad((torch.stack(sys_.vector_field(z), -1) * r).sum(), z)
    (grad_h,) = torch.autograd.grad(sys_.hamiltonian(z).sum(), z)
    torch.testing.assert_close(sys_.field_vjp(z, r), vjp, rtol=1e-12, atol=1e-12)
    torch.testing.assert_close(sys_.hamiltonian_grad(z), grad_h, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("system", sorted(SYSTEMS))
def test_hand_derived_gradient_is_autograd_gradient(system):
    cfg = TrainConfig(system, 1, n_points=17, dtype="float64")
    params, masks = _pruned_start(system, "float64")
    t = torch.linspace(0, cfg.sys.t_max, 17, dtype=torch.float64)
    z0 = torch.tensor(cfg.sys.z0, dtype=torch.float64)
    loss, grads = loss_and_grads(params, {k: v.double() for k, v in masks.items()}, t, z0, cfg.sys, cfg.energy_w)
    live = {k: v.clone().requires_grad_(True) for k, v in params.items()}
    z, dz = trial_solution(live, t, z0, {k: v.double() for k, v in masks.items()})
    residual, energy = hamilton_losses(cfg.sys, z, dz, cfg.energy_w)
    expected = torch.autograd.grad((residual + energy).sum(), [live[n] for n in PARAM_NAMES])
    torch.testing.assert_close(loss, (residual + energy).detach(), rtol=1e-13, atol=0)
    for name, got, want in zip(PARAM_NAMES, grads, expected):
        torch.testing.assert_close(got, want, rtol=1e-11, atol=1e-13, msg=name)


@pytest.mark.parametrize("dtype", ["float64", "float32"])
@pytest.mark.parametrize("system", sorted(SYSTEMS))
def test_fused_engine_matches_eager_over_300_steps(system, dtype):
    """Same collocation points, same losses, weights, kept state and (after one pruning
    round) the same masks."""
    cfg = TrainConfig(system, 300, n_points=40, dtype=dtype)
    params, masks = _pruned_start(system, dtype)
    eager, eager_state = train(cfg, params, masks)
    fused, fused_state = train(TrainConfig(system, 300, n_points=40, dtype=dtype, engine="fused"), params, masks)
    tol = TOLERANCE[dtype]
    scale = np.abs(eager.history).max()
    assert np.abs(eager.history - fused.history).max() <= tol["history"] * scale
    for name in PARAM_NAMES:
        torch.testing.assert_close(fused.params[name], eager.params[name], rtol=0, atol=tol["weights"])
    torch.testing.assert_close(fused.best_loss, eager.best_loss, rtol=tol["history"], atol=0)
    for name in WEIGHT_NAMES:
        assert torch.all(fused.params[name][~masks[name]] == 0), "a pruned weight moved"
    rule = dict(rates=[0.2] * 3, layers=[WEIGHT_NAMES] * 3, scopes=["layerwise"] * 3, rule="cumulative",
                round_index=1)
    after_eager = magnitude_prune(eager.params, masks, **rule)
    after_fused = magnitude_prune(fused.params, masks, **rule)
    assert all(torch.equal(after_eager[n], after_fused[n]) for n in WEIGHT_NAMES)
    assert float(fused_state["state"][0]["step"]) == float(eager_state["state"][0]["step"]) == 300


def test_fused_engine_resumes_eager_optimizer_state_and_snapshots_like_eager():
    cfg = TrainConfig("nl-oscillator", 120, n_points=30, dtype="float64")
    params, masks = _pruned_start("nl-oscillator", "float64", seeds=(3, 4))
    _, state = train(cfg, params, masks)
    before = copy.deepcopy(state)
    eager, _ = train(cfg, params, masks, optimizer_state=state, snapshot_epoch=37)
    assert all(torch.equal(state["state"][i][key], before["state"][i][key])
               for i in state["state"] for key in ("exp_avg", "exp_avg_sq")), "train() changed the state it was given"
    fused, _ = train_fused(cfg, params, masks, optimizer_state=state, snapshot_epoch=37)
    assert np.abs(eager.history - fused.history).max() <= 1e-12 * np.abs(eager.history).max()
    for name in PARAM_NAMES:
        torch.testing.assert_close(fused.early[name], eager.early[name], rtol=0, atol=1e-12)
        torch.testing.assert_close(fused.params[name], eager.params[name], rtol=0, atol=1e-12)


@pytest.mark.skipif(torch.backends.cpu.get_cpu_capability() == "DEFAULT",
                    reason="torch's inductor emits vector code its own headers leave undeclared when the CPU "
                           "capability is DEFAULT (ATEN_CPU_CAPABILITY=default): a torch limitation, not the engine's")
def test_compiled_fused_step_compiles_on_cpu_and_matches_eager():
    cfg = TrainConfig("henon-heiles", 60, n_points=24, dtype="float64", engine="fused-compiled")
    params, masks = _pruned_start("henon-heiles", "float64", seeds=(5,))
    compiled, _ = train(cfg, params, masks)
    eager, _ = train(TrainConfig("henon-heiles", 60, n_points=24, dtype="float64"), params, masks)
    assert np.abs(eager.history - compiled.history).max() <= 1e-12 * np.abs(eager.history).max()
    for name in PARAM_NAMES:
        torch.testing.assert_close(compiled.params[name], eager.params[name], rtol=0, atol=1e-12)


@pytest.mark.parametrize("engine", ["eager", "fused"])
def test_a_run_builds_nothing_off_the_parameters_device(engine):
    """With the default device set to 'meta', any tensor a run made without naming the
    parameters' device would land there and the first mixed operation would fail."""
    params, masks = _pruned_start("nl-oscillator", "float32", seeds=(0,))
    with torch.device("meta"):
        result, _ = train(TrainConfig("nl-oscillator", 30, n_points=20, engine=engine), params, masks)
    assert result.best_loss.device.type == "cpu" and np.isfinite(result.history).all()


@pytest.mark.parametrize("layer,n_weights", [("w1", 50), ("w2", 2500), ("w3", 100)])
def test_layerwise_density_at_one_percent_follows_the_curve_within_one_weight(layer, n_weights):
    """230 rounds at 1% of one layer of the NL network: the cumulative count keeps every
    round within one weight of N (1-x)^k (round half up stalls the 50- and 100-weight layers)."""
    params = init_params([0, 1], 2)
    masks = full_masks(params)
    worst = 0.0
    for k in range(230):
        masks = magnitude_prune(params, masks, [0.01, 0.01], [(layer,), (layer,)], ["layerwise", "layerwise"],
                                "cumulative", round_index=k)
        alive = density(masks, (layer,)).numpy() * n_weights
        worst = max(worst, float(np.abs(alive - n_weights * 0.99 ** (k + 1)).max()))
    assert worst <= 0.5 + 1e-9
    stalled = full_masks(params)
    for _ in range(230):
        stalled = magnitude_prune(params, stalled, [0.01] * 2, [(layer,)] * 2, ["layerwise"] * 2, "round")
    if n_weights <= 100:
        assert density(stalled, (layer,)).min() >= 49 / n_weights, "round half up no longer stalls: update the docs"


def test_train_rejects_an_unknown_engine():
    with pytest.raises(ValueError, match="'turbo'"):
        TrainConfig("nl-oscillator", 10, engine="turbo")

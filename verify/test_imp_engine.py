"""Property tests of the torch IMP engine (empirical/): forward-mode derivatives, masking,
pruning counts and order, batching, transfer maps, caching and resumption."""
from __future__ import annotations

import dataclasses
import os
from pathlib import Path

import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from empirical.hnn.experiments import STAGES, require, stage_config
from empirical.hnn.imp import Arm, ImpConfig, run_imp
from empirical.hnn.network import (
    PARAM_NAMES,
    WEIGHT_NAMES,
    init_params,
    network_with_tangent,
)
from empirical.hnn.pruning import (
    PER_ROUND_RULES,
    full_masks,
    prune_count,
    random_masks_like,
    transfer_masks,
)
from empirical.hnn.systems import get_system
from empirical.hnn.training import TrainConfig, train
from empirical.store import config_hash
from theorems.imp.claims import prune_violations

SMALL = dict(n_points=12, hidden=5)


def _masks(params, seed, keep=0.6):
    gen = torch.Generator().manual_seed(seed)
    return {n: torch.rand(params[n].shape, generator=gen) < keep for n in WEIGHT_NAMES}


@given(seed=st.integers(0, 10**6), outputs=st.sampled_from([2, 4]), k=st.integers(1, 3))
@settings(deadline=None)
def test_forward_mode_derivative_matches_autograd(seed, outputs, k):
    params = {n: v.double() for n, v in init_params([seed + i for i in range(k)], outputs, hidden=7).items()}
    masks = {n: m.double() for n, m in _masks(params, seed).items()}
    t = torch.linspace(0, 5, 9, dtype=torch.float64, requires_grad=True)
    n, dn = network_with_tangent(params, t, masks)
    for a in range(k):
        for j in range(outputs):
            (grad,) = torch.autograd.grad(n[a, :, j].sum(), t, retain_graph=True)
            torch.testing.assert_close(dn[a, :, j], grad, rtol=1e-12, atol=1e-12)


weights_strategy = st.integers(0, 10**6)


@given(seed=weights_strategy, rate=st.sampled_from([0.01, 0.1, 0.25, 0.5, 0.9]),
       rule=st.sampled_from(PER_ROUND_RULES), scope=st.sampled_from(["global", "layerwise"]),
       layers=st.sets(st.sampled_from(WEIGHT_NAMES), min_size=1).map(lambda s: tuple(sorted(s))))
def test_magnitude_prune_removes_exactly_the_smallest(seed, rate, rule, scope, layers):
    params = init_params([seed, seed + 1], 2, hidden=6)
    weights = {n: torch.round(params[n] * 4) / 4 for n in WEIGHT_NAMES}  # many ties
    masks = _masks(params, seed, keep=0.8)
    case = dict(weights=weights, masks=masks, rates=[rate, rate], layers=[layers, layers],
                scopes=[scope, scope], rule=rule)
    assert prune_violations(case) == []

@given(n=st.integers(0, 5000), rate=st.floats(0.0, 0.99))
def test_prune_count_rules_bracket_the_exact_fraction(n, rate):
    exact = rate * n
    floor, ceil, nearest = (prune_count(n, rate, r) for r in ("floor", "ceil", "round"))
    assert floor <= nearest <= ceil and ceil - floor <= 1
    assert abs(nearest - exact) <= 0.5 + 1e-9 and floor <= exact + 1e-9 and ceil >= exact - 1e-9


@pytest.mark.parametrize("carry_state", [False, True])
def test_pruned_weights_get_zero_gradient_and_zero_update(carry_state):
    cfg = TrainConfig("henon-heiles", epochs=15, **SMALL)
    params = init_params([3, 4], 4, hidden=5)
    masks = _masks(params, 3)
    start = {n: params[n] * masks[n] if n in WEIGHT_NAMES else params[n] for n in PARAM_NAMES}
    state = None
    if carry_state:
        _, state = train(cfg, start, full_masks(params))  # moments exist at every position
    result, _ = train(cfg, start, masks, optimizer_state=state)
    for n in WEIGHT_NAMES:
        assert torch.all(result.params[n][~masks[n]] == 0)
        assert not torch.equal(result.params[n][masks[n]], start[n][masks[n]])


def test_networks_train_independently_of_their_batch():
    cfg = TrainConfig("nl-oscillator", epochs=25, **SMALL)
    params = init_params([11, 12, 13], 2, hidden=5)
    masks = _masks(params, 1)
    together, _ = train(cfg, params, masks)
    alone, _ = train(cfg, {n: v[1:2] for n, v in params.items()}, {n: v[1:2] for n, v in masks.items()})
    for n in PARAM_NAMES:
        torch.testing.assert_close(together.params[n][1:2], alone.params[n], rtol=1e-5, atol=1e-6)


@given(seed=st.integers(0, 10**6))
def test_transfer_maps_round_trip_and_random_masks_keep_counts(seed):
    params = init_params([seed, seed + 1], 2, hidden=6)
    masks = _masks(params, seed)
    up = transfer_masks(masks, "duplicate-interleave")
    back = transfer_masks(up, "truncate-even")
    assert all(torch.equal(back[n], masks[n]) for n in WEIGHT_NAMES)
    assert up["w3"].shape[1] == 4 and torch.equal(up["w3"][:, 1], masks["w3"][:, 0])
    shuffled = random_masks_like(masks, [seed, seed + 7])
    for n in WEIGHT_NAMES:
        assert torch.equal(shuffled[n].reshape(2, -1).sum(1), masks[n].reshape(2, -1).sum(1))


def test_bad_inputs_name_the_bad_value():
    with pytest.raises(ValueError, match="1.5"):
        Arm(0, 1.5)
    with pytest.raises(ValueError, match="'diagonal'"):
        Arm(0, 0.1, scope="diagonal")
    with pytest.raises(ValueError, match="'pendulum'"):
        get_system("pendulum")
    with pytest.raises(ValueError, match="'fast'"):
        stage_config("fast", "nl-imp")
    with pytest.raises(ValueError, match="'mirror'"):
        transfer_masks(full_masks(init_params([0], 2, hidden=3)), "mirror")
    with pytest.raises(ValueError, match="'bankers'"):
        prune_count(10, 0.1, "bankers")
    with pytest.raises(ValueError, match="-3"):
        TrainConfig("nl-oscillator", epochs=-3)


def test_config_hash_is_stable():
    """Golden hash: a change here silently orphans every cached result, so it must be deliberate
    (bump ENGINE_VERSION when results change)."""
    cfg = ImpConfig(TrainConfig("nl-oscillator", epochs=10), (Arm(0, 0.2),), rounds=1)
    assert config_hash(cfg) == GOLDEN_HASH


GOLDEN_HASH = "0c96fa5bb15bffef"  # count rule "cumulative", engine field, ENGINE_VERSION 3


def test_interrupted_run_resumes_to_the_same_result(tmp_path: Path):
    cfg = ImpConfig(TrainConfig("nl-oscillator", epochs=20, **SMALL), (Arm(1, 0.3), Arm(2, 0.3, ("w2",), label="h")), rounds=2)
    first = run_imp(cfg, tmp_path / "a")
    folder = next((tmp_path / "a").glob("imp-*"))
    os.remove(folder / "round-002.npz")
    resumed = run_imp(cfg, tmp_path / "a")
    fresh = run_imp(cfg, tmp_path / "b")
    for n in PARAM_NAMES:
        assert torch.equal(first.params[2][n], resumed.params[2][n])
        assert torch.equal(first.params[2][n], fresh.params[2][n])
    assert not list(folder.glob("*.tmp"))


def test_every_stage_has_a_config_for_every_cpu_profile():
    for profile in ("quick", "standard", "paper"):
        for name in STAGES:
            assert config_hash(stage_config(profile, name))


def test_paper_profile_refuses_to_run_without_a_gpu(tmp_path: Path):
    if torch.cuda.is_available():
        pytest.skip("a GPU is present")
    with pytest.raises(RuntimeError, match="GPU"):
        require("nl-imp", "paper", tmp_path)


# --- the run-time engine override ($LTH_ENGINE) and the engine record -----------------------------

def _engine_spy(monkeypatch, module):
    """Record the engine each ``train`` call of ``module`` is asked for (and train it as given)."""
    asked = []
    real = module.train

    def spy(cfg, *args, **kwargs):
        asked.append(cfg.engine)
        return real(cfg, *args, **kwargs)

    monkeypatch.setattr(module, "train", spy)
    return asked


def test_lth_engine_trains_with_the_chosen_engine_in_the_configured_folder(tmp_path: Path, monkeypatch):
    """A stage configured for ``fused-compiled`` trained under LTH_ENGINE=fused: the folder and its
    hash are the configured ones, the rounds are the fused engine's bit for bit, and engine.json says
    so; a masked stage on it does the same."""
    import json

    import empirical.hnn.controls as controls
    import empirical.hnn.imp as imp
    from empirical.hnn.controls import MaskedRunConfig, run_masked

    base = TrainConfig("nl-oscillator", epochs=20, engine="fused", **SMALL)
    plain = ImpConfig(base, (Arm(1, 0.3), Arm(2, 0.3)), rounds=2)
    compiled = ImpConfig(TrainConfig("nl-oscillator", epochs=20, engine="fused-compiled", **SMALL), plain.arms, rounds=2)
    reference = run_imp(plain, tmp_path / "ref")
    monkeypatch.setenv("LTH_ENGINE", "fused")
    asked = _engine_spy(monkeypatch, imp)
    got = run_imp(compiled, tmp_path / "run")
    assert asked == ["fused"] * 3
    folder = imp.result_folder(compiled, tmp_path / "run")
    assert [p.name for p in (tmp_path / "run").iterdir()] == [folder.name] == [f"imp-{config_hash(compiled)}"]
    assert json.loads((folder / "config.json").read_text())["canonical"] == imp.canonical(compiled)
    for n in range(3):
        assert all(torch.equal(got.params[n][p], reference.params[n][p]) for p in PARAM_NAMES)
    record = json.loads((folder / "engine.json").read_text())
    assert record == {"configured": "fused-compiled",
                      "trained": {"round-000": "fused", "round-001": "fused", "round-002": "fused"}}
    masked_asked = _engine_spy(monkeypatch, controls)
    masked = MaskedRunConfig(compiled.train, compiled, mask="random")
    run_masked(masked, got, tmp_path / "run")
    assert masked_asked == ["fused"]
    masked_folder = controls.result_folder(masked, tmp_path / "run")
    assert masked_folder.name == f"masked-{config_hash(masked)}"
    assert json.loads((masked_folder / "engine.json").read_text()) == {"configured": "fused-compiled",
                                                                      "trained": {"result": "fused"}}


def test_a_bad_or_inequivalent_lth_engine_fails_naming_it(tmp_path: Path, monkeypatch):
    cfg = ImpConfig(TrainConfig("nl-oscillator", epochs=5, engine="fused", **SMALL), (Arm(1, 0.3),), rounds=0)
    monkeypatch.setenv("LTH_ENGINE", "turbo")
    with pytest.raises(ValueError, match=r"LTH_ENGINE='turbo' is not a training engine \(choose from eager, fused"):
        run_imp(cfg, tmp_path)
    monkeypatch.setenv("LTH_ENGINE", "eager")
    with pytest.raises(ValueError, match="LTH_ENGINE='eager' cannot train a stage configured for the 'fused'"):
        run_imp(cfg, tmp_path)
    eager = ImpConfig(TrainConfig("nl-oscillator", epochs=5, **SMALL), (Arm(1, 0.3),), rounds=0)
    monkeypatch.setenv("LTH_ENGINE", "triton")
    with pytest.raises(ValueError, match="'triton' cannot train a stage configured for the 'eager'"):
        run_imp(eager, tmp_path)
    assert not list(tmp_path.glob("imp-*/round-*"))
    monkeypatch.setenv("LTH_ENGINE", "")  # empty: no override
    run_imp(cfg, tmp_path)


def test_a_stage_resumed_under_another_engine_records_it_round_by_round(tmp_path: Path, monkeypatch, capsys):
    """Equivalent engines may share a stage: the record lists each round's engine, and the resumed
    run says on stderr that the engine changed."""
    import json

    import empirical.hnn.imp as imp

    real = imp.train
    # the kernel's stand-in on the CPU: what matters here is the record, not the arithmetic
    monkeypatch.setattr(imp, "train", lambda cfg, *a, **k: real(dataclasses.replace(cfg, engine="fused"), *a, **k))
    cfg = ImpConfig(TrainConfig("henon-heiles", epochs=5, engine="fused", **SMALL), (Arm(0, 0.3),), rounds=2)
    run_imp(cfg, tmp_path)
    folder = imp.result_folder(cfg, tmp_path)
    os.remove(folder / "round-002.npz")
    monkeypatch.setenv("LTH_ENGINE", "triton")
    capsys.readouterr()
    run_imp(cfg, tmp_path)
    assert "round-002 trains with the triton engine; earlier parts were trained with fused" in capsys.readouterr().err
    assert json.loads((folder / "engine.json").read_text())["trained"] == {
        "round-000": "fused", "round-001": "fused", "round-002": "triton"}

"""Engine tests for the §4 comparison (inertial-manifold-lth-paper.md): the flat MLP, the pruning
scores and masks, masked training, IMP's schedule, IMC's cut and masks, and the table audit."""
from __future__ import annotations

import numpy as np
import pytest
import torch
from hypothesis import given, settings, strategies as st

from empirical.imc.mlp import MLP
from empirical.imc.pruning_tasks import build, teacher_student
from empirical.imc.saliency import _synflow_objective, grasp, keep_count, keep_top, masks_for, synflow
from empirical.imc.sparse_training import imp, imp_schedule, train_masked
from theorems.im import paper_tables
from theorems.im.comparison import ComparisonConfig, cached_compare, compare
from theorems.im.imc import ImcResult
from theorems.im.spectral_cut import cut_largest


def test_flat_mlp_matches_torch_modules():
    mlp = MLP((5, 7, 3), "tanh")
    w = mlp.init([4])[0]
    net = torch.nn.Sequential(torch.nn.Linear(5, 7), torch.nn.Tanh(), torch.nn.Linear(7, 3)).double()
    torch.nn.utils.vector_to_parameters(w, net.parameters())
    x = torch.randn(11, 5, dtype=torch.float64)
    assert torch.allclose(mlp.forward(w, x), net(x), atol=1e-14)
    assert mlp.dim == sum(p.numel() for p in net.parameters())
    assert int(mlp.weight_coordinates().sum()) == 5 * 7 + 7 * 3


def test_mlp_rejects_bad_layout():
    with pytest.raises(ValueError, match="activation"):
        MLP((2, 2), "gelu")
    with pytest.raises(ValueError, match="sizes"):
        MLP((3,))


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 40), st.integers(0, 3), st.data())
def test_keep_top_keeps_exactly_the_count_and_breaks_ties_by_position(d, levels, data):
    prunable = torch.tensor(data.draw(st.lists(st.booleans(), min_size=d, max_size=d)))
    scores = torch.tensor(data.draw(st.lists(st.integers(0, levels), min_size=d, max_size=d)), dtype=torch.float64)
    keep = data.draw(st.integers(0, int(prunable.sum())))
    mask = keep_top(scores, prunable, keep)[0]
    assert int((mask & prunable).sum()) == keep
    assert bool(mask[~prunable].all())
    kept, dropped = scores[mask & prunable], scores[~mask & prunable]
    if len(kept) and len(dropped):
        assert kept.min() >= dropped.max()
        tie = kept.min()
        tied_kept = torch.nonzero(mask & prunable & (scores == tie)).flatten()
        tied_dropped = torch.nonzero(~mask & prunable & (scores == tie)).flatten()
        if len(tied_kept) and len(tied_dropped):
            assert tied_kept.max() < tied_dropped.min()


def test_keep_top_names_a_bad_count():
    with pytest.raises(ValueError, match="keep"):
        keep_top(torch.ones(4), torch.ones(4, dtype=torch.bool), 5)
    with pytest.raises(ValueError, match="sparsity"):
        keep_count(10, 1.5)


def test_grasp_score_on_a_quadratic_matches_the_formula():
    gen = torch.Generator().manual_seed(0)
    a = torch.randn(6, 6, generator=gen, dtype=torch.float64)
    a = a @ a.T
    b = torch.randn(6, generator=gen, dtype=torch.float64)
    w = torch.randn(6, generator=gen, dtype=torch.float64)
    score = grasp(lambda v: 0.5 * v @ a @ v - b @ v, w)
    assert torch.allclose(score, w * (a @ (a @ w - b)), atol=1e-12)


def test_synflow_scores_are_conserved_layer_by_layer():
    """Synaptic saliency conservation: in a bias-free positive product the scores of every layer sum to R."""
    mlp = MLP((6, 5, 4, 3), "relu")
    w = mlp.init([1])[0]
    objective = _synflow_objective(mlp)
    scores = (w * torch.func.grad(objective)(w)).abs()
    r = float(objective(w))
    layer = mlp.layer_index()
    weights = mlp.weight_coordinates()
    for n in range(len(mlp.layers)):
        assert float(scores[(layer == n) & weights].sum()) == pytest.approx(r, rel=1e-10)


def test_every_score_gives_a_mask_with_the_requested_count():
    task = teacher_student(hidden=(6,))
    w = task.mlp.init([2])[0]
    n = int(task.mlp.weight_coordinates().sum())
    for method in ("magnitude", "snip", "grasp", "synflow", "random"):
        mask = masks_for(method, task.mlp, task.loss, w, 0.6, seed=3)
        assert int((mask & task.mlp.weight_coordinates()).sum()) == keep_count(n, 0.6), method
    assert bool(synflow(task.mlp, w, 0.6, iterations=5)[~task.mlp.weight_coordinates()].all())
    with pytest.raises(ValueError, match="unknown pruning score"):
        masks_for("obd", task.mlp, task.loss, w, 0.5)


def test_masked_training_never_moves_a_pruned_weight():
    task = teacher_student(hidden=(6,))
    start = task.mlp.init([0, 1])
    masks = torch.rand(start.shape, generator=torch.Generator().manual_seed(0)) < 0.5
    trained = train_masked(task, start, masks, 30, 1e-2)
    assert bool((trained[~masks] == 0).all())
    assert bool((trained[masks] != start[masks]).any())


@settings(max_examples=40, deadline=None)
@given(st.lists(st.floats(0.01, 0.97), min_size=1, max_size=4), st.floats(0.05, 0.5))
def test_imp_schedule_hits_every_target_without_exceeding_the_rate(targets, rate):
    schedule = imp_schedule(targets, rate)
    for t in targets:
        assert any(abs(t - s) < 1e-12 for s in schedule)
    densities = [1.0] + [1 - s for s in schedule]
    assert all(b / a >= 1 - rate - 1e-9 for a, b in zip(densities, densities[1:]))


def test_imp_masks_are_nested_and_exact():
    task = teacher_student(hidden=(6,))
    init = task.mlp.init([0, 1])
    found, rounds = imp(task, init, [0.3, 0.6], 10, 1e-2)
    n = int(task.mlp.weight_coordinates().sum())
    assert rounds == len(imp_schedule([0.3, 0.6]))
    for s, masks in found.items():
        assert ((masks & task.mlp.weight_coordinates()).sum(1) == keep_count(n, s)).all()
    assert bool((found[0.6] <= found[0.3]).all())


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(-20, 20), min_size=2, max_size=12))
def test_reachable_cuts_are_exactly_the_cuts_some_k_selects(values):
    lam = np.sort(np.array(values, dtype=float) / 4)
    result = ImcResult(torch.zeros(len(lam)), lam, np.eye(len(lam)), 0.0, None)
    thresholds = sorted({0.0, *(g / 4 for g in np.diff(lam))})
    probes = [t * (1 + e) + e for t in thresholds for e in (-1e-9, 0.0, 1e-9) if t * (1 + e) + e >= 0]
    selected = {cut_largest(lam, k) for k in probes} - {None}
    assert selected == set(result.reachable_cuts())


def test_leverage_mask_recovers_a_coordinate_eigenspace():
    """If -H is diagonal, W+ is spanned by coordinates and the leverage mask keeps exactly them."""
    lam = np.array([5.0, -1.0, 3.0, 0.5, 2.0])
    order = np.argsort(lam)
    result = ImcResult(torch.zeros(5), lam[order], np.eye(5)[:, order], 0.0, None)
    mask = result.leverage_mask(2, 2, torch.ones(5, dtype=torch.bool))
    assert mask.tolist() == [True, False, True, False, False]


def test_table_audit_finds_the_inconsistencies_and_clears_them_when_fixed(monkeypatch):
    problems = [f["statement"] for f in paper_tables.audit() if not f["consistent"]]
    assert any("table2" in p for p in problems)
    fixed = dict(paper_tables.TABLES["table2"])
    fixed["IMC-Rewinding"] = ((0.47, 94.5, 160, 3179), (0.45, 94.9, 160, 4591))
    monkeypatch.setitem(paper_tables.TABLES, "table2", fixed)
    assert all(f["consistent"] for f in paper_tables.best_over_range_findings()[:1])


def test_comparison_runs_every_arm_and_caches(tmp_path):
    config = ComparisonConfig("teacher-student", (4,), "tanh", (0, 1), (0.5,), steps=5)
    first = cached_compare(config, tmp_path)
    again = cached_compare(config, tmp_path)
    fresh = compare(config)
    for arm in config.arms:
        assert first.metric[arm].shape == (1, 2)
        assert np.array_equal(first.metric[arm], again.metric[arm])
        assert np.array_equal(first.metric[arm], fresh.metric[arm])
    assert len(list(tmp_path.glob("comparison-*/result.npz"))) == 1
    with pytest.raises(ValueError, match="unknown arms"):
        ComparisonConfig("digits", (4,), "relu", (0,), (0.5,), 5, arms=("obd",))


def test_batched_loss_and_gradient_match_the_per_network_functions():
    """PruningTask.batch_loss / batch_grad (batched matrix products, one backward pass) give every row
    the loss and gradient that torch.func gives it one network at a time, on both tasks."""
    for name, activation in (("digits", "relu"), ("teacher-student", "tanh")):
        task = build(name, (5,), activation)
        flats = task.mlp.init(list(range(6)))
        torch.testing.assert_close(task.batch_loss(flats), torch.stack([task.loss(w) for w in flats]),
                                   rtol=1e-12, atol=1e-14)
        torch.testing.assert_close(task.batch_grad(flats), torch.stack([torch.func.grad(task.loss)(w) for w in flats]),
                                   rtol=1e-10, atol=1e-14)

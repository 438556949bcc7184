"""Lipschitz estimators of the remainder F on a case with a known constant."""
from __future__ import annotations

import pytest
import torch

from empirical.imc.lipschitz import jacobian_bound, paper_estimate, remainder, sampled_ratio


def _cubic(c: torch.Tensor):
    """L(w) = Σ c_i w_i³ / 6: H(w) = diag(c w), so on ‖U‖_∞ ≤ B, K = max|c| B exactly."""
    return lambda w: (c * w**3).sum() / 6


def test_remainder_vanishes_at_zero_and_is_zero_for_quadratics():
    a = torch.randn(6, 6, dtype=torch.float64)
    a = a @ a.T
    quad = lambda w: 0.5 * w @ a @ w  # noqa: E731
    f = remainder(quad, torch.zeros(6, dtype=torch.float64))
    u = torch.randn(6, dtype=torch.float64)
    torch.testing.assert_close(f(u), torch.zeros(6, dtype=torch.float64), atol=1e-12, rtol=0)


def test_estimators_on_a_cubic_with_known_constant():
    c = torch.tensor([3.0, -1.0, 0.5, 2.0], dtype=torch.float64)
    loss, w_star, bound = _cubic(c), torch.zeros(4, dtype=torch.float64), 0.5
    true_k = float(c.abs().max()) * bound
    assert jacobian_bound(loss, w_star, bound, samples=8) == pytest.approx(true_k, rel=1e-12)
    assert sampled_ratio(loss, w_star, bound, pairs=200) <= true_k + 1e-12
    # the paper's second difference of a quadratic gradient is exact: c ⊙ m², so its K is
    # 2B ‖c ⊙ m²‖₂ for the drawn unit m
    est = paper_estimate(loss, w_star, bound, step=0.01, seed=3)
    m = torch.randn(4, generator=torch.Generator().manual_seed(3), dtype=torch.float64)
    m = m / m.norm()
    assert est.k == pytest.approx(2 * bound * float((c * m**2).norm()), rel=1e-8)


def test_bad_step_is_named():
    with pytest.raises(ValueError, match="step=0"):
        paper_estimate(lambda w: (w**2).sum(), torch.zeros(3, dtype=torch.float64), 1.0, step=0)

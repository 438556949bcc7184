"""The Hessian tools agree with each other and with analytic spectra (the Hessian engines)."""
from __future__ import annotations

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from empirical.imc.hessian import (
    exact_hessian,
    hvp,
    lanczos,
    module_loss,
    restrict_to_mask,
    slq_density,
    top_eigenvalues,
)


def _quadratic(seed: int, d: int) -> tuple[torch.Tensor, torch.Tensor]:
    gen = torch.Generator().manual_seed(seed)
    q, _ = torch.linalg.qr(torch.randn(d, d, generator=gen, dtype=torch.float64))
    spectrum = torch.sort(torch.randn(d, generator=gen, dtype=torch.float64) * 3).values
    return q @ torch.diag(spectrum) @ q.T, spectrum


@given(seed=st.integers(0, 10**6), d=st.integers(5, 40))
@settings(deadline=None, max_examples=20)
def test_quadratic_loss_has_its_matrix_as_hessian_and_spectrum(seed, d):
    a, spectrum = _quadratic(seed, d)
    loss = lambda th: 0.5 * th @ a @ th  # noqa: E731
    theta = torch.randn(d, dtype=torch.float64)
    torch.testing.assert_close(exact_hessian(loss, theta), a, rtol=0, atol=1e-12)
    k = min(3, d - 1)
    np.testing.assert_allclose(top_eigenvalues(loss, theta, k), spectrum[-k:].numpy(), atol=1e-8)
    np.testing.assert_allclose(top_eigenvalues(loss, theta, k, "SA"), spectrum[:k].numpy(), atol=1e-8)


@given(seed=st.integers(0, 10**6), steps=st.integers(1, 8))
@settings(deadline=None, max_examples=20)
def test_lanczos_quadrature_is_exact_for_low_moments(seed, steps):
    """Gauss quadrature from m Lanczos steps integrates v^T A^p v exactly for p < 2m."""
    a, _ = _quadratic(seed, 30)
    v = torch.randn(30, dtype=torch.float64, generator=torch.Generator().manual_seed(seed + 1))
    nodes, weights = lanczos(lambda x: a @ x, v, steps).quadrature()
    unit = v / torch.linalg.vector_norm(v)
    power = unit.clone()
    for p in range(2 * len(nodes)):
        assert np.sum(weights * nodes**p) == pytest.approx(float(unit @ power), rel=1e-8, abs=1e-8)
        power = a @ power


def test_slq_moments_estimate_normalised_traces():
    a, spectrum = _quadratic(3, 200)
    loss = lambda th: 0.5 * th @ a @ th  # noqa: E731
    density = slq_density(loss, torch.zeros(200, dtype=torch.float64), steps=30, probes=64, seed=1)
    # Rademacher probes: Var(v^T A v / d) <= 2 ||A||_F^2 / d^2; allow 4 standard deviations
    for p in (1, 2):
        exact = float((spectrum**p).mean())
        sd = np.sqrt(2 * float((spectrum ** (2 * p)).sum())) / 200 / np.sqrt(64)
        assert abs(density.moment(p) - exact) < 4 * sd
    assert np.trapezoid(density.density, density.grid) == pytest.approx(1.0, abs=1e-3)


def test_exact_hvp_and_lanczos_agree_on_a_tanh_network():
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Linear(3, 12), torch.nn.Tanh(), torch.nn.Linear(12, 2)).double()
    x, y = torch.randn(40, 3, dtype=torch.float64), torch.randn(40, 2, dtype=torch.float64)
    loss, theta = module_loss(model, torch.nn.functional.mse_loss, x, y)
    h = exact_hessian(loss, theta)
    v = torch.randn(theta.numel(), dtype=torch.float64)
    torch.testing.assert_close(hvp(loss, theta, v), h @ v, rtol=1e-10, atol=1e-12)
    exact = np.linalg.eigvalsh(h.numpy())
    np.testing.assert_allclose(top_eigenvalues(loss, theta, 4), exact[-4:], rtol=1e-7, atol=1e-9)


def test_restriction_to_a_mask_gives_the_principal_submatrix():
    torch.manual_seed(1)
    model = torch.nn.Sequential(torch.nn.Linear(2, 6), torch.nn.Tanh(), torch.nn.Linear(6, 1)).double()
    x, y = torch.randn(25, 2, dtype=torch.float64), torch.randn(25, 1, dtype=torch.float64)
    loss, theta = module_loss(model, torch.nn.functional.mse_loss, x, y)
    mask = torch.rand(theta.numel(), generator=torch.Generator().manual_seed(2)) < 0.5
    pruned = theta * mask
    restricted, z = restrict_to_mask(loss, pruned, mask)
    full = exact_hessian(loss, pruned)
    idx = torch.nonzero(mask, as_tuple=True)[0]
    torch.testing.assert_close(exact_hessian(restricted, z), full[idx][:, idx], rtol=1e-10, atol=1e-12)


def test_bad_arguments_name_the_value():
    loss = lambda th: (th**2).sum()  # noqa: E731
    with pytest.raises(ValueError, match="got 7"):
        top_eigenvalues(loss, torch.zeros(5, dtype=torch.float64), 7)
    with pytest.raises(ValueError, match="'middle'"):
        top_eigenvalues(loss, torch.zeros(5, dtype=torch.float64), 2, "middle")


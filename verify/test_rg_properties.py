"""Property tests of the rg engines: projections, exact enumeration, Walsh expansion."""
import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy.special import logsumexp

from theorems.rg.ising import (
    Lattice,
    all_configurations,
    block_torus_effective_hamiltonian,
    effective_hamiltonian,
    log_partition_function,
    projection_matrix,
    ring_blocks,
    torus_blocks,
    torus_log_partition_function_transfer,
    walsh_coefficients,
)
from theorems.rg.scaling import MODELS, homogeneous_free_energy

odd_block = st.sampled_from([1, 3, 5, 7])


@given(b=odd_block, n_blocks=st.integers(1, 3), data=st.data())
def test_odd_majority_projection_is_normalised_and_symmetric(b, n_blocks, data):
    blocks = [np.arange(i * b, (i + 1) * b) for i in range(n_blocks)]
    spins = np.array([data.draw(st.lists(st.sampled_from([-1, 1]), min_size=b * n_blocks, max_size=b * n_blocks))],
                     dtype=np.int8)
    p = projection_matrix(spins, blocks)
    assert p.min() >= 0 and p.sum() == 1
    assert np.array_equal(projection_matrix(-spins, blocks)[:, ::-1], p)


@given(b=st.sampled_from([2, 4, 6]))
def test_even_blocks_with_coin_tie_break_are_normalised(b):
    spins = all_configurations(b)
    assert np.allclose(projection_matrix(spins, [np.arange(b)], tie_break=True).sum(axis=1), 1)


@given(n=st.integers(3, 12), K=st.floats(-1.5, 1.5), h=st.floats(-1, 1))
def test_ring_enumeration_matches_transfer_matrix(n, K, h):
    root = math.sqrt(math.exp(2 * K) * math.sinh(h) ** 2 + math.exp(-2 * K))
    lam_plus, lam_minus = math.exp(K) * math.cosh(h) + root, math.exp(K) * math.cosh(h) - root
    exact = math.log(lam_plus**n + lam_minus**n)
    assert math.isclose(log_partition_function(Lattice.ring(n), K, h), exact, rel_tol=1e-10, abs_tol=1e-10)


@given(K=st.floats(0.0, 1.5), h=st.floats(-0.5, 0.5), case=st.sampled_from(["ring9", "ring12", "torus3x6"]))
def test_block_spin_trace_preserves_partition_function(K, h, case):
    lattice, blocks = {"ring9": (Lattice.ring(9), ring_blocks(9, 3)),
                       "ring12": (Lattice.ring(12), ring_blocks(12, 3)),
                       "torus3x6": (Lattice.torus(3, 6), torus_blocks(3, 6, 3))}[case]
    log_z_prime = logsumexp(effective_hamiltonian(lattice, blocks, K, h))
    assert math.isclose(log_z_prime, log_partition_function(lattice, K, h), rel_tol=1e-12)


def test_torus_has_two_bonds_per_site():
    lattice = Lattice.torus(3, 4)
    assert lattice.bonds.shape == (24, 2)
    assert np.all(np.bincount(lattice.bonds.ravel(), minlength=12) == 4)


@given(n=st.integers(1, 6), seed=st.integers(0, 2**16))
def test_walsh_expansion_reconstructs_the_function(n, seed):
    values = np.random.default_rng(seed).normal(size=2**n)
    coeffs = walsh_coefficients(values)
    spins = all_configurations(n)
    characters = np.array([[np.prod(s[[i for i in range(n) if mask >> i & 1]]) for mask in range(2**n)] for s in spins])
    np.testing.assert_allclose(characters @ coeffs, values, atol=1e-12)


def test_bad_lattices_are_rejected():
    with pytest.raises(ValueError, match="block size 4"):
        ring_blocks(9, 4)
    with pytest.raises(ValueError, match="2\\*\\*40"):
        all_configurations(40)


@given(K=st.floats(0.01, 3.0), b=st.integers(2, 4), c=st.integers(2, 4))
def test_decimation_composes(K, b, c):
    step = lambda k, n: np.arctanh(np.tanh(k) ** n)  # noqa: E731
    assert math.isclose(step(step(K, b), c), step(K, b * c), rel_tol=1e-9, abs_tol=1e-12)


@given(rows=st.integers(3, 4), cols=st.integers(3, 4), K=st.floats(-1.0, 1.0), h=st.floats(-0.5, 0.5))
def test_torus_transfer_matrix_matches_enumeration(rows, cols, K, h):
    exact = log_partition_function(Lattice.torus(rows, cols), K, h)
    assert math.isclose(torus_log_partition_function_transfer(rows, cols, K, h), exact, rel_tol=1e-10, abs_tol=1e-10)


@given(K=st.floats(0.0, 1.0), h=st.floats(-0.3, 0.3))
def test_block_tensor_contraction_preserves_the_6x6_partition_function(K, h):
    log_z_prime = logsumexp(block_torus_effective_hamiltonian(3, K, h))
    assert math.isclose(log_z_prime, torus_log_partition_function_transfer(6, 6, K, h), rel_tol=1e-11)


def test_block_tensor_is_spin_flip_symmetric_without_field():
    values = block_torus_effective_hamiltonian(3, 0.5, 0.0)
    np.testing.assert_allclose(values, values[::-1], rtol=1e-12)
    with pytest.raises(ValueError, match="odd"):
        block_torus_effective_hamiltonian(2, 0.5, 0.0)


@given(model=st.sampled_from(MODELS), t=st.floats(0.01, 2.0), h=st.floats(-1.0, 1.0), ell=st.floats(0.2, 5.0))
def test_homogeneous_free_energy_obeys_eq28(model, t, h, ell):
    f = homogeneous_free_energy(model)
    d, yt, yh = float(model.d), float(model.y_t), float(model.y_h)
    assert math.isclose(ell**-d * f(ell**yt * t, ell**yh * h), f(t, h), rel_tol=1e-9, abs_tol=1e-12)


def test_model_exponents_are_consistent_with_rushbrooke_and_widom():
    for model in MODELS:
        e = model.exponents
        assert e["alpha"] + 2 * e["beta"] + e["gamma"] == 2  # Rushbrooke
        assert e["gamma"] == e["beta"] * (e["delta"] - 1)  # Widom
        assert 2 - e["alpha"] == model.d * e["nu"]  # hyperscaling, independent of y_t and y_h


def test_potts_models_have_y_t_away_from_one():
    assert any(model.y_t != 1 for model in MODELS)

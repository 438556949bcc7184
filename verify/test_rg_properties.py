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


# --------------------------------------------------------------------------- second reading: universality, ξ, (iii)

from fractions import Fraction  # noqa: E402
from itertools import combinations  # noqa: E402

from theorems.rg.blockmap import block_spins, deterministic_projection, mapping_counts  # noqa: E402
from theorems.rg.correlation import (  # noqa: E402
    K_C_SQUARE,
    chain_correlation_length,
    chain_decimation,
    onsager_correlation_length,
    transfer_matrix,
)
from theorems.rg.universality import (  # noqa: E402
    DETERMINANTS,
    FIXED_POINTS,
    FixedPoint,
    by_name,
    class_key,
    class_sizes,
    differing_exponents,
    exponent_clashes,
    silent_pairs,
)

#: The fixed points of theorems.rg.universality that theorems.rg.scaling.MODELS also lists (typed independently).
SHARED_MODELS = {"2-D Ising": "2-D Ising (square)", "2-D 3-state Potts": "2-D 3-state Potts",
                 "2-D 4-state Potts": "2-D 4-state Potts"}


def test_universality_table_agrees_with_the_scaling_models():
    for model in MODELS:
        point = by_name(SHARED_MODELS[model.name])
        assert (point.d, point.y_t, point.y_h) == (int(model.d), Fraction(str(model.y_t)), Fraction(str(model.y_h)))
        for key in ("alpha", "beta", "gamma", "delta", "nu"):
            assert point.exponents[key] == Fraction(str(model.exponents[key])), (model.name, key)


fraction = st.fractions(min_value=-2, max_value=2, max_denominator=4)
fixed_point = st.builds(
    FixedPoint, name=st.text("abc", min_size=1, max_size=3), d=st.sampled_from([2, 3]),
    symmetry=st.sampled_from(["Z2", "S3"]),
    relevant=st.sampled_from([("thermal", "magnetic"), ("thermal",)]), y_t=fraction, y_h=fraction,
    exponents=st.dictionaries(st.sampled_from(["alpha", "beta", "nu"]), fraction, max_size=3),
    spectrum=st.lists(st.tuples(st.sampled_from(["thermal", "magnetic"]), fraction), max_size=3).map(tuple),
    spectrum_complete=st.booleans())
determinant_sets = st.lists(st.sampled_from(DETERMINANTS), min_size=1, max_size=3, unique=True)


@given(points=st.lists(fixed_point, max_size=6), determinants=determinant_sets)
def test_exponent_clashes_match_brute_force_over_pairs(points, determinants):
    brute = sorted((a.name, b.name) for a, b in combinations(points, 2)
                   if class_key(a, determinants) == class_key(b, determinants) and differing_exponents(a, b))
    assert sorted(c["pair"] for c in exponent_clashes(points, determinants)) == brute


@given(points=st.lists(fixed_point, max_size=6), coarse=determinant_sets, fine=determinant_sets)
def test_silent_pairs_and_class_sizes_match_brute_force(points, coarse, fine):
    brute = [(a.name, b.name) for a, b in combinations(points, 2) if class_key(a, coarse) == class_key(b, coarse)
             and class_key(a, fine) != class_key(b, fine) and not differing_exponents(a, b)]
    assert silent_pairs(points, coarse, fine) == brute
    sizes = class_sizes(points, coarse)
    assert sum(sizes) == len(points) and sizes == sorted(sizes, reverse=True)
    same_class = sum(class_key(a, coarse) == class_key(b, coarse) for a, b in combinations(points, 2))
    assert sum(n * (n - 1) // 2 for n in sizes) == same_class


def test_incomplete_spectrum_puts_a_fixed_point_in_a_class_of_its_own():
    alone = [p for p in FIXED_POINTS if not p.spectrum_complete]
    assert alone and all(class_sizes([p, q], ["relevant fields"]) == [1, 1] for p in alone for q in FIXED_POINTS
                         if q is not p)


@pytest.mark.parametrize("point", FIXED_POINTS, ids=[p.name for p in FIXED_POINTS])
def test_spectrum_holds_the_thermal_and_magnetic_eigenvalues(point):
    """The leading thermal and magnetic fields of the listed spectrum are y_t and y_h, and every listed field is
    relevant."""
    thermal = [y for kind, y in point.spectrum if kind == "thermal"]
    magnetic = [y for kind, y in point.spectrum if kind == "magnetic"]
    assert max(thermal) == point.y_t and max(magnetic) == point.y_h
    assert all(y > 0 for _, y in point.spectrum)


def test_long_range_ising_point_follows_from_sigma():
    """Gaussian long-range fixed point, σ < d/2: y_h = (d + σ)/2, y_t = σ, ν = 1/σ, η = 2 - σ, mean-field β, γ, δ."""
    sigma, point = Fraction(1, 2), by_name("2-D long-range Ising (σ = 1/2)")
    assert sigma < Fraction(point.d, 2)
    assert (point.y_t, point.y_h) == (sigma, (point.d + sigma) / 2)
    e = point.exponents
    assert (e["nu"], e["eta"]) == (1 / sigma, 2 - sigma)
    assert (e["alpha"], e["beta"], e["gamma"], e["delta"]) == (0, Fraction(1, 2), 1, 3)
    phi = point.d - point.y_h  # scaling dimension of φ
    assert 3 * phi > point.d and 4 * phi > point.d  # φ³ and φ⁴ irrelevant: the listed spectrum is complete


def test_class_key_rejects_unknown_determinants():
    with pytest.raises(ValueError, match="unknown determinants"):
        class_key(FIXED_POINTS[0], ["range of interaction"])


@given(K=st.floats(-1.5, 1.5).filter(lambda k: abs(k) > 1e-3), h=st.floats(-1, 1), b=st.integers(2, 4))
def test_chain_decimation_is_a_matrix_power_and_divides_xi_by_b(K, h, b):
    K_prime, h_prime = chain_decimation(K, h, b)
    power, renormalised = np.linalg.matrix_power(transfer_matrix(K, h), b), transfer_matrix(K_prime, h_prime)
    np.testing.assert_allclose(power / power[0, 1], renormalised / renormalised[0, 1], rtol=1e-9)
    assert math.isclose(chain_correlation_length(K_prime, h_prime), chain_correlation_length(K, h) / b, rel_tol=1e-9)


@given(K=st.floats(-2, 2).filter(lambda k: abs(k) > 1e-2), b=st.integers(2, 5))
def test_chain_decimation_without_field_is_tanh_to_the_b(K, b):
    assert math.isclose(chain_decimation(K, 0.0, b)[0], math.atanh(math.tanh(K) ** b), rel_tol=1e-9, abs_tol=1e-12)
    assert abs(chain_decimation(K, 0.0, b)[1]) <= 1e-12


@given(K=st.floats(0.05, 2), h=st.floats(-1, 1))
def test_chain_correlation_length_matches_numpy_eigenvalues(K, h):
    low, high = sorted(np.abs(np.linalg.eigvals(transfer_matrix(K, h))))
    assert math.isclose(chain_correlation_length(K, h), 1 / math.log(high / low), rel_tol=1e-8)


def _strip_correlation_length(K: float, width: int) -> float:
    """ξ along a periodic strip from its row transfer matrix (brute force for Onsager's formula)."""
    rows = all_configurations(width).astype(float)
    inside = K * np.sum(rows * np.roll(rows, -1, axis=1), axis=1)
    eigenvalues = np.sort(np.linalg.eigvalsh(np.exp(inside[:, None] / 2 + K * rows @ rows.T + inside[None, :] / 2)))
    return 1 / math.log(eigenvalues[-1] / eigenvalues[-2])


def test_onsager_correlation_length_is_the_wide_strip_limit():
    for K in (0.1, 0.15, 0.2):
        assert math.isclose(_strip_correlation_length(K, 7), float(onsager_correlation_length(K)), rel_tol=1e-4)
    ks = np.linspace(0.1, K_C_SQUARE * 0.999, 50)
    assert np.all(np.diff(onsager_correlation_length(ks)) > 0)


@given(b=st.integers(1, 5), n_blocks=st.integers(1, 2), tie=st.sampled_from(["none", "first"]))
def test_block_spins_match_a_per_configuration_majority_vote(b, n_blocks, tie):
    blocks = [np.arange(i * b, (i + 1) * b) for i in range(n_blocks)]
    spins = all_configurations(b * n_blocks)
    expected = [[int(np.sign(s[blk].sum())) or (int(s[blk[0]]) if tie == "first" else 0) for blk in blocks] for s in spins]
    np.testing.assert_array_equal(block_spins(spins, blocks, tie), expected)


@given(b=st.sampled_from([1, 2, 3, 4, 5]), n_blocks=st.integers(1, 3))
def test_majority_with_a_tie_rule_is_single_valued_and_uniformly_many_to_one(b, n_blocks):
    blocks = [np.arange(i * b, (i + 1) * b) for i in range(n_blocks)]
    assigned = block_spins(all_configurations(b * n_blocks), blocks, "first")
    images, preimages = mapping_counts(deterministic_projection(assigned))
    assert np.all(images == 1)
    assert np.all(preimages == 2 ** ((b - 1) * n_blocks))


def test_even_blocks_without_a_tie_rule_lose_the_tied_configurations():
    images, _ = mapping_counts(deterministic_projection(block_spins(all_configurations(4), [np.arange(4)], "none")))
    assert images.sum() == 16 - math.comb(4, 2)
    with pytest.raises(ValueError, match="tie rule"):
        block_spins(all_configurations(2), [np.arange(2)], "coin")

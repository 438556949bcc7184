"""Property tests of the quantised-SLTH engines: subset-sum DP and the exact constructions."""
import itertools

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from theorems.slth.constructions import (
    layer_masks,
    represents_every_weight,
    single_weight_mask,
    single_weight_output,
    truncate,
    two_layer_output,
)
from theorems.slth.subset_dp import SubsetSums


def _all_subset_sums(z):
    return {sum(c) for k in range(len(z) + 1) for c in itertools.combinations(z, k)}


@given(z=st.lists(st.integers(-25, 25), max_size=10), target=st.integers(-120, 120))
def test_subset_dp_witness_matches_enumeration(z, target):
    sums = SubsetSums(np.array(z, dtype=np.int64))
    witness = sums.witness(target)
    assert (witness is not None) == (target in _all_subset_sums(z))
    if witness is not None:
        assert len(set(witness.tolist())) == len(witness) and sum(z[i] for i in witness) == target


@given(u=st.lists(st.integers(-5, 5), min_size=1, max_size=8), data=st.data(), target=st.integers(-30, 30))
def test_single_weight_mask_is_exact_and_complete(u, data, target):
    v = data.draw(st.lists(st.integers(-5, 5), min_size=len(u), max_size=len(u)))
    u, v = np.array(u), np.array(v)
    mask = single_weight_mask(u, v, target)
    positive = [int(a * b) for a, b in zip(u, v) if a > 0]
    negative = [int(a * b) for a, b in zip(u, v) if a < 0]
    exists = target in _all_subset_sums(positive) and target in _all_subset_sums(negative)
    assert (mask is not None) == exists
    if mask is not None:
        x = np.arange(-20, 21)
        assert np.array_equal(single_weight_output(u, v, mask, x), target * x)
    assert represents_every_weight(u, v, [target]) == exists


@given(seed=st.integers(0, 2**16), block=st.integers(4, 30))
def test_layer_masks_reproduce_the_target_exactly(seed, block):
    rng = np.random.default_rng(seed)
    d1, d2, K = 2, 2, 10
    M, N = rng.integers(-K, K + 1, (d1 * block, d1)), rng.integers(-K, K + 1, (d2, d1 * block))
    W = rng.integers(-10, 11, (d2, d1)) * 10
    result = layer_masks(M, N, W, block)
    blocks_ok = all(represents_every_weight(M[j * block:(j + 1) * block, j], N[i, j * block:(j + 1) * block], [W[i, j]])
                    for i in range(d2) for j in range(d1))
    assert (result is not None) == blocks_ok
    if result is not None:
        T, S = result
        assert not T[:block, 1].any() and not T[block:, 0].any()  # block-diagonal first layer
        X = np.array(list(itertools.product(range(-4, 5), repeat=d1))).T
        assert np.array_equal(two_layer_output(M, N, T, S, X), W @ X)


def test_truncation_drops_digits_toward_zero():
    assert truncate([4326, -4326, 99, -5], 4, 2).tolist() == [43, -43, 0, 0]
    with pytest.raises(ValueError, match="cannot add precision"):
        truncate([1], 1, 2)


def test_bad_inputs_are_named():
    with pytest.raises(TypeError, match="integer"):
        SubsetSums(np.array([0.5]))
    with pytest.raises(ValueError, match="equal length"):
        single_weight_mask([1, 2], [1], 0)


@given(seed=st.integers(0, 2**16), depth=st.integers(1, 3))
def test_burkholz_construction_reproduces_the_target_exactly(seed, depth):
    from theorems.slth.burkholz import burkholz_forward, burkholz_masks, random_network
    from theorems.slth.claims import _type_one_forward

    rng = np.random.default_rng(seed)
    K, dims = 10, (2,) * depth + (1,)
    targets = [rng.integers(-K, K + 1, (dims[i + 1], dims[i])) for i in range(depth)]
    net = random_network(rng, dims, K, block=40, copies=14)
    masks = burkholz_masks(net, targets, K)
    if masks is not None:
        X = np.array(list(itertools.product(range(-3, 4), repeat=2))).T
        assert np.array_equal(burkholz_forward(net, masks, X, 1), _type_one_forward(targets, X, 1))
        assert all(m.shape == w.shape for m, w in zip(masks, net.weights))


@given(K=st.integers(1, 30))
def test_keep_rate_of_a_uniform_law_is_all_but_zero(K):
    from theorems.slth.claims import _best_keep_rate

    law = {v: 1 / (2 * K + 1) for v in range(-K, K + 1)}
    best = _best_keep_rate(law, (1,), K)
    assert best["m"] == K and best["keep_rate"] == pytest.approx(2 * K / (2 * K + 1))


@given(seed=st.integers(0, 2**16))
def test_rounding_only_at_the_output_agrees_with_type_one_for_one_layer(seed):
    from theorems.slth.claims import _hidden_unrounded_forward, _input_grid, _type_one_forward

    rng = np.random.default_rng(seed)
    W = [rng.integers(-10, 11, (3, 2))]
    X = _input_grid(2)
    assert np.array_equal(_hidden_unrounded_forward(W, X, 1), _type_one_forward(W, X, 1))


@given(z=st.lists(st.integers(-40, 40), max_size=10), targets=st.lists(st.integers(-200, 200), min_size=1, max_size=12))
def test_bitset_subset_sums_match_enumeration(z, targets):
    from theorems.slth.bitsets import reachable, reaches_all, target_pattern

    sums = _all_subset_sums(z)
    got = reachable(np.array(z, dtype=np.int64), targets)
    assert got.tolist() == [t in sums for t in targets]
    assert reaches_all(np.array(z, dtype=np.int64), target_pattern(targets)) == all(t in sums for t in targets)


@given(u=st.lists(st.integers(-6, 6), min_size=1, max_size=10), data=st.data())
def test_bitset_pair_check_agrees_with_the_pair_pruner(u, data):
    from theorems.slth.bitsets import pair_reachable, pair_reaches_all, target_pattern
    from theorems.slth.constructions import PairPruner

    v = np.array(data.draw(st.lists(st.integers(-6, 6), min_size=len(u), max_size=len(u))))
    u, targets = np.array(u), np.arange(-4, 5) * 4
    pruner = PairPruner(u, v)
    expected = pruner.sums[0].contains(targets) & pruner.sums[1].contains(targets)
    assert pair_reachable(u, v, targets).tolist() == expected.tolist()
    assert pair_reaches_all(u, v, target_pattern(targets)) == pruner.represents(targets)


@given(seed=st.integers(0, 2**16), depth=st.integers(1, 3), block=st.integers(2, 12), copies=st.integers(1, 8))
def test_burkholz_coverage_is_every_instance_reaching_every_target(seed, depth, block, copies):
    from theorems.slth.bitsets import burkholz_covers_all
    from theorems.slth.burkholz import burkholz_masks, random_network
    from theorems.slth.constructions import PairPruner

    rng = np.random.default_rng(seed)
    K, dims = 3, (2,) * depth + (1,)
    net = random_network(rng, dims, K, block, copies)
    first, second = net.weights[0], net.weights[1]
    expected = all(PairPruner(first[j * block:(j + 1) * block, j], row[j * block:(j + 1) * block]).represents(np.arange(-K, K + 1) * K)
                   for j in range(dims[0]) for row in second)
    expected &= all(SubsetSums(M[r, i * copies:(i + 1) * copies]).contains(np.arange(-K, K + 1)).all()
                    for M in net.weights[2:] for r in range(M.shape[0]) for i in range(M.shape[1] // copies))
    assert burkholz_covers_all(net, K) == expected
    if expected:
        targets = [rng.integers(-K, K + 1, (dims[i + 1], dims[i])) for i in range(depth)]
        assert burkholz_masks(net, targets, K) is not None


@given(data=st.data(), m=st.integers(1, 4))
def test_narrowest_network_matches_brute_force(data, m):
    from theorems.slth.counting import ORIENTATIONS, Printed, first_unmet, narrowest

    entry = st.one_of(st.none(), st.builds(Printed, st.tuples(st.integers(1, 4), st.integers(1, 4)), st.booleans(), st.just("r")))
    entries = data.draw(st.lists(entry, min_size=m, max_size=m))
    orientation_of = {"r": data.draw(st.sampled_from(ORIENTATIONS))}
    first, last = data.draw(st.integers(1, 4)), data.draw(st.integers(1, 4))
    meeting = [w for w in itertools.product(range(1, 6), repeat=m - 1)
               if first_unmet(entries, [(b, a) for a, b in zip((first,) + w, w + (last,))], orientation_of) is None]
    widths = narrowest(entries, first, last, orientation_of)
    if not meeting:
        assert widths is None
    else:
        assert widths == [first] + [min(w[k] for w in meeting) for k in range(m - 1)] + [last]
        assert tuple(widths[1:-1]) in meeting


@given(dims=st.lists(st.integers(1, 5), min_size=2, max_size=6))
def test_target_weight_count_is_the_sum_of_layer_products(dims):
    from theorems.slth.counting import target_weight_count

    assert target_weight_count(tuple(dims)) == sum(a * b for a, b in itertools.pairwise(dims))

"""Property tests of the tix engines against brute force and their invariants."""
import itertools
import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from theorems.tix import power_transform as pt
from theorems.tix.balls_bins import (largest_k_below, p_max_load_at_least, p_max_load_brute_force, pruning_bound,
                                     union_step_terms)
from theorems.tix.graphs import (LayeredNetwork, count_minimal_tickets_by_layers, is_minimal_ticket, is_ticket,
                                 minimal_tickets, minimal_tickets_by_brute_force)
from theorems.tix.path_products import path_products
from theorems.tix.pruning import reference_trial, simulate_pruning


@given(w=st.integers(1, 4), d=st.integers(1, 5))
def test_path_count_dp_equals_enumeration_and_formula(w, d):
    net = LayeredNetwork.node_layers(w, d)
    assert net.count_paths() == len(net.enumerate_paths()) == w**d
    if d >= 2:
        assert LayeredNetwork.weight_layers(w, d).count_paths() == w ** (d - 1)


@given(sources=st.integers(1, 2), w=st.integers(1, 3), d=st.integers(1, 3))
def test_minimal_tickets_are_minimal_tickets(sources, w, d):
    net = LayeredNetwork.node_layers(w, d, sources=sources)
    tickets = minimal_tickets(net)
    assert tickets and all(is_ticket(t, sources) and is_minimal_ticket(t, sources) for t in tickets)
    if sources == 1:  # a single source: minimal tickets are exactly the paths
        assert len(tickets) == net.count_paths()
    assert is_ticket(net.edges, sources) and (net.edges in tickets) == (w == 1)


def test_network_rejects_bad_shapes():
    with pytest.raises(ValueError, match="d=1"):
        LayeredNetwork.weight_layers(2, 1)
    with pytest.raises(ValueError):
        LayeredNetwork(0, (2,))


@given(w=st.integers(1, 3), n_layers=st.integers(2, 5), seed=st.integers(0, 2**16))
def test_vectorised_pruning_replays_reference(w, n_layers, seed):
    trials, steps = 6, 3 * w * w * (n_layers - 1)
    run = simulate_pruning(w, n_layers, trials, steps, np.random.default_rng(seed))
    replay = np.random.default_rng(seed)
    uniforms = np.stack([replay.random((2, trials)) for _ in range(steps)])
    for t in range(trials):
        expected = reference_trial(w, n_layers, uniforms[:, :, t])
        assert (int(run.disconnect_step[t]), bool(run.full_layer_at_disconnect[t])) == expected


@given(w=st.integers(1, 4), n_layers=st.integers(2, 8), seed=st.integers(0, 2**16))
def test_pruning_always_disconnects_once_every_edge_could_be_gone(w, n_layers, seed):
    steps = w * w * (n_layers - 1)  # after this many deletions no prunable edge is left
    run = simulate_pruning(w, n_layers, 5, steps, np.random.default_rng(seed))
    assert np.all((run.disconnect_step >= 1) & (run.disconnect_step <= steps))
    assert np.all(run.disconnect_step >= w)  # the first layer needs >= w deletions to empty


@given(k=st.integers(0, 7), bins=st.integers(1, 4), m=st.integers(1, 5))
def test_exact_max_load_matches_enumeration(k, bins, m):
    assert math.isclose(p_max_load_at_least(k, bins, m), p_max_load_brute_force(k, bins, m), abs_tol=1e-12)


@given(bins=st.integers(2, 300), m=st.integers(2, 9))
def test_max_load_probability_increases_with_k(bins, m):
    probs = [p_max_load_at_least(k, bins, m) for k in range(0, 4 * bins, max(1, bins // 5))]
    assert all(b >= a - 1e-12 for a, b in zip(probs, probs[1:]))


def test_max_load_matches_monte_carlo():
    rng = np.random.default_rng(0)
    k, bins, m = 203, 999, 4
    loads = rng.multinomial(k, [1 / bins] * bins, size=40000).max(axis=1) >= m
    se = math.sqrt(loads.mean() * (1 - loads.mean()) / loads.size)
    assert abs(loads.mean() - p_max_load_at_least(k, bins, m)) < 4 * se


@given(w=st.integers(1, 6), bins=st.integers(1, 5000), c=st.floats(1.01, 1e6))
def test_bound_is_positive_and_k_below_it(w, bins, c):
    b = pruning_bound(w, bins, c)
    assert 0 < b < bins * w * w and largest_k_below(b) < b <= largest_k_below(b) + 1


def test_bound_rejects_bad_input():
    with pytest.raises(ValueError, match="c=0"):
        pruning_bound(2, 3, 0)


@given(alpha=st.floats(0.05, 5), d=st.integers(1, 6))
def test_product_cdf_is_a_cdf(alpha, d):
    y = np.linspace(0, 1, 200)
    cdf = pt.abs_cdf(y, alpha, d)
    assert cdf[0] == 0 and math.isclose(cdf[-1], 1) and np.all(np.diff(cdf) >= -1e-15)


@pytest.mark.parametrize(("alpha", "d"), [(1.0, 2), (0.5, 3), (2.0, 4)])
def test_product_cdf_matches_sampling(alpha, d):
    from scipy.stats import kstest

    sample = pt.sample_products(alpha, d, 50000, np.random.default_rng(1))
    result = kstest(sample, lambda v: 0.5 + np.sign(v) * pt.abs_cdf(np.abs(v), alpha, d) / 2)
    assert result.pvalue > 1e-3
    kurtosis = pt.kurtosis_of_product(alpha, d)
    if kurtosis < 10:  # heavier tails make the sample fourth moment too noisy to compare
        assert math.isclose(np.mean(sample**4) / np.mean(sample**2) ** 2, kurtosis, rel_tol=0.05)


@given(alpha=st.floats(0.05, 0.99), d=st.integers(1, 6))
def test_every_alpha_below_one_is_bimodal(alpha, d):
    assert pt.is_bimodal(alpha, d)


@given(alpha=st.floats(1.0, 10.0), d=st.integers(1, 6))
def test_alpha_at_least_one_is_unimodal(alpha, d):
    assert not pt.is_bimodal(alpha, d)


@given(w=st.integers(1, 3), d=st.integers(2, 4), seed=st.integers(0, 2**16))
def test_path_products_equal_explicit_products(w, d, seed):
    trials, alpha = 3, 0.7
    prods = path_products(w, d, trials, alpha, np.random.default_rng(seed))
    rng = np.random.default_rng(seed)  # replay the same draws: first layer, d-2 middle layers, last layer

    def draw(*shape):
        u = rng.uniform(-1, 1, size=(trials, *shape))
        return np.sign(u) * np.abs(u) ** alpha

    first = draw(w)
    middle = [draw(w, w) for _ in range(d - 2)]
    last = draw(w)
    for index, nodes in enumerate(itertools.product(range(w), repeat=d - 1)):
        explicit = first[:, nodes[0]] * last[:, nodes[-1]]
        for layer, matrix in enumerate(middle):
            explicit = explicit * matrix[:, nodes[layer], nodes[layer + 1]]
        np.testing.assert_allclose(prods[:, index], explicit, rtol=1e-12)


@given(beta=st.floats(-1, 1), eps=st.floats(1e-4, 0.5), d=st.integers(1, 5))
def test_interval_probability_is_a_probability(beta, eps, d):
    p = pt.interval_probability(beta, eps, 1.0, d)
    assert 0 <= p <= 1
    if d == 1:  # uniform weights: the length of [beta-eps, beta+eps] inside [-1, 1], over 2
        assert math.isclose(p, (min(1, beta + eps) - max(-1, beta - eps)) / 2, abs_tol=1e-9)


@given(w=st.integers(2, 3), d=st.integers(3, 12), extra=st.integers(1, 20))
def test_union_over_d_minus_1_bins_equals_the_stated_right_side(w, d, extra):
    lhs, rhs = union_step_terms(w * w + extra, w, d, d - 1, w * w - 1)
    assert math.isclose(lhs, rhs, rel_tol=1e-12)
    printed, _ = union_step_terms(w * w + extra, w, d, d, w * w - 1)
    assert math.isclose(printed / rhs, d / (d - 1), rel_tol=1e-12)


@pytest.mark.parametrize(("alpha", "d"), [(1.0, 2), (1.0, 4), (0.5, 3)])
def test_closest_normal_is_no_farther_than_the_variance_matched_one(alpha, d):
    assert pt.ks_to_best_normal(alpha, d) <= pt.ks_to_normal(alpha, d) + 1e-9


# --------------------------------------------------------------------------- second reading: flows, ReLU paths, dependencies

import sympy as sp

from theorems.tix.asymptotics import growth_degree, reciprocal_degree
from theorems.tix.dependencies import edge_sharing_count, node_sharing_count, shared_partners
from theorems.tix.flows import INFINITE, all_subgraphs, edge_order, max_flow_value, tickets_by_paths
from theorems.tix.graphs import reaches_sink
from theorems.tix.relu_paths import draw_layers, isolated_path_outputs, passing_fraction, sign_patterns

_shapes = st.tuples(st.integers(1, 3), st.lists(st.integers(1, 3), min_size=1, max_size=3).map(tuple))


@given(shape=_shapes, seed=st.integers(0, 2**16))
def test_max_flow_counts_the_sources_that_reach_the_sink(shape, seed):
    sources, widths = shape
    net = LayeredNetwork(sources, widths)
    kept = np.random.default_rng(seed).random(len(edge_order(net))) < 0.6
    edges = frozenset(e for e, keep in zip(edge_order(net), kept) if keep)
    reaching = sum(reaches_sink(edges, ("s", i)) for i in range(sources))
    assert max_flow_value(net, kept) == reaching
    assert bool(tickets_by_paths(net, kept)[0]) == is_ticket(edges, sources) == (reaching == sources)
    unit = max_flow_value(net, kept, inner_capacity=1)  # edge-disjoint paths: never more than the uncapped flow
    assert unit <= reaching and (unit >= 1) == (reaching >= 1)


def test_uncapped_flow_is_bounded_only_by_the_network():
    net = LayeredNetwork(2, (1,))
    everything = np.ones(len(edge_order(net)), dtype=bool)
    assert max_flow_value(net, everything) == 2
    assert max_flow_value(net, everything, inner_capacity=1) == 1  # both sources share the one edge into t
    assert max_flow_value(net, everything, dummy_capacity=math.inf) == INFINITE
    assert all_subgraphs(net).shape == (2 ** len(edge_order(net)), len(edge_order(net)))


@given(w=st.integers(1, 3), d=st.integers(2, 4), x=st.sampled_from([1.0, -1.0, 0.7]), seed=st.integers(0, 2**16))
def test_isolated_paths_match_explicit_relu_passes(w, d, x, seed):
    alpha, trials = 0.8, 3
    layers = draw_layers(w, d, trials, alpha, np.random.default_rng(seed))
    np.testing.assert_allclose(isolated_path_outputs(layers, x, relu=False),
                               x * path_products(w, d, trials, alpha, np.random.default_rng(seed)), rtol=1e-12)
    first, middle, last = layers
    out = isolated_path_outputs(layers, x)
    for index, nodes in enumerate(itertools.product(range(w), repeat=d - 1)):
        h = np.maximum(first[:, nodes[0]] * x, 0)
        for layer, matrix in enumerate(middle):
            h = np.maximum(h * matrix[:, nodes[layer], nodes[layer + 1]], 0)
        np.testing.assert_allclose(out[:, index], h * last[:, nodes[-1]], rtol=1e-12)


@given(d=st.integers(2, 9), x_sign=st.sampled_from([1, -1]))
def test_passing_fraction_matches_a_loop_over_sign_patterns(d, x_sign):
    def carries(signs):
        h = float(x_sign)
        for s in signs[:-1]:
            h = max(s * h, 0.0)
        return h * signs[-1] != 0

    patterns = sign_patterns(d)
    assert len({tuple(p) for p in patterns}) == 2**d
    assert passing_fraction(d, x_sign) == sum(carries(p) for p in patterns) / 2**d


@given(w=st.integers(1, 4), n=st.integers(1, 4), data=st.data())
def test_dependency_counts_match_enumeration_for_every_path(w, n, data):
    net = LayeredNetwork(1, (w,) * n)
    index = data.draw(st.integers(0, w**n - 1))
    assert shared_partners(net, index) == {"edge": edge_sharing_count(w, n), "node": node_sharing_count(w, n)}
    symbol = sp.Symbol("w", positive=True)
    assert edge_sharing_count(symbol, n).subs(symbol, w) == edge_sharing_count(w, n)
    assert edge_sharing_count(w, n) <= node_sharing_count(w, n)


@given(a=st.fractions(-3, 5, max_denominator=6), b=st.integers(-2, 3), c=st.integers(1, 50))
def test_growth_degree_of_a_monomial_times_logs(a, b, c):
    v = sp.Symbol("v", positive=True)
    expr = c * v ** sp.Rational(a) * sp.log(2 * v) ** b
    assert growth_degree(expr, v) == sp.Rational(a)
    assert reciprocal_degree(c * v ** -sp.Rational(a), v) == sp.Rational(a)


@given(sources=st.integers(1, 3), widths=st.lists(st.integers(1, 3), min_size=1, max_size=3))
def test_minimal_tickets_counted_layer_by_layer_match_the_enumeration(sources, widths):
    """The layer-by-layer count (no subgraph listed) equals the number of distinct edge-minimal unions of
    one-path-per-source choices, and both equal the brute force over edge subsets where that is small."""
    net = LayeredNetwork(sources, tuple(widths))
    listed = len(minimal_tickets(net))
    assert count_minimal_tickets_by_layers(sources, tuple(widths)) == listed
    if len(net.edges) <= 12:
        assert minimal_tickets_by_brute_force(net) == listed

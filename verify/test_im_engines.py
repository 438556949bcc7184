"""Engines of the im.* checks: the two descriptions of IMC's spectral cut (§3.1 'largest k',
§3.3 'first k from the top') and the Lyapunov-Perron inertial manifold."""
import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from theorems.im.manifold import SemilinearSystem, lyapunov_perron
from theorems.im.spectral_cut import (
    admissible_cuts,
    cut_largest,
    cut_scanning_from_top,
    kept_dimension,
)

spectra = st.lists(st.floats(-10, 10, allow_nan=False), min_size=2, max_size=30)


@given(eigs=spectra, k_lip=st.floats(0, 2))
def test_both_readings_pick_the_same_cut(eigs, k_lip):
    assert cut_largest(np.array(eigs), k_lip) == cut_scanning_from_top(np.array(eigs), k_lip)


@given(eigs=spectra, k_lip=st.floats(0, 2))
def test_a_cut_is_admissible_and_leaves_a_nonempty_top_space(eigs, k_lip):
    lam = np.sort(eigs)
    k = cut_largest(lam, k_lip)
    if k is None:
        assert len(admissible_cuts(lam, k_lip)) == 0 and kept_dimension(lam, k) == len(lam)
    else:
        assert lam[k] - lam[k - 1] > 4 * k_lip and 1 <= kept_dimension(lam, k) <= len(lam) - 1


def test_lyapunov_perron_graph_is_zero_without_nonlinearity_and_invariant_with_one():
    linear = SemilinearSystem.build(np.array([-20.0, -15.0, -1.0, 0.0]), 2, 0.0, seed=1)
    assert np.all(lyapunov_perron(linear, np.array([0.5, -0.3])).h == 0)
    system = SemilinearSystem.build(np.array([-20.0, -15.0, -1.0, 0.0]), 2, 0.1 * 14, seed=1)
    p = np.array([0.5, -0.3])
    point = lyapunov_perron(system, p, horizon=20.0, dt=0.005)
    assert point.converged
    u = system.flow(np.concatenate([point.h, p]), np.array([0.0, 0.7]))[-1]
    assert np.linalg.norm(u[:2] - lyapunov_perron(system, u[2:], horizon=20.0, dt=0.005).h) < 1e-6


def test_batched_subspace_training_matches_one_run_at_a_time():
    """train_in_subspaces (one batched program, written-out loss) gives every run the final loss that
    train_in_subspace (torch.func on the module, one run at a time) gives it, for both activations and
    subspaces of two dimensions, including the full space."""
    from theorems.im.tasks import teacher_student, train_in_subspace, train_in_subspaces

    rng = np.random.default_rng(3)
    for activation in ("tanh", "relu"):
        task = teacher_student(activation, 5)
        d = task.w0.numel()
        bases = [np.linalg.qr(rng.standard_normal((d, m)))[0] for m in (7, 7, 20)] + [np.eye(d)]
        batched = train_in_subspaces(task, task.w0, bases, 40, 0.1)
        one_by_one = [train_in_subspace(task.loss, task.w0, b, 40, 0.1) for b in bases]
        np.testing.assert_allclose(batched, one_by_one, rtol=1e-12)

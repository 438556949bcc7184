"""The ``im.*`` claims of inertial-manifold-lth-paper.md.  Registered: the Lyapunov identity,
the Euler picture, the attractor hypotheses, Theorem 5 on constructed systems, training in
W+, the linearisation, the Lipschitz estimate, the spectral cut and whether W+ is a mask
(``claims``), and the §4 comparison with the pruning baselines (``comparison_claims``)."""

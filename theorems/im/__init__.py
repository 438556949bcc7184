"""The ``im.*`` claims of inertial-manifold-lth-paper.md.  Registered: the Lyapunov identity,
the Euler picture, the attractor hypotheses, Theorem 5 on constructed systems, training in
W+, the linearisation, the Lipschitz estimate, the spectral cut and whether W+ is a mask.
Still to come (issue 5, listed as pending in verify/test_catalogue.py): im.imc-vs-baselines."""

"""Torch side of the suite, in two subsystems that share only the on-disk plumbing here
(atomic writes, config-hashed stores, progress bars, tie-free ranking):

* :mod:`empirical.hnn`: Hamiltonian networks and the IMP engine (``imp.*``, ``hnn.*``);
* :mod:`empirical.imc`: the inertial-manifold pruning comparison (``im.*``)."""

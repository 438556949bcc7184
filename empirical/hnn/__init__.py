"""Hamiltonian trial-solution networks and the batched IMP engine behind the ``imp.*`` and
``hnn.*`` claims (thesis §8-9): systems, network, training, pruning, IMP, mask transfer and
controls, the error-vs-density analysis and the named experiment stages."""

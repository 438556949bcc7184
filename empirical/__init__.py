"""Torch side of the suite: Hamiltonian trial-solution networks, a batched IMP engine,
training, mask transfer and the experiments behind the ``imp.*`` and ``hnn.*`` claims."""

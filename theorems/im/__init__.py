"""The ``im.*`` claims of inertial-manifold-lth-paper.md (work in progress: the engines
live here and in ``empirical/``; the family registers once every catalogue ID has a check)."""

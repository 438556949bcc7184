"""The ``imp.*`` and ``hnn.*`` claims of imp-renormalisation-group-thesis.md (§2, §5-9)."""

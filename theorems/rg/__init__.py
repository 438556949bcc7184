"""Renormalisation-group background (imp-renormalisation-group-thesis.md §4, prefix ``rg.``)."""

"""Growth degrees of width bounds (tickets-random-pruning-report.md abstract, §1.1, §4, §7.6).

The degree of a positive expression f in a variable v is lim_{v→∞} log f / log v: a polynomial
of degree a times powers of logarithms has degree a, so 'f = O(v^a) up to logs' means degree <= a
and 'polylogarithmic in v' means degree 0.
"""
from __future__ import annotations

import sympy as sp


def growth_degree(expr: sp.Expr, var: sp.Symbol) -> sp.Expr:
    """lim_{var→∞} log(expr)/log(var), by sympy (``var`` must be declared positive)."""
    log_expr = sp.expand_log(sp.log(expr), force=True)
    return sp.simplify(sp.limit(log_expr / sp.log(var), var, sp.oo))


def reciprocal_degree(expr: sp.Expr, var: sp.Symbol) -> sp.Expr:
    """The degree of ``expr`` in 1/var as var → 0 (e.g. a width's growth in 1/ε)."""
    u = sp.Dummy("u", positive=True)
    return growth_degree(expr.subs(var, 1 / u), u)

"""theorems.mathtext: the inline math convention of result records, readable numbers and mappings,
and the readability check the runner applies to every record."""
import math as pymath

import pytest
import sympy as sp
from hypothesis import given
from hypothesis import strategies as st

from theorems.mathtext import (MATH_CLOSE, MATH_OPEN, math, num, pairs, parse, plain, rounded, segments, show,
                               text_problems)
from theorems.verdict import Status, to_jsonable

gamma, d, d_C, lambda3, s3, w, delta, p, L, N_t, c = sp.symbols("gamma d d_C lambda3 s3 w delta p L N_t c")


def same(a, b) -> bool:
    """Structural or symbolic equality of two sympy objects (relationals side by side)."""
    if isinstance(a, sp.core.relational.Relational) or isinstance(b, sp.core.relational.Relational):
        return type(a) is type(b) and same(a.lhs, b.lhs) and same(a.rhs, b.rhs)
    return a == b or sp.simplify(a - b) == 0


# --------------------------------------------------------------------------- num

@pytest.mark.parametrize(("x", "text"), [
    (0.7200000000000001, "0.72"), (0.02830188679245283, "0.0283"), (5.556, "5.56"), (1e-12, "1e-12"),
    (12345.6, "12346"), (2.0, "2"), (3e7, "3e+07"), (0.00012, "0.00012"), (-0.0, "0"), (0, "0"),
    (7, "7"), (123456789, "123456789"), (True, "true"), (False, "false"),
    (float("nan"), "nan"), (float("inf"), "inf"), (float("-inf"), "-inf"), (sp.Integer(5), "5"),
])
def test_num_writes_numbers_at_their_significance(x, text):
    assert num(x) == text


def test_num_takes_the_significance_asked_and_numpy_scalars():
    import numpy as np

    assert num(0.02830188679245283, 2) == "0.028"
    assert num(np.float64(0.7200000000000001)) == "0.72"
    assert num(np.int64(12)) == "12"
    with pytest.raises(TypeError):
        num("0.5")


@given(st.floats(allow_nan=False, allow_infinity=False, min_value=-1e300, max_value=1e300))
def test_num_round_trips_at_twelve_digits(x):
    assert pymath.isclose(float(num(x, 12)), x, rel_tol=1e-11, abs_tol=0.0)


@given(st.floats(allow_nan=False, allow_infinity=False, width=64))
def test_num_never_writes_float_noise(x):
    assert text_problems(num(x)) == []


# --------------------------------------------------------------------------- math and parse

EXPRESSIONS = [
    gamma * (-d + d_C) ** (-gamma - 1),
    lambda3 * s3**2 / 2,
    w >= (sp.log(2 / delta) / p) ** (1 / (d - 1)),
    2 * L ** sp.Rational(6, 7) * N_t * c,
    sp.oo,
    sp.sqrt(sp.pi) * sp.exp(-sp.Symbol("b") ** 2 / (4 * sp.Symbol("a"))) / sp.sqrt(sp.Symbol("a")),
    sp.Function("f")(sp.Symbol("x")) + sp.Abs(d) + sp.floor(d) + sp.Max(d, 1),
    sp.Symbol("E") + sp.Symbol("I") * sp.Symbol("S") - sp.Symbol("N") / sp.Symbol("Q") + sp.Symbol("beta"),
    sp.Symbol("lambda") + 1,
    sp.Tuple(sp.Integer(0), d**2),
]


@pytest.mark.parametrize("expr", EXPRESSIONS, ids=[sp.sstr(e) for e in EXPRESSIONS])
def test_parse_reads_back_what_math_writes(expr):
    text = math(expr)
    assert text.startswith(MATH_OPEN) and text.endswith(MATH_CLOSE)
    assert text == MATH_OPEN + sp.sstr(expr) + MATH_CLOSE
    assert same(parse(text[len(MATH_OPEN):-len(MATH_CLOSE)]), expr)


def test_parse_keeps_bare_names_symbols_and_applied_names_functions():
    assert parse("gamma") == sp.Symbol("gamma")
    assert parse("E") == sp.Symbol("E") and parse("I") == sp.Symbol("I") and parse("S") == sp.Symbol("S")
    assert parse("N + Q + beta + lambda3").free_symbols == set(sp.symbols("N Q beta lambda3"))
    assert same(parse("exp(x) + log(x)"), sp.exp(sp.Symbol("x")) + sp.log(sp.Symbol("x")))
    assert same(parse("gamma(x)"), sp.gamma(sp.Symbol("x")))
    assert isinstance(parse("g(x)"), sp.core.function.AppliedUndef)
    assert parse("oo") == sp.oo and parse("pi") == sp.pi


def test_math_writes_a_matrix_on_one_line():
    text = math(sp.Matrix([d, d**2]))
    assert "\n" not in text and same(parse(text[2:-2]), sp.Matrix([d, d**2]))


@pytest.mark.parametrize("source", ["x +", "", "(x", "x ** ", "1/", "x\ny"])
def test_parse_rejects_what_is_not_an_expression_naming_it(source):
    with pytest.raises(ValueError, match="math"):
        parse(source)


def test_math_refuses_a_string():
    with pytest.raises(TypeError):
        math("x**2")


# --------------------------------------------------------------------------- segments and plain

def test_segments_split_text_and_math():
    text = r"de/dd = \(gamma*d**2\) > 0, e.g. \(1/2\)"
    assert segments(text) == [(False, "de/dd = "), (True, "gamma*d**2"), (False, " > 0, e.g. "), (True, "1/2")]
    assert plain(text) == "de/dd = gamma*d**2 > 0, e.g. 1/2"
    assert segments("no math") == [(False, "no math")]
    assert segments("") == []


@pytest.mark.parametrize("text", [r"a \(x", r"a \) x", r"\(a \(b\) c\)"])
def test_segments_reject_unbalanced_delimiters(text):
    with pytest.raises(ValueError):
        segments(text)


# --------------------------------------------------------------------------- pairs, show, rounded

def test_pairs_writes_a_mapping_readably():
    assert pairs({"tanh": 0.08823, "relu": 0.22664}) == "tanh: 0.0882, relu: 0.227"
    assert pairs({"B=1e-07": ["tanh", "relu"], "x": (0.952, "fails")}) == "B=1e-07: tanh/relu, x: 0.952/fails"
    assert pairs({"a": {"b": 1, "c": None}, "s": Status.VERIFIED}) == "a: (b: 1, c: none), s: verified"
    assert pairs({"digits, sparsity 0.47": "fails", "b": "open"}) == "digits, sparsity 0.47: fails; b: open"
    assert pairs({0.7200000000000001: 1}) == "0.72: 1"
    assert text_problems(pairs({"e(d=0.72)": 5.556, "sym": gamma**2})) == []


def test_show_writes_exact_values_as_math_and_floats_as_numbers():
    assert show(sp.Rational(1, 3)) == r"\(1/3\)"
    assert show(sp.Integer(2)) == "2"
    assert show(sp.Float(0.5)) == "0.5"
    assert show(gamma**2) == r"\(gamma**2\)"
    assert show(sp.true) == "true"


def test_rounded_removes_float_noise_and_keeps_the_rest():
    value = {"x": 0.11000000000000001, "ys": [1.0000000000000004, 2], 0.7200000000000001: "k", "s": "t"}
    out = rounded(value)
    assert out == {"x": 0.11, "ys": [1.0, 2], "0.72": "k", "s": "t"}
    assert text_problems(out) == []
    assert rounded(0.9976857599999998, 12) == 0.99768576


# --------------------------------------------------------------------------- text_problems

@pytest.mark.parametrize(("value", "needle"), [
    ("H = p**2/2", "'**' outside"),
    ("ratios {'tanh': 0.0882}", "repr"),
    ("per reading ['a', 'b']", "repr"),
    ("summary (0.952, 'fails')", "repr"),
    ("widths (16,)", "repr"),
    ("np.float64(0.5)", "repr"),
    ("e(d=0.7200000000000001)", "float noise"),
    ("4194304.000000033", "float noise"),
    (r"open \(x", "unbalanced"),
    (r"close x\)", "unbalanced"),
    (r"bad \(x +\)", "cannot parse"),
    (0.7099999999999999, "float noise"),
    ({"e(d=0.7200000000000001)": 5.5}, "key"),
    ({"a": [{"b": "x**2"}]}, "'**' outside"),
])
def test_text_problems_flags_each_defect(value, needle):
    problems = text_problems(value)
    assert problems and any(needle in problem for problem in problems), problems


@pytest.mark.parametrize("value", [
    r"de/dd = \(gamma*(-d + d_C)**(-gamma - 1)\) > 0 on the window",
    "tanh: 0.0882, relu: 0.227",
    "the paragraph ('as printed') says x^2",
    "lines 'a', 'b' and 'c'",
    {"measured": [0.5, 1e-12, 2.7755575615628914e-17, 0.9999999920906925, 0.999999999969], "n": 3, "ok": True,
     "none": None},
    "",
])
def test_text_problems_passes_clean_text(value):
    assert text_problems(value) == []


# --------------------------------------------------------------------------- to_jsonable

def test_to_jsonable_writes_sympy_as_delimited_math():
    expr = gamma * (-d + d_C) ** (-gamma - 1)
    assert to_jsonable(expr) == r"\(gamma*(-d + d_C)**(-gamma - 1)\)"
    assert to_jsonable({"de/dd": expr, "n": sp.Integer(3)}) == {"de/dd": math(expr), "n": r"\(3\)"}
    assert to_jsonable([sp.oo, w >= d]) == [r"\(oo\)", r"\(w >= d\)"]
    assert to_jsonable(sp.true) is True
    assert to_jsonable(sp.Matrix([0, d])) == r"\(Matrix([[0], [d]])\)"
    assert text_problems(to_jsonable({"x": expr, "y": [lambda3 * s3**2 / 2]})) == []

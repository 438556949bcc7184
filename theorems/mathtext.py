"""Readable text in result records: one math notation, numbers at their significance, no Python reprs.

Every text a reader sees in a record (a finding, a decision detail, a note, a string inside
``claimed``/``measured``/``counterexample``) follows one convention:

* A math expression is written in sympy's own ``str`` syntax between the two-character
  delimiters :data:`MATH_OPEN` (backslash, open paren) and :data:`MATH_CLOSE` (backslash,
  close paren); :func:`math` writes one, :func:`parse` reads one back, and a report can
  render it (:func:`segments` splits a text; :func:`plain` drops the delimiters for a terminal).
  Outside the delimiters there is no ``**``: a hand-written power is ``^``.
* A number is written at its significance (:func:`num`), never as float noise such as
  ``0.7200000000000001``; a mapping is written as ``key: value, key: value`` (:func:`pairs`),
  never as a Python ``dict`` repr.

:func:`text_problems` finds what breaks the convention in any JSON value; the runner applies
it to every record (``theorems.runner.record_problems``).
"""
from __future__ import annotations

import math as _math
import numbers
import re
import tokenize
from enum import Enum
from typing import Any, Mapping

import sympy
from sympy.parsing.sympy_parser import parse_expr, standard_transformations

__all__ = ["MATH_OPEN", "MATH_CLOSE", "math", "parse", "segments", "plain", "num", "pairs", "show",
           "rounded", "text_problems"]

#: Opens an inline math segment: a backslash and an open parenthesis.
MATH_OPEN = "\\("
#: Closes an inline math segment: a backslash and a close parenthesis.
MATH_CLOSE = "\\)"

#: Bare names that keep sympy's meaning in :func:`parse` (every other bare name is a plain Symbol).
_KEPT_NAMES = {"oo": sympy.oo, "pi": sympy.pi}
#: Python's constants, which the tokenizer reports as names.
_PY_CONSTANTS = {"True", "False", "None"}


def math(expr: Any) -> str:
    """``expr`` (a sympy expression, relational, tuple or matrix, or a plain number) as an inline math
    segment: ``\\(`` + ``sympy.sstr(expr)`` + ``\\)`` (a matrix on one line, ``Matrix([[a], [b]])``).
    A string is refused: it is not known to be math."""
    if isinstance(expr, str):
        raise TypeError(f"math() takes a sympy expression, not the string {expr!r}")
    if isinstance(expr, sympy.MatrixBase):  # sstr writes a matrix over several lines
        return MATH_OPEN + f"Matrix({sympy.sstr(expr.tolist())})" + MATH_CLOSE
    if not isinstance(expr, sympy.Basic):
        expr = sympy.sympify(expr, strict=True)
    return MATH_OPEN + sympy.sstr(expr) + MATH_CLOSE


def _bare_names_are_symbols(tokens: list, local_dict: dict, global_dict: dict) -> list:
    """A parse_expr transformation: every bare name (not applied, not an attribute or the object of
    one, not a keyword argument, not ``oo``/``pi``/a Python constant) becomes ``Symbol('name')``, so
    sympy's ``gamma``, ``E``, ``S``, ``I``, ``N``, ``Q``, ``beta`` … and Python keywords such as
    ``lambda`` stay symbols.  It runs before sympy's own transformations."""
    out: list = []
    for i, (kind, value) in enumerate(tokens):
        if kind != tokenize.NAME or value in _KEPT_NAMES or value in _PY_CONSTANTS:
            out.append((kind, value))
            continue
        nxt = tokens[i + 1][1] if i + 1 < len(tokens) else None
        prev = tokens[i - 1][1] if i > 0 else None
        if nxt in ("(", "=", ".") or prev == ".":
            out.append((kind, value))
            continue
        out.extend([(tokenize.NAME, "Symbol"), (tokenize.OP, "("), (tokenize.STRING, repr(value)),
                    (tokenize.OP, ")")])
    return out


def parse(source: str) -> sympy.Basic | sympy.MatrixBase:
    """A math segment's sympy-``str`` source read back as a sympy object (unevaluated).

    Every bare identifier is a plain Symbol (``gamma``, ``lambda3``, ``beta``, ``E``, ``S``, ``N``,
    ``I``, ``Q`` …) except ``oo`` and ``pi``; a name immediately followed by ``(`` keeps sympy's
    meaning (``exp``, ``log``, ``sqrt``, ``Abs``, ``floor``, ``Min``, ``Max`` …), and an applied
    name sympy does not know becomes an undefined Function.  Relationals (``w >= x``) parse.
    Raises ValueError naming ``source`` when it is not such an expression."""
    if not isinstance(source, str) or not source.strip():
        raise ValueError(f"not a math expression: {source!r}")
    if "\n" in source.strip():
        raise ValueError(f"a math segment is one line: {source!r}")
    try:
        result = parse_expr(source.strip(), local_dict=dict(_KEPT_NAMES),
                            transformations=(_bare_names_are_symbols,) + standard_transformations,
                            evaluate=False)
    except Exception as exc:  # noqa: BLE001 - SyntaxError, TokenError, TypeError, SympifyError ...: all mean "not math"
        raise ValueError(f"cannot parse the math segment {source!r}: {type(exc).__name__}: {exc}") from exc
    if isinstance(result, (tuple, list)):  # sstr writes a sympy Tuple as (a, b)
        result = sympy.Tuple(*result)
    if not isinstance(result, (sympy.Basic, sympy.MatrixBase)):
        raise ValueError(f"the math segment {source!r} is not a sympy expression (got {type(result).__name__})")
    return result


def segments(text: str) -> list[tuple[bool, str]]:
    """``text`` split into ``(is_math, piece)`` pairs in order, delimiters removed; an empty plain
    piece is left out.  Raises ValueError on an unbalanced or nested delimiter."""
    out: list[tuple[bool, str]] = []
    pos = 0
    while True:
        start = text.find(MATH_OPEN, pos)
        stray = text.find(MATH_CLOSE, pos)
        if stray != -1 and (start == -1 or stray < start):
            raise ValueError(f"a math delimiter closes without opening: {_snippet(text, stray)!r}")
        if start == -1:
            if pos < len(text):
                out.append((False, text[pos:]))
            return out
        if start > pos:
            out.append((False, text[pos:start]))
        end = text.find(MATH_CLOSE, start + len(MATH_OPEN))
        if end == -1:
            raise ValueError(f"a math delimiter opens without closing: {_snippet(text, start)!r}")
        inner = text[start + len(MATH_OPEN):end]
        if MATH_OPEN in inner:
            raise ValueError(f"a math segment opens inside another: {_snippet(text, start)!r}")
        out.append((True, inner))
        pos = end + len(MATH_CLOSE)


def plain(text: str) -> str:
    """``text`` with the math delimiters removed (for a terminal); the sympy syntax inside stays."""
    return "".join(piece for _, piece in segments(text))


def num(x: Any, sig: int = 3) -> str:
    """A number at ``sig`` significant digits, without float noise.

    Rules: a bool is ``true``/``false``; an int (Python, numpy or sympy Integer) is written in
    full; nan and infinities are ``nan``, ``inf``, ``-inf``; any other real is written as Python's
    ``format(x, f".{sig}g")`` (trailing zeros dropped, e-notation below 1e-4), except that a
    magnitude from ``10**sig`` up to below 1e6 is written as the rounded integer rather than in
    e-notation (``12345.6`` → ``12346``); ``-0`` is ``0``.  Examples at ``sig=3``:
    ``0.7200000000000001`` → ``0.72``, ``0.02830188679245283`` → ``0.0283``, ``5.556`` → ``5.56``,
    ``1e-12`` → ``1e-12``, ``2.0`` → ``2``, ``3e7`` → ``3e+07``."""
    if sig < 1:
        raise ValueError(f"sig must be at least 1, got {sig}")
    if isinstance(x, bool) or (hasattr(x, "dtype") and getattr(x, "dtype", None) == bool):
        return "true" if bool(x) else "false"
    if isinstance(x, sympy.Basic):
        if x.is_Integer:
            return str(int(x))
        if not x.is_number:
            raise TypeError(f"num() takes a number, not the expression {x}")
        x = float(x)
    if isinstance(x, numbers.Integral):
        return str(int(x))
    if not isinstance(x, numbers.Real):
        raise TypeError(f"num() takes a real number, got {type(x).__name__}: {x!r}")
    value = float(x)
    if _math.isnan(value):
        return "nan"
    if _math.isinf(value):
        return "inf" if value > 0 else "-inf"
    if value == 0:
        return "0"
    if 10 ** sig <= abs(value) < 1e6:
        return str(int(round(value)))
    out = format(value, f".{sig}g")
    return "0" if out in ("-0", "0") else out


def show(value: Any, sig: int = 3) -> str:
    """Any record value as readable text: a number by :func:`num` (a sympy Integer or Float too), any
    other sympy object (an exact Rational, an expression) by :func:`math`,
    a mapping by :func:`pairs` (in parentheses), a list, tuple or array joined by ``/``, None as
    ``none``, an Enum by its value, a string as it is."""
    if isinstance(value, Enum):  # before str: Status and its kin are str Enums
        return str(value.value)
    if isinstance(value, str):
        return str(value)
    if value is None:
        return "none"
    if hasattr(value, "tolist") and not isinstance(value, sympy.Basic):  # a numpy scalar or array
        value = value.tolist()
    if isinstance(value, sympy.Basic):
        if value in (sympy.true, sympy.false):
            return num(bool(value))
        return num(value, sig) if (value.is_Integer or value.is_Float) else math(value)
    if isinstance(value, (bool, numbers.Number)):
        return num(value, sig)
    if isinstance(value, Mapping):
        return f"({pairs(value, sig)})"
    if isinstance(value, (list, tuple, set, frozenset)):
        return "/".join(show(v, sig) for v in value)
    return str(value)


def pairs(mapping: Mapping[Any, Any], sig: int = 3) -> str:
    """``mapping`` as ``key: value, key: value``: numbers by :func:`num`, lists and tuples joined by
    ``/``, strings as they are, a nested mapping in parentheses (see :func:`show`).  For example
    ``{'tanh': 0.08823, 'relu': 0.22664}`` → ``tanh: 0.0882, relu: 0.227``.  Where an item's own text
    holds a comma outside parentheses, items are separated by ``; `` instead, so the items stay apart."""
    items = [f"{show(k, sig)}: {show(v, sig)}" for k, v in mapping.items()]
    return ("; " if any(_has_bare_comma(item) for item in items) else ", ").join(items)


def _has_bare_comma(text: str) -> bool:
    """Whether ``text`` holds a comma outside parentheses and brackets (one a reader could take for a separator)."""
    depth = 0
    for ch in text:
        depth += ch in "([{"
        depth -= ch in ")]}"
        if ch == "," and depth <= 0:
            return True
    return False


def rounded(value: Any, sig: int = 6) -> Any:
    """``value`` with every float (in nested mappings, lists and tuples) rounded to ``sig`` significant
    digits, so its JSON carries no float noise (``0.11000000000000001`` → ``0.11``).  Keys that are
    floats become their :func:`num` text; other values are returned as they are."""
    if isinstance(value, bool):
        return value
    if isinstance(value, float) or (hasattr(value, "dtype") and getattr(value, "shape", None) == ()
                                    and hasattr(value, "item") and isinstance(value.item(), float)):
        f = float(value)
        if not _math.isfinite(f) or f == 0:
            return f
        return float(format(f, f".{sig}g"))
    if isinstance(value, Mapping):
        return {(num(k, sig) if isinstance(k, float) else k): rounded(v, sig) for k, v in value.items()}
    if isinstance(value, tuple):
        return tuple(rounded(v, sig) for v in value)
    if isinstance(value, list):
        return [rounded(v, sig) for v in value]
    return value


# A decimal whose fraction has a run of six or more zeros or nines before its last digit: float noise
# (0.7200000000000001, 0.9999999999999998) or a value written far past its significance (4194304.000000033).
_NOISE = re.compile(r"(?<![\d.])\d+\.\d*?(?:0{6,}|9{6,})\d+")
# A float (a JSON number) carries binary rounding noise when its shortest repr has the full 15-17
# significant digits of a double and ends in such a run and one or two digits (0.7099999999999999,
# 1.0000000000000009, 0.0050000000000000044).  A measured value at full precision (0.9999999920906925) is
# not flagged, since its digits are all the value has, nor is a value already rounded (0.999999999969).
_FLOAT_NOISE = re.compile(r"^-?\d+\.\d*?(?:0{6,}|9{6,})\d{1,2}(?:e[+-]?\d+)?$")


def _is_float_noise(value: float) -> bool:
    text = repr(value)
    mantissa = text.split("e")[0].replace("-", "").replace(".", "").lstrip("0")
    return len(mantissa) >= 15 and _FLOAT_NOISE.match(text) is not None
# A Python container repr inside a text: a dict or list opening on a quoted item, a tuple opening or
# closing on one, a quoted dict key after a comma, a numpy scalar or array repr.  (A parenthesised
# quotation in prose, "('as printed')", is not one.)
_Q = "[\'\"]"
_REPR = re.compile("|".join([
    r"\{" + _Q,                                   # {'key': ...
    r"\[" + _Q,                                   # ['a', ...
    r"\(" + _Q + r"[^'\"\n]*" + _Q + r",",         # ('a', ...
    r"[\d'\"], " + _Q + r"[^'\"\n]*" + _Q + r"[)\]]",  # 0.9, 'a') or 'b', 'a']
    r"[\d'\"\])], " + _Q + r"[^'\"\n]*" + _Q + r": ",  # ..., 'key': ...
    r"\b(?:np|numpy)\.\w+\(",                     # np.float64(0.5)
    r"\barray\(\[",                              # array([...])
    r"\(\w[^()\n]*,\)",                           # a 1-tuple: (16,)
]))


def _snippet(text: str, at: int, width: int = 30) -> str:
    return text[max(0, at - width): at + width]


def _string_problems(text: str) -> list[str]:
    problems: list[str] = []
    for m in _NOISE.finditer(text):
        problems.append(f"float noise {m.group(0)!r} (write it with num())")
    try:
        parts = segments(text)
    except ValueError as exc:
        return problems + [f"unbalanced math delimiters: {exc}"]
    for is_math, piece in parts:
        if is_math:
            try:
                parse(piece)
            except ValueError as exc:
                problems.append(str(exc))
            continue
        at = piece.find("**")
        if at != -1:
            problems.append(f"'**' outside a math segment: {_snippet(piece, at)!r} (pass the sympy object, "
                            f"use math(), or write '^')")
        for m in _REPR.finditer(piece):
            problems.append(f"a Python repr: {_snippet(piece, m.start())!r} (use pairs() or show())")
    return problems


def text_problems(value: Any) -> list[str]:
    """The readability defects of a record's text or of any nested JSON value (dict keys and values,
    lists): ``**`` outside math segments, a Python dict/tuple/list repr inside a string, float noise
    (in a string, a decimal with a run of six or more zeros or nines before its last digit; a float
    whose full-precision repr ends in such a run and one or two digits, i.e. binary rounding noise), unbalanced math
    delimiters, and math segments :func:`parse` rejects.  Each problem names the offending snippet;
    an empty list means the value reads as it should."""
    problems: list[str] = []
    if isinstance(value, str):
        problems.extend(_string_problems(value))
    elif isinstance(value, bool) or value is None:
        pass
    elif isinstance(value, float):
        if _math.isfinite(value):
            if _is_float_noise(value):
                problems.append(f"float noise {value!r} (round it, e.g. with rounded())")
    elif isinstance(value, Mapping):
        for k, v in value.items():
            problems.extend(f"key {k!r}: {p}" for p in text_problems(k))
            problems.extend(text_problems(v))
    elif isinstance(value, (list, tuple)):
        for v in value:
            problems.extend(text_problems(v))
    return problems


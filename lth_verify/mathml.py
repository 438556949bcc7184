"""Text of a result record as HTML: escaped, inline math as presentation MathML, hand-written powers as superscripts.

A record's text follows :mod:`theorems.mathtext`'s convention: a math expression is written in
sympy's ``str`` syntax between ``\\(`` and ``\\)``; outside them a power is written by hand with
``^`` (``x^{-γ}``, ``ℓ^(n y_t)``, ``F_width^2``).  :func:`render_text` turns such a text into HTML
a browser draws without any script or network: each math segment through sympy's own presentation
MathML printer (Greek names as Greek letters, ``d_C`` with its subscript), each ``^`` power as a
``<sup>``, everything else escaped.  A segment that does not parse is shown escaped in ``<code>``;
nothing here raises on bad text.
"""
from __future__ import annotations

import re
from functools import lru_cache
from html import escape
from typing import Any

from sympy import Symbol
from sympy.core.function import AppliedUndef
from sympy.printing.mathml import MathMLPresentationPrinter

from theorems.mathtext import num, parse, segments

__all__ = ["render_text", "math_html", "superscripts", "num"]

MATHML_NS = "http://www.w3.org/1998/Math/MathML"
#: Significant digits of a number a table or a formula shows.
SIG = 4


class _Printer(MathMLPresentationPrinter):
    """sympy's presentation printer, except that an undefined function keeps its name as written
    (sympy lower-cases it: ``L(a, b)`` would print as ``l(a, b)``) and gets Greek letters and
    subscripts like a Symbol (``phi_k(x)`` as φ with subscript k)."""

    def _print_Function(self, e):
        if not isinstance(e, AppliedUndef):
            return super()._print_Function(e)
        mrow = self.dom.createElement("mrow")
        mrow.appendChild(self._print(Symbol(e.func.__name__)))
        mrow.appendChild(self._paren_comma_separated(*e.args))
        return mrow


# Text between a MathML token element's tags: sympy writes '<' and '>' there unescaped.
_TOKEN = re.compile(r"<(mi|mo|mn|mtext)>(.*?)</\1>")
_BARE_AMP = re.compile(r"&(?!#?\w+;)")


def _token(match: re.Match) -> str:
    tag, text = match.group(1), match.group(2)
    text = _BARE_AMP.sub("&amp;", text).replace("<", "&lt;").replace(">", "&gt;")
    if tag == "mn" and re.fullmatch(r"-?\d+\.\d+", text):
        text = num(float(text), SIG)  # a number at its significance, never float noise
    if tag == "mi" and text == "&ExponentialE;":
        text = "e"
    return f"<{tag}>{text}</{tag}>"


@lru_cache(maxsize=4096)
def math_html(source: str) -> str:
    """One math segment's sympy-``str`` source as an inline ``<math>`` element; a segment that does
    not parse (or that sympy cannot print) as its source, escaped, in ``<code class="math-raw">``."""
    try:
        body = _Printer({}).doprint(parse(source))
    except Exception:  # noqa: BLE001 - any failure means: show the source as it is
        return f'<code class="math-raw">{escape(source)}</code>'
    return f'<math display="inline" xmlns="{MATHML_NS}">{_TOKEN.sub(_token, body)}</math>'


# A hand-written power: '^' right after a base (a letter, digit, closing bracket, bar or prime).
_BASE = re.compile(r"[\w)\]}|‖'′]")
_WORD = re.compile(r"[-−+]?\w+(?:\.\d+)?")
_CLOSE = {"{": "}", "(": ")"}


def _exponent(text: str, at: int) -> tuple[str, int] | None:
    """The exponent that starts at ``text[at]`` (right after a '^') and where it ends: a balanced
    ``{…}`` or ``(…)`` group (without its brackets) or a signed word/number; None if there is none."""
    if at >= len(text):
        return None
    opener = text[at]
    if opener in _CLOSE:
        depth = 0
        for i in range(at, len(text)):
            if text[i] == opener:
                depth += 1
            elif text[i] == _CLOSE[opener]:
                depth -= 1
                if depth == 0:
                    inner = text[at + 1:i]
                    return (inner, i + 1) if inner.strip() else None
        return None
    word = _WORD.match(text, at)
    return (word.group(0), word.end()) if word else None


def superscripts(text: str) -> str:
    """Plain (non-math) text as HTML: escaped, each hand-written power ``base^exp`` with its exponent
    in ``<sup>`` (``x^{-γ}``, ``x^(n y_t)``, ``x^-2``, ``F^2``); a '^' with no base right before it or
    no exponent right after it stays as it is.  An exponent may hold powers itself (``e^{x^2}``)."""
    out: list[str] = []
    pos = 0
    start = text.find("^")
    while start != -1:
        found = _exponent(text, start + 1) if start > 0 and _BASE.match(text[start - 1]) else None
        if found is None:
            start = text.find("^", start + 1)
            continue
        exponent, end = found
        out.append(escape(text[pos:start]))
        out.append(f"<sup>{superscripts(exponent)}</sup>")
        pos = end
        start = text.find("^", end)
    out.append(escape(text[pos:]))
    return "".join(out)


def render_text(value: Any) -> str:
    """Any text a record holds as HTML: math segments as MathML, powers as superscripts, the rest
    escaped.  Text whose math delimiters do not balance is shown without math (still escaped);
    None is empty, a number is written by :func:`theorems.mathtext.num`."""
    if value is None:
        return ""
    if isinstance(value, (bool, int, float)):
        return escape(num(value, SIG))
    text = value if isinstance(value, str) else str(value)
    try:
        parts = segments(text)
    except ValueError:
        return superscripts(text)
    return "".join(math_html(piece) if is_math else superscripts(piece) for is_math, piece in parts)

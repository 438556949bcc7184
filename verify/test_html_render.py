"""The page's text without a browser: math as MathML, hand-written powers as superscripts, everything
escaped, numbers at their significance, no JSON or Python reprs, the legend, the run-status banner in
each of its cases (an older results.json without ``run_status`` included), no absolute local paths."""
import re

import pytest

from lth_verify.html import _brief, _value, render_html, why
from lth_verify.mathml import math_html, render_text, superscripts
from lth_verify.report import summarise
from verify.test_report_browser import CLAIMS, MATH_FINDING, RESULTS, RUN_RESULTS, _claim


def _main(page: str) -> str:
    return page[page.index("<main>") + len("<main>"):]


def _errata(page: str) -> str:
    return page[page.index("What is wrong in each document"):page.index("<h2>Summary</h2>")]


# --- render_text ------------------------------------------------------------------------------------------


def test_math_segment_becomes_inline_mathml_with_greek_letters_and_subscripts():
    html = render_text("the law gives \\(gamma*(-d + d_C)**(-gamma - 1)\\) > 0")
    assert html.startswith("the law gives <math display=\"inline\" xmlns=\"http://www.w3.org/1998/Math/MathML\">")
    assert html.endswith("</math> &gt; 0")
    assert "&#947;" in html and "<msup>" in html and "<msub><mi>d</mi><mi>C</mi></msub>" in html
    assert "**" not in html and "\\(" not in html
    lam = render_text("\\(lambda3*s3**2/2 + N_t\\)")
    assert "<msub><mi>&#955;</mi><mi>3</mi></msub>" in lam and "<msub><mi>N</mi><mi>t</mi></msub>" in lam
    assert "<mfrac>" in lam


def test_math_relations_are_escaped_and_numbers_rounded_and_function_names_kept():
    assert "<mo>&lt;</mo>" in render_text("\\(x < 1\\)")
    html = render_text("\\(L(a, b) + 0.72000000000000001*x\\)")
    assert "<mi>L</mi>" in html and "<mn>0.72</mn>" in html and "0000" not in html


def test_a_segment_that_does_not_parse_is_shown_as_code_and_nothing_raises():
    assert render_text("bad \\(x +\\) end") == 'bad <code class="math-raw">x +</code> end'
    assert math_html("<script>") == '<code class="math-raw">&lt;script&gt;</code>'
    assert render_text("unbalanced \\(x") == "unbalanced \\(x"  # shown as text, still escaped


def test_plain_text_is_escaped():
    assert render_text("<script>alert(1)</script> & more") == "&lt;script&gt;alert(1)&lt;/script&gt; &amp; more"
    assert "<script>" not in render_text("\\(x\\) <script>")


@pytest.mark.parametrize(("text", "html"), [
    ("x^{-γ}", "x<sup>-γ</sup>"),
    ("ℓ^(n y_t)", "ℓ<sup>n y_t</sup>"),
    ("F_width^2", "F_width<sup>2</sup>"),
    ("(1-x)^k rounds", "(1-x)<sup>k</sup> rounds"),
    ("T^-0.125.", "T<sup>-0.125</sup>."),
    ("e^{x^2}", "e<sup>x<sup>2</sup></sup>"),
    ("2^(n+1)/sqrt(n)", "2<sup>n+1</sup>/sqrt(n)"),
    ("a ^ b, x^, ^y, x^(", "a ^ b, x^, ^y, x^("),  # no base or no exponent: left alone
    ("x^{<b>}", "x<sup>&lt;b&gt;</sup>"),
])
def test_hand_written_powers_become_superscripts(text, html):
    assert superscripts(text) == html
    assert render_text(text) == html


def test_numbers_and_none():
    assert render_text(0.7200000000000001) == "0.72" and render_text(12) == "12" and render_text(None) == ""
    assert render_text(True) == "true"


# --- values and why ----------------------------------------------------------------------------------------


def test_value_writes_floats_at_four_significant_digits_and_structures_as_tables():
    assert _value(0.7200000000000001) == "0.72"
    assert _value(2.0) == "2" and _value(1.23456e-7) == "1.235e-07"
    table = _value({"slope": 0.123456789, "window": {"lo": 0.1}, "rows": [{"k": 1, "v": 2.5}]})
    assert "<table>" in table and "0.1235" in table and "{" not in table and "'" not in table
    assert "<sup>2</sup>" in _value({"F_width^2": 1})


def test_brief_is_readable_never_json():
    text = _brief({"slope": 0.7200000000000001, "window": {"lo": 0.1, "hi": 0.9}, "points": [1.5, 2.25],
                   "n": 3, "more": "x"})
    assert text == "slope: 0.72; window: (lo: 0.1; hi: 0.9); points: 1.5, 2.25; … (2 more)"
    assert _brief([{"k": 1}, {"k": 2}]) == "2 rows, the first: k: 1"
    assert _brief(list(range(10))) == "0, 1, 2, 3, … (10 values)"


@pytest.mark.parametrize("measured", [{"x": 0.5, "nested": {"a": [1, 2]}}, [{"k": 1}], [0.1, 0.2], None, 3.14159])
def test_why_never_falls_back_to_json(measured):
    c = _claim("w.one", "doc.md", "exact", "verified", measured=measured)
    text = why(c)
    assert not any(bad in text for bad in ('{"', "{'", '": ', "':", "[{", "null")), text
    assert why({**c, "decision_detail": "the rule held"}) == "the rule held"


def test_why_keeps_math_segments_whole():
    c = _claim("w.two", "doc.md", "exact", "ill-posed", notes="it reads \\(x + 1.5\\) as given. Then more.")
    assert why(c) == "it reads \\(x + 1.5\\) as given"
    refuted = _claim("w.three", "doc.md", "exact", "refuted", "false", finding=MATH_FINDING)
    assert why(refuted) == MATH_FINDING


# --- the page ----------------------------------------------------------------------------------------------


def test_legend_explains_every_verdict_and_severity(tmp_path):
    page = render_html(RESULTS, tmp_path)
    legend = page[page.index('<div class="legend"'):]
    legend = legend[:legend.index("</div></div>")]
    for term in ("verified", "refuted", "inconclusive", "ill-posed", "error", "skipped",
                 "typo", "proof-gap", "false", "not-reproduced"):
        assert f">{term}</span>" in legend, term
    assert "most charitable reading" in legend and "document&#x27;s own scale" in legend
    assert page.index('<div class="legend"') < page.index('<section class="doc">')


def test_banner_ok_when_the_run_matches_its_records(tmp_path):
    results = {**RESULTS, "run_status": {"matches_records": True, "differing": [], "surviving_variants": [],
                                         "not_rechecked": [], "missing_documents": []}}
    main = _main(render_html(results, tmp_path))
    assert main.startswith('<div id="run-status" class="status-ok">')
    banner = main[:main.index("</div>")]
    assert "This run matches its records" in banner and "6 claims" in banner and "6 of 6 mutants refuted" in banner


def test_banner_names_differing_verdicts_surviving_variants_and_missing_documents(tmp_path):
    page = render_html(RUN_RESULTS, tmp_path)
    main = _main(page)
    assert main.startswith('<div id="run-status" class="status-differs">')
    banner = main[:main.index('<h2>')]
    assert "This run differs from its records" in banner
    assert 'href="#claim-c.flipped"' in banner and 'href="#claim-c.survivor"' in banner
    assert "bound halved" in banner and "doc-missing.md" in banner and 'href="#claim-m.gone"' in banner
    assert "not re-checked on this run (document missing)" in banner
    # the not-re-checked claim keeps its errata row, and is never marked as a change
    errata = _errata(page)
    assert 'href="#claim-m.gone"' in errata and "sev-proof-gap" in errata
    assert "not re-checked on this run (document missing); recorded refuted" in errata
    line = page[page.index('id="claim-m.gone"'):]
    line = line[:line.index("</summary>")]
    assert "differs from recorded" not in line and 'class="flip"' not in line
    assert "differs from recorded<b class=\"flip\">1</b>" in page  # the flipped claim only
    for marked in ("c.flipped", "c.survivor"):
        summary = page[page.index(f'id="claim-{marked}"'):]
        assert 'class="flip"' in summary[:summary.index("</summary>")], marked


def test_banner_of_an_older_results_file_is_derived_from_the_claims(tmp_path):
    flipped = _claim("o.flip", "doc.md", "exact", "refuted", "false", recorded_verdict="verified")
    survivor = _claim("o.survive", "doc.md", "exact", "verified", mutants=[
        {"description": "off by two", "role": "mutant", "expect": "refuted", "verdict": "verified", "killed": False,
         "notes": ""}])
    claims = [*CLAIMS, flipped, survivor]
    old = {**RESULTS, "claims": claims, "summary": summarise(claims)}
    assert "run_status" not in old
    main = _main(render_html(old, tmp_path))
    assert main.startswith('<div id="run-status" class="status-differs">')
    banner = main[:main.index("<h2>")]
    assert 'href="#claim-o.flip"' in banner and 'href="#claim-o.survive"' in banner and "off by two" in banner
    assert "Documents missing" not in banner
    assert _main(render_html(RESULTS, tmp_path)).startswith('<div id="run-status" class="status-ok">')


def test_banner_mentions_a_partial_run_and_baseline_changes(tmp_path):
    results = {**RESULTS, "partial": {"reasons": ["-k 'a'"]},
               "baseline": {"path": "base.json", "commit": "x", "profile": "quick",
                            "changes": [{"id": "a.one", "before": "refuted", "after": "verified"}]}}
    main = _main(render_html(results, tmp_path))
    banner = main[:main.index("<h2>")]
    assert "Partial run" in banner and "-k &#x27;a&#x27;" in banner
    assert "1 verdict(s) changed since the baseline base.json" in banner and 'href="#baseline"' in banner
    assert "id='baseline'" in main


def test_errata_hold_no_repr_no_json_and_render_math(tmp_path):
    errata = _errata(render_html(RUN_RESULTS, tmp_path))
    text = re.sub(r"<[^>]+>", "", errata)
    assert not any(bad in text for bad in ("**", "{'", '": {', "':", "\\(")), text
    assert "<math" in errata and "<sup>-γ</sup>" in errata


def test_no_text_is_cut_inside_a_math_segment(tmp_path):
    long = "word " * 60 + "\\(gamma*(-d + d_C)**(-gamma - 1)\\)" + " tail" * 40
    claim = _claim("t.long", "doc.md", "exact", "refuted", "false", finding=long, reading=long)
    page = render_html({**RESULTS, "claims": [claim], "summary": summarise([claim])}, tmp_path)
    assert page.count("<math") == page.count("</math>") >= 3  # errata, the claim line, the opened claim
    assert "tail tail</div>" in _errata(page)  # nothing cut off


def test_no_absolute_local_path_appears_on_the_page(tmp_path):
    figure_claim = _claim("p.fig", "doc.md", "empirical", "verified",
                          figures=[{"path": "figures/p.fig.png", "caption": "the fit"},
                                   {"path": str(tmp_path / "figures" / "gone.png"), "caption": "gone"}])
    results = {**RUN_RESULTS, "claims": [*RUN_RESULTS["claims"], figure_claim],
               "baseline": {"path": "/root/runs/base.json", "commit": "x", "profile": "quick",
                            "changes": [{"id": "p.fig", "before": "refuted", "after": "verified"}]}}
    page = render_html(results, tmp_path)
    assert "figure missing: figures/p.fig.png" in page and "figure missing: figures/gone.png" in page
    assert not re.search(r"(?<![\w.])/(?:work|root|home|tmp|usr|var)/", page), \
        re.search(r".{40}(?<![\w.])/(?:work|root|home|tmp|usr|var)/.{40}", page)
    assert str(tmp_path) not in page

"""The HTML report in a real headless browser: no console errors, and the filters work.
Skipped where Debian's chromium is not installed."""
import re
import shutil
import subprocess
import tempfile

import pytest

from lth_verify.html import render_html
from lth_verify.report import add_standing, summarise

CHROMIUM = shutil.which("chromium")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def _claim(cid, doc, kind, verdict, severity=None, **extra):
    return {"id": cid, "title": f"title of {cid}", "source": {"document": doc, "location": "§1"}, "kind": kind,
            "origin": "document", "statement": "s", "reading": "as printed" if severity else None,
            "charitable_reading": "as used later" if severity else None, "verdict": verdict,
            "recorded_verdict": verdict, "severity": severity, "scope": None, "by_construction": False,
            "correction": None, "profile": "quick", "seed": 1, "decision_rule": "r", "decision_detail": "",
            "claimed": 1, "measured": {"x": 0.5}, "finding": f"truth of {cid}" if severity else None,
            "would_decide": None, "counterexample": {"n": 2} if verdict == "refuted" else None,
            "intervals": {"a": [0.1, 0.2]}, "notes": "", "evidence": {"table": [{"k": 1}]}, "figures": [],
            "mutants": [{"description": "off by one", "role": "mutant", "expect": "refuted", "verdict": "refuted",
                         "killed": True, "notes": ""}], "duration_s": 0.1, **extra}


# a.one and a.three form a small chain: a verified result whose proof uses a step with a proof gap
CLAIMS = [_claim("a.one", "doc-a.md", "exact", "verified", uses=["a.three"]),
          _claim("a.two", "doc-a.md", "symbolic", "refuted", "typo", correction="a.two.corrected"),
          _claim("a.two.corrected", "doc-a.md", "symbolic", "verified"),
          _claim("a.three", "doc-a.md", "exact", "refuted", "proof-gap"),
          _claim("b.one", "doc-b.md", "empirical", "inconclusive", scope="reduced", would_decide="the paper profile"),
          _claim("b.two", "doc-b.md", "empirical", "verified", scope="proxy", origin="suite")]
add_standing(CLAIMS)
RESULTS = {"schema": 2, "profile": "quick", "created": "now", "commit": "abc", "run_seconds": 1.0,
           "environment": {"python": "3"}, "claims": CLAIMS, "summary": summarise(CLAIMS)}

# A run that differs from its records: a math finding, a structured measurement, a claim whose
# verdict flipped, a surviving mutant, and a refuted claim of a missing document (not re-checked).
MATH_FINDING = "the law gives \\(gamma*(-d + d_C)**(-gamma - 1)\\) > 0, and x^{-γ} falls"
RUN_CLAIMS = [
    _claim("c.law", "doc-c.md", "symbolic", "refuted", "false", finding=MATH_FINDING,
           measured={"slope": 0.7200000000000001, "window": {"lo": 0.1, "hi": 0.9}, "points": [1.5, 2.25]}),
    _claim("c.flipped", "doc-c.md", "exact", "refuted", "false", recorded_verdict="verified"),
    _claim("c.survivor", "doc-c.md", "exact", "verified",
           mutants=[{"description": "bound halved", "role": "mutant", "expect": "refuted", "verdict": "verified",
                     "killed": False, "notes": ""}]),
    _claim("m.gone", "doc-missing.md", "symbolic", "skipped", reading="as printed", recorded_verdict="refuted",
           recorded_severity="proof-gap", notes="source document doc-missing.md missing. Pass --seeds-dir."),
    _claim("m.kept", "doc-missing.md", "symbolic", "skipped", recorded_verdict="skipped", notes="no GPU here"),
]
RUN_RESULTS = {**RESULTS, "claims": RUN_CLAIMS, "summary": summarise(RUN_CLAIMS), "run_status": {
    "matches_records": False,
    "differing": [{"id": "c.flipped", "verdict": "refuted", "recorded_verdict": "verified"}],
    "surviving_variants": [{"id": "c.survivor", "description": "bound halved", "role": "mutant", "expect": "refuted",
                            "verdict": "verified"}],
    "not_rechecked": [{"id": "m.gone", "recorded_verdict": "refuted", "severity": "proof-gap",
                       "reason": "document doc-missing.md missing"}],
    "missing_documents": ["doc-missing.md"]}}

PROBE = """<script>
function shown(){return document.getElementById('f-count').textContent;}
function errata(){return Array.from(document.querySelectorAll('table.errata tr td:nth-child(2) a'))
  .map(a => a.textContent).join(',');}
console.log('probe first=' + document.querySelector('main h2').textContent);
console.log('probe errata=' + errata());
function pick(id, value){const el=document.getElementById(id); el.value=value; el.dispatchEvent(new Event('change'));}
console.log('probe all=' + shown());
pick('f-verdict','refuted'); console.log('probe refuted=' + shown());
pick('f-doc','doc-a.md'); console.log('probe refuted+doc-a=' + shown());
pick('f-verdict',''); pick('f-doc',''); pick('f-kind','symbolic'); console.log('probe symbolic=' + shown());
</script></body>"""


@pytest.mark.skipif(CHROMIUM is None, reason="chromium not installed (Debian package 'chromium')")
def test_report_renders_without_console_errors_and_filters(tmp_path):
    page = render_html(RESULTS, tmp_path).replace("</body>", PROBE)
    path = tmp_path / "index.html"
    path.write_text(page)
    with tempfile.TemporaryDirectory() as profile:
        run = subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={profile}", "--enable-logging=stderr", "--v=0",
                              "--dump-dom", path.as_uri()], capture_output=True, text=True, timeout=120)
    console = [line for line in run.stderr.splitlines() if ":CONSOLE" in line]
    messages = [m for line in console for m in re.findall(r'"(.*?)", source', line)]
    assert not [m for m in messages if not m.startswith("probe ")], messages
    assert messages == ["probe first=What is wrong in each document", "probe errata=a.three,a.two",
                        "probe all=6 shown", "probe refuted=2 shown", "probe refuted+doc-a=2 shown",
                        "probe symbolic=2 shown"]


def test_errata_lists_findings_by_severity_with_corrections_and_keeps_suite_claims_apart(tmp_path):
    page = render_html(RESULTS, tmp_path)
    errata = page[page.index("What is wrong in each document"):page.index("<h2>Summary</h2>")]
    assert errata.index("a.three") < errata.index("a.two")  # proof gap before typo
    assert "Correction, <a href=\"#claim-a.two.corrected\">" in errata and "truth of a.three" in errata
    assert "the suite&#x27;s own claims" in errata and "scope: proxy" in page
    assert "the paper profile" in errata  # what would decide the inconclusive one
    assert "mutants refuted<b>6/6</b>" in page



URL_PROBE = """<script>
console.log('probe shown=' + document.getElementById('f-count').textContent);
console.log('probe verdict=' + document.getElementById('f-verdict').value);
console.log('probe open=' + document.getElementById('claim-a.three').open);
console.log('probe closed=' + document.getElementById('claim-a.one').open);
</script></body>"""


def _console(url: str) -> list[str]:
    with tempfile.TemporaryDirectory() as profile:
        run = subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={profile}", "--enable-logging=stderr", "--v=0",
                              "--dump-dom", url], capture_output=True, text=True, timeout=120)
    return [m for line in run.stderr.splitlines() if ":CONSOLE" in line for m in re.findall(r'"(.*?)", source', line)]


@pytest.mark.skipif(CHROMIUM is None, reason="chromium not installed (Debian package 'chromium')")
def test_filters_come_from_the_url_and_an_anchor_opens_its_claim(tmp_path):
    path = tmp_path / "index.html"
    path.write_text(render_html(RESULTS, tmp_path).replace("</body>", URL_PROBE))
    messages = _console(path.as_uri() + "?verdict=refuted#claim-a.three")
    assert messages == ["probe shown=2 shown", "probe verdict=refuted", "probe open=true", "probe closed=false"], messages


def test_each_claim_is_one_expandable_line_that_says_why(tmp_path):
    page = render_html(RESULTS, tmp_path)
    item = page[page.index('<details class="claim" id="claim-a.three"'):]
    item = item[:item.index("</details>")]
    summary = item[:item.index("</summary>")]
    assert "truth of a.three" in summary and "sev-proof-gap" in summary  # the finding and the severity on the line
    assert "Decision rule" in item[len(summary):]  # the rest only when opened
    assert "would decide it: the paper profile" in page


@pytest.mark.skipif(CHROMIUM is None, reason="chromium not installed (Debian package 'chromium')")
def test_a_report_of_150_claims_fits_one_full_page_screenshot(tmp_path):
    """Headless Chromium stops drawing full-page screenshots at about 8,000 px: 150 claims, 35 of
    them refuted with long texts, must stay below that at 1,400 px wide (claim details folded)."""
    long = "a statement of some length, " * 20
    claims = []
    for i in range(150):
        refuted = i % 30 < 7
        claim = _claim(f"f{i % 4}.c{i:03d}", f"doc-{i % 4}.md", "exact", "refuted" if refuted else "verified",
                       ("false", "typo", "proof-gap")[i % 3] if refuted else None)
        claim.update(statement=long, measured={"table": [{"k": j, "v": long} for j in range(5)]}, notes=long,
                     finding=long if refuted else None, reading=long if refuted else None)
        claims.append(claim)
    results = {**RESULTS, "claims": claims, "summary": summarise(claims)}
    path = tmp_path / "index.html"
    path.write_text(render_html(results, tmp_path).replace(
        "</body>", "<script>console.log('probe height=' + document.documentElement.scrollHeight)</script></body>"))
    with tempfile.TemporaryDirectory() as profile:
        run = subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={profile}", "--enable-logging=stderr", "--v=0",
                              "--window-size=1400,900", "--dump-dom", path.as_uri()],
                             capture_output=True, text=True, timeout=120)
    heights = [int(h) for h in re.findall(r"probe height=(\d+)", run.stderr)]
    assert heights and heights[0] < 8000, heights


STATUS_PROBE = """<script>
const main = document.querySelector('main'), banner = main.firstElementChild;
const errata = Array.from(document.querySelectorAll('section.doc'));
const text = errata.map(s => s.textContent).join(' ');
console.log('probe banner=' + banner.id + ' ' + banner.className);
console.log('probe banner links=' + Array.from(banner.querySelectorAll('a')).map(a => a.getAttribute('href')).join(','));
console.log('probe banner names missing=' + banner.textContent.includes('doc-missing.md'));
console.log('probe errata=' + Array.from(document.querySelectorAll('table.errata tr td:nth-child(2) a'))
  .map(a => a.textContent).join(','));
const gone = Array.from(document.querySelectorAll('table.errata tr')).find(r => r.textContent.includes('m.gone'));
console.log('probe gone row=' + gone.querySelector('.sev').textContent + ' | ' + gone.cells[3].textContent);
console.log('probe repr=' + ['**', "{'", '": {', "':"].filter(bad => text.includes(bad)).join(' '));
console.log('probe math=' + errata.reduce((n, s) => n + s.querySelectorAll('math').length, 0));
console.log('probe math greek=' + (document.querySelector('section.doc math') || {textContent: ''}).textContent.includes('γ'));
console.log('probe sup=' + Array.from(document.querySelectorAll('section.doc sup')).map(e => e.textContent).join(','));
const line = id => document.getElementById('claim-' + id).querySelector('summary');
console.log('probe markers=' + ['c.flipped', 'c.survivor', 'm.gone', 'c.law'].map(id => line(id).querySelectorAll('.flip').length).join(','));
console.log('probe stale line=' + line('m.gone').textContent.includes('differs') + ' ' +
  line('m.gone').textContent.includes('not re-checked on this run'));
</script></body>"""


@pytest.mark.skipif(CHROMIUM is None, reason="chromium not installed (Debian package 'chromium')")
def test_run_status_banner_comes_first_and_errata_keep_recorded_findings(tmp_path):
    path = tmp_path / "index.html"
    path.write_text(render_html(RUN_RESULTS, tmp_path).replace("</body>", STATUS_PROBE))
    messages = dict(m.split("=", 1) for m in _console(path.as_uri()))
    assert messages["probe banner"] == "run-status status-differs", messages
    assert set(messages["probe banner links"].split(",")) >= {"#claim-c.flipped", "#claim-c.survivor", "#claim-m.gone"}
    assert messages["probe banner names missing"] == "true"
    assert "m.gone" in messages["probe errata"].split(",")  # not re-checked, the recorded finding kept
    severity, true = messages["probe gone row"].split(" | ")
    assert severity == "proof-gap" and "not re-checked on this run (document missing); recorded refuted" in true
    assert messages["probe repr"] == ""  # no '**', dict or JSON text in the errata
    assert int(messages["probe math"]) >= 1 and messages["probe math greek"] == "true"
    assert "-γ" in messages["probe sup"].split(",")
    assert messages["probe markers"] == "1,1,0,0"  # flipped and surviving marked; the stale one is no flip
    assert messages["probe stale line"] == "false true"  # marked as not re-checked, never as a change


GRAPH_PROBE = """<script>
const docs = Array.from(document.querySelectorAll('section.doc'));
const docA = docs.find(s => s.textContent.includes('doc-a.md')), docB = docs.find(s => s.textContent.includes('doc-b.md'));
const deps = docA.querySelector('details.deps');
console.log('probe deps summary=' + deps.querySelector('summary').textContent);
deps.open = true;
const svg = deps.querySelector('svg.depgraph');
console.log('probe svg nodes=' + svg.querySelectorAll('a.node').length + ' edges=' + svg.querySelectorAll('path.edge').length
  + ' red edges=' + svg.querySelectorAll('path.edge.carries').length);
const node = id => svg.querySelector('a.node[data-id="' + id + '"]');
const lemma = node('a.three').getBoundingClientRect(), theorem = node('a.one').getBoundingClientRect();
console.log('probe drawn=' + (lemma.width > 50 && lemma.height > 20) + ' layered=' + (theorem.top > lemma.bottom));
console.log('probe node link=' + node('a.one').getAttribute('href') + ' rings=' + node('a.three').getAttribute('class')
  + ',' + node('a.one').getAttribute('class'));
console.log('probe node tooltip=' + node('a.one').querySelector('title').textContent.replace(/\\n/g, ' | '));
console.log('probe graph in doc-b=' + docB.querySelectorAll('svg.depgraph').length);
const row = Array.from(docA.querySelectorAll('table.errata tr')).find(r => r.textContent.includes('a.three'));
const q = row.querySelector('.question');
console.log('probe question=' + q.textContent.trim() + ' -> ' + Array.from(q.querySelectorAll('a')).map(a => a.getAttribute('href')).join(','));
const line = document.getElementById('claim-a.one').querySelector('summary');
console.log('probe marker=' + (line.querySelector('.tag.rests') || {textContent: 'none'}).textContent);
const body = document.getElementById('claim-a.one').querySelector('.kv').textContent;
console.log('probe rows=' + ['Uses', 'Standing', 'rests on a refuted step', 'a.three'].every(t => body.includes(t)));
</script></body>"""


@pytest.mark.skipif(CHROMIUM is None, reason="chromium not installed (Debian package 'chromium')")
def test_dependency_graph_is_drawn_and_a_finding_says_what_it_puts_in_question(tmp_path):
    path = tmp_path / "index.html"
    path.write_text(render_html(RESULTS, tmp_path).replace("</body>", GRAPH_PROBE))
    messages = _console(path.as_uri())
    got = dict(m.split("=", 1) for m in messages)
    assert got["probe deps summary"] == "Dependencies (2 claims)", messages
    assert got["probe svg nodes"] == "2 edges=1 red edges=1"
    assert got["probe drawn"] == "true layered=true"  # a result sits below what it uses
    assert got["probe node link"] == "#claim-a.one rings=node ring-solid,node ring-dashed"
    assert got["probe node tooltip"].startswith("a.one | verdict: verified | standing: rests on a refuted step")
    assert got["probe graph in doc-b"] == "0"  # no uses there: no graph
    assert got["probe question"] == "Puts in question (1): a.one -> #claim-a.one"
    assert got["probe marker"] == "rests on a refuted step"
    assert got["probe rows"] == "true"


def test_standing_is_in_each_claim_and_the_graph_colours_are_the_badge_colours(tmp_path):
    from lth_verify.html import CSS, VERDICT_COLOURS

    for verdict, colour in VERDICT_COLOURS.items():
        assert f".{verdict}{{background:{colour}}}" in CSS
    page = render_html(RESULTS, tmp_path)
    item = page[page.index('<details class="claim" id="claim-a.three"'):]
    item = item[:item.index("</details>")]
    assert "Puts in question" in item and 'href="#claim-a.one"' in item and "Used by" in item
    line = page[page.index('id="claim-a.two.corrected"'):]
    assert 'class="tag rests"' not in line[:line.index("</summary>")]  # a claim that stands: no marker
    line = page[page.index('id="claim-a.one"'):]
    assert 'class="tag rests"' in line[:line.index("</summary>")]


INVENTORY = {"doc-a.md": {"items": [
    {"id": "A-001", "location": "§1", "kind": "theorem", "says": "the bound \\(x^2\\) holds", "claims": ["a.three"],
     "verdicts": {"a.three": "refuted"}, "reason": None, "status": "decided"},
    {"id": "A-002", "location": "§2", "kind": "definition", "says": "a definition", "claims": [], "verdicts": {},
     "reason": "not a claim: a definition", "status": "not a claim"},
    {"id": "A-003", "location": "§3", "kind": "display", "says": "a display", "claims": [], "verdicts": {},
     "reason": "uncovered: needs an exact check", "status": "uncovered"},
    {"id": "A-004", "location": "§4", "kind": "theorem", "says": "another", "claims": ["a.elsewhere"], "verdicts": {},
     "reason": None, "status": "decided"}],
    "counts": {"items": 4, "decided": 2, "not_a_claim": 1, "uncovered": 1}}}


def test_inventory_coverage_is_rendered_per_document_only_when_present(tmp_path):
    page = render_html({**RESULTS, "inventory": INVENTORY}, tmp_path)
    section = page[page.index("doc-a.md ·"):]
    section = section[:section.index("</section>")]
    assert "<summary>Coverage: 4 items, 2 decided by claims, 1 uncovered</summary>" in section
    assert section.index("Dependencies (2 claims)") < section.index("Coverage: 4 items")  # after the graph
    assert '<span class="badge refuted">refuted</span> <a href="#claim-a.three">a.three</a>' in section
    assert 'class="inv-uncovered"' in section and "needs an exact check" in section
    assert "a.elsewhere <span class=\"meta\">(not run here)</span>" in section
    assert "<math" in section  # 'says' goes through render_text
    assert "Coverage:" not in render_html(RESULTS, tmp_path)

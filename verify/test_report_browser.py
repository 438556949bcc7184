"""The HTML report in a real headless browser: no console errors, and the filters work.
Skipped where Debian's chromium is not installed."""
import re
import shutil
import subprocess
import tempfile

import pytest

from lth_verify.html import render_html

CHROMIUM = shutil.which("chromium")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def _claim(cid, doc, kind, verdict):
    return {"id": cid, "title": f"title of {cid}", "source": {"document": doc, "location": "§1"}, "kind": kind,
            "statement": "s", "verdict": verdict, "recorded_verdict": verdict, "profile": "quick", "seed": 1,
            "decision_rule": "r", "decision_detail": "", "claimed": 1, "measured": {"x": 0.5},
            "counterexample": {"n": 2} if verdict == "refuted" else None, "intervals": {"a": [0.1, 0.2]},
            "notes": "", "evidence": {"table": [{"k": 1}]}, "figures": [], "duration_s": 0.1}


RESULTS = {"schema": 1, "profile": "quick", "created": "now", "commit": "abc", "run_seconds": 1.0,
           "environment": {"python": "3"},
           "claims": [_claim("a.one", "doc-a.md", "exact", "verified"), _claim("a.two", "doc-a.md", "symbolic", "refuted"),
                      _claim("b.one", "doc-b.md", "exact", "refuted")]}

PROBE = """<script>
function shown(){return document.getElementById('f-count').textContent;}
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
    assert messages == ["probe all=3 shown", "probe refuted=2 shown", "probe refuted+doc-a=1 shown", "probe symbolic=1 shown"]


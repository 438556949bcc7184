"""Render results.json as one self-contained HTML page (no network; figures inlined; all text escaped).

Every text of a record goes through :func:`lth_verify.mathml.render_text` (escaped; inline math as
MathML; hand-written powers as superscripts), every number through :func:`theorems.mathtext.num`.
The page opens with the run's status against its records (``results["run_status"]``, derived for
an older results.json that lacks it), then the errata per document and a legend of the verdicts
and severities. Each document's errata end with its dependency graph (an inline SVG laid out here, from the
claims' ``uses``) and, where the run carries one, its inventory coverage."""
from __future__ import annotations

import base64
from collections import Counter
from html import escape
from pathlib import Path, PurePosixPath
from typing import Any

from theorems.mathtext import MATH_CLOSE, MATH_OPEN, plain, segments
from theorems.standing import layers, propagates
from theorems.verdict import Status

from .mathml import SIG, num, render_text
from .report import SEVERITIES, status_of

VERDICT_ORDER = tuple(status.value for status in Status)
MAX_TABLE_ROWS = 80

CSS = """
body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:0;color:#1d2330;background:#f6f7f9}
header{background:#1d2330;color:#fff;padding:18px 28px}header h1{margin:0;font-size:22px}
header p{margin:4px 0 0;color:#c8ccd6;font-size:13px}main{padding:18px 28px;max-width:1300px}
h2{font-size:18px;margin:26px 0 10px}table{border-collapse:collapse;background:#fff;font-size:13px}
th,td{border:1px solid #dde1e8;padding:4px 8px;text-align:left;vertical-align:top}th{background:#eef0f4}
.badge{display:inline-block;padding:1px 8px;border-radius:10px;font-weight:600;font-size:12px;color:#fff}
.verified{background:#1f8a4c}.refuted{background:#c0392b}.inconclusive{background:#b7791f}
.ill-posed{background:#6b46c1}.error{background:#444}.skipped{background:#8a94a6}
.cards{display:flex;gap:10px;flex-wrap:wrap}.card{background:#fff;border:1px solid #dde1e8;border-radius:6px;padding:8px 14px}
.card b{font-size:22px;display:block}.filters{display:flex;gap:12px;flex-wrap:wrap;margin:8px 0 10px;font-size:13px}
.filters select,.filters input{font-size:13px;padding:3px}.flip{color:#c0392b;font-weight:700}
section.claim{background:#fff;border:1px solid #dde1e8;border-radius:6px;padding:12px 16px;margin:14px 0}
section.claim h3{margin:0 0 6px;font-size:16px}.meta{color:#5a6275;font-size:12px}
.kv{display:grid;grid-template-columns:160px 1fr;gap:4px 12px;font-size:13px;margin-top:8px}
.kv>div:nth-child(odd){color:#5a6275;font-weight:600}.counter{border-left:4px solid #c0392b;background:#fdf1f0;padding:6px 10px}
pre{white-space:pre-wrap;word-break:break-word;background:#f3f4f7;padding:6px;font-size:12px;margin:0}
figure{margin:10px 0}figure img{max-width:100%;border:1px solid #dde1e8}figcaption{font-size:12px;color:#5a6275}
details summary{cursor:pointer;font-size:13px;color:#2b4c7e}td.why{font-size:12px;color:#3a4254;max-width:420px}
#claims{background:#fff;border:1px solid #dde1e8;border-radius:4px}
details.claim{border-bottom:1px solid #eceef3}details.claim[open]{background:#fbfbfd}
details.claim>summary{padding:0 8px;font-size:12.5px;line-height:18px;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
details.claim>summary .badge,details.claim>summary .sev{font-size:11px;padding:0 6px;line-height:16px}
details.claim[open]>summary{white-space:normal}details.claim[open]>summary .why{display:none}details.claim .title{color:#1d2330}details.claim .why{color:#5a6275}
details.claim .body{padding:4px 12px 10px}.scroll{overflow-x:auto;max-width:100%}
.sev{display:inline-block;padding:1px 7px;border-radius:4px;font-size:12px;font-weight:600;border:1px solid}
.sev-false{color:#8e1b10;border-color:#c0392b;background:#fdecea}.sev-not-reproduced{color:#7a3e00;border-color:#d4862a;background:#fff4e5}
.sev-proof-gap{color:#5b2a86;border-color:#8e5cc2;background:#f4edfb}.sev-typo{color:#44506a;border-color:#9aa3b5;background:#f1f3f7}
section.doc{background:#fff;border:1px solid #dde1e8;border-radius:6px;padding:10px 16px;margin:12px 0}
section.doc h3{margin:0 0 4px;font-size:16px}table.errata{width:100%}table.errata td:nth-child(3),table.errata td:nth-child(4){width:34%}
.tag{display:inline-block;font-size:11px;color:#5a6275;border:1px solid #c9ced8;border-radius:4px;padding:0 5px;margin-left:4px}
.tag.stale{color:#7a3e00;border-color:#d4862a;background:#fff4e5}
#run-status{border-radius:6px;padding:8px 14px;margin:4px 0 8px;font-size:13.5px;border:1px solid;border-left-width:6px}
#run-status p{margin:3px 0}#run-status ul{margin:4px 0 4px;padding-left:22px}#run-status li{margin:2px 0}
#run-status.status-ok{background:#ecf7f0;border-color:#1f8a4c;color:#14532d}
#run-status.status-differs{background:#fdecea;border-color:#c0392b;color:#6b1a12}
#run-status .status-missing{color:#7a3e00}
.legend>div{flex:1 1 480px}.legend{display:flex;gap:4px 28px;flex-wrap:wrap;font-size:12px;color:#3a4254;background:#fff;border:1px solid #dde1e8;
border-radius:6px;padding:6px 14px;margin:8px 0}.legend ul{list-style:none;margin:2px 0 0;padding:0}.legend li{margin:2px 0}
.legend .badge,.legend .sev{font-size:11px;padding:0 6px;line-height:16px;min-width:74px;text-align:center;box-sizing:border-box}
.clamp{display:-webkit-box;-webkit-box-orient:vertical;-webkit-line-clamp:5;overflow:hidden;cursor:pointer}
.clamp.open{display:block;-webkit-line-clamp:unset;overflow:visible}.clamp .fix{margin-top:3px}
math{font-size:1.05em}code.math-raw{background:#f3f4f7;padding:0 3px;border-radius:3px;font-size:.92em}
.kv math,table.errata math,.legend math{math-style:normal}details.claim>summary math{font-size:1em;math-style:compact}sup{line-height:0}
.tag.rests{color:#8e1b10;border-color:#c0392b;border-style:dashed;background:#fdf1f0}
.question{margin-top:4px;font-size:12px;color:#6b1a12}.question.clamp{-webkit-line-clamp:2}
details.deps,details.inventory{margin:6px 0}svg.depgraph{display:block;max-width:100%;height:auto;background:#fbfbfd;border:1px solid #eceef3;border-radius:4px;margin-top:4px}
svg.depgraph a.node:hover rect:not([fill=none]){filter:brightness(1.15)}svg.depgraph text{font-family:system-ui,sans-serif;pointer-events:none}
table.inventory{font-size:12px;margin-top:4px;width:100%}table.inventory td:first-child{white-space:nowrap}table.inventory td:nth-child(4){width:42%}table.inventory td:nth-child(5){width:34%}tr.inv-uncovered td{background:#fff4e5}tr.inv-not-a-claim td{color:#5a6275}
"""

SCRIPT = """
(function(){
  const sel = id => document.getElementById(id);
  const FILTERS = {'f-doc': 'doc', 'f-kind': 'kind', 'f-verdict': 'verdict', 'f-text': 'q'};
  function apply(){
    const doc = sel('f-doc').value, kind = sel('f-kind').value, verdict = sel('f-verdict').value;
    const text = sel('f-text').value.toLowerCase();
    let shown = 0;
    document.querySelectorAll('#claims > details.claim').forEach(function(item){
      const line = item.querySelector('summary').textContent.toLowerCase();
      const ok = (!doc || item.dataset.doc === doc) && (!kind || item.dataset.kind === kind) &&
                 (!verdict || item.dataset.verdict === verdict) && (!text || line.includes(text));
      item.style.display = ok ? '' : 'none';
      if (ok) shown += 1;
    });
    sel('f-count').textContent = shown + ' shown';
  }
  function save(){
    const params = new URLSearchParams();
    Object.keys(FILTERS).forEach(function(id){ if (sel(id).value) params.set(FILTERS[id], sel(id).value); });
    const query = params.toString();
    try { history.replaceState(null, '', (query ? '?' + query : location.pathname) + location.hash); } catch (e) {}
  }
  function openTarget(){
    const target = location.hash && document.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (target && target.tagName === 'DETAILS') { target.open = true; target.scrollIntoView(); }
  }
  const params = new URLSearchParams(location.search);
  Object.keys(FILTERS).forEach(function(id){
    if (params.has(FILTERS[id])) sel(id).value = params.get(FILTERS[id]);
    sel(id).addEventListener('input', function(){ apply(); save(); });
    sel(id).addEventListener('change', function(){ apply(); save(); });
  });
  window.addEventListener('hashchange', openTarget);
  document.querySelectorAll('.clamp').forEach(function(cell){
    cell.addEventListener('click', function(e){ if (e.target.tagName !== 'A') cell.classList.toggle('open'); });
  });
  apply();
  openTarget();
})();
"""


def _badge(verdict: str | None) -> str:
    v = verdict or "none"
    return f'<span class="badge {escape(v)}">{escape(v)}</span>'


def _value(value: Any) -> str:
    """Render a JSON value: tables for lists of records, key/value tables for mappings, numbers at
    their significance (:func:`num`, 4 digits), text through :func:`render_text`."""
    if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        return _records_table(value)
    if isinstance(value, dict):
        rows = "".join(f"<tr><th>{render_text(str(k))}</th><td>{_value(v)}</td></tr>" for k, v in value.items())
        return f'<div class="scroll"><table>{rows}</table></div>'
    if value is None:
        return "<i>none</i>"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    return render_text(value)  # numbers by num(), strings with their math and powers


def _records_table(records: list[dict]) -> str:
    columns: list[str] = []
    for record in records:
        columns += [k for k in record if k not in columns]
    head = "".join(f"<th>{render_text(str(c))}</th>" for c in columns)
    body = "".join("<tr>" + "".join(f"<td>{_value(r.get(c))}</td>" for c in columns) + "</tr>"
                   for r in records[:MAX_TABLE_ROWS])
    more = f"<p class='meta'>{len(records) - MAX_TABLE_ROWS} more rows in results.json</p>" if len(records) > MAX_TABLE_ROWS else ""
    return f'<div class="scroll"><table><tr>{head}</tr>{body}</table></div>{more}'


def _brief(value: Any, items: int = 3) -> str:
    """A value as one short readable text (not HTML; its strings keep their math segments): a number
    by :func:`num`, a mapping as its first ``items`` ``key: value`` pairs, a list of numbers as its
    first few values, a list of records as its row count and first row.  Never JSON, never a repr."""
    if value is None:
        return "none"
    if isinstance(value, str):
        return value
    if isinstance(value, (bool, int, float)):
        return num(value, SIG)
    if isinstance(value, dict):
        shown = [f"{k}: {_brief(v, 2) if not isinstance(v, dict) else '(' + _brief(v, 2) + ')'}"
                 for k, v in list(value.items())[:items]]
        more = len(value) - items
        return "; ".join(shown) + (f"; … ({more} more)" if more > 0 else "")
    if isinstance(value, (list, tuple)):
        if not value:
            return "none"
        if all(isinstance(v, dict) for v in value):
            return f"{len(value)} rows, the first: {_brief(value[0], 2)}"
        shown = ", ".join(_brief(v, 2) for v in value[:4])
        return shown + (f", … ({len(value)} values)" if len(value) > 4 else "")
    return str(value)


def _first_sentence(text: str) -> str:
    """``text`` up to its first '. ' outside any math segment (a sentence never ends inside math)."""
    try:
        parts = segments(text)
    except ValueError:
        return text
    out = ""
    for is_math, piece in parts:
        if not is_math and ". " in piece:
            return out + piece[:piece.index(". ")]
        out += MATH_OPEN + piece + MATH_CLOSE if is_math else piece
    return out


def _shown_path(path: str) -> str:
    """A file's path as the page may show it: relative to the report folder; of an absolute path
    only its last two parts (the page never names a local folder)."""
    parts = PurePosixPath(str(path).replace("\\", "/")).parts
    if parts and parts[0] == "/":
        return "/".join(parts[-2:]) if len(parts) > 2 else parts[-1]
    return "/".join(parts)


def _figure(fig: dict, out_dir: Path) -> str:
    path = out_dir / fig["path"]
    try:
        data = base64.b64encode(path.read_bytes()).decode("ascii")
    except OSError:
        return f"<p class='meta'>figure missing: {escape(_shown_path(fig['path']))}</p>"
    try:
        alt = plain(fig.get("caption") or "")
    except ValueError:
        alt = fig.get("caption") or ""
    return (f'<figure><img alt="{escape(alt)}" src="data:image/png;base64,{data}">'
            f"<figcaption>{render_text(fig.get('caption') or '')}</figcaption></figure>")


NOT_RECHECKED = "not re-checked on this run (document missing)"


def why(c: dict, not_rechecked: bool = False) -> str:
    """One line on why the claim got its verdict (text, with its math segments; not HTML): the
    finding, what would decide it, the first sentence of the notes, the measurement or how the
    decision rule applied, else a short summary of the measurement, never its JSON."""
    if not_rechecked:
        return f"{NOT_RECHECKED}; recorded {c['recorded_verdict']}"
    if c["verdict"] == "refuted" and c.get("finding"):
        return c["finding"]
    if c["verdict"] == "inconclusive" and c.get("would_decide"):
        return "would decide it: " + c["would_decide"]
    if c["verdict"] in ("ill-posed", "skipped", "error") and c.get("notes"):
        return _first_sentence(c["notes"])
    measured = c.get("measured")
    if isinstance(measured, str) and measured:
        return measured
    if c.get("decision_detail"):
        return c["decision_detail"]
    return "measured " + _brief(measured)


def _not_rechecked_ids(status: dict) -> set[str]:
    return {e["id"] for e in status["not_rechecked"]}


def _claim_section(c: dict, out_dir: Path, status: dict, graph: dict[str, Any] | None = None) -> str:
    """One claim as an expandable line: verdict, severity, markers, id, title and why; opened,
    everything the record holds, with what it uses and its standing (``graph``: :func:`_uses_graph`)."""
    stale = c["id"] in _not_rechecked_ids(status)
    differs = next((d for d in status["differing"] if d["id"] == c["id"]), None)
    survivors = [v for v in status["surviving_variants"] if v["id"] == c["id"]]
    markers = ""
    if differs:
        markers += (f' <span class="flip">≠ differs from recorded verdict '
                    f'{escape(str(differs["recorded_verdict"]))}</span>')
    if survivors:
        markers += (f' <span class="flip">⚠ {len(survivors)} variant(s) with the wrong verdict</span>')
    if stale:
        markers += f' <span class="tag stale">{NOT_RECHECKED}; recorded {escape(str(c["recorded_verdict"]))}</span>'
    if c["verdict"] == "verified" and c.get("standing") == "rests on a refuted step":
        markers += (f' <span class="tag rests" title="rests on a refuted step: '
                    f'{escape(", ".join(c.get("standing_because") or []))}">rests on a refuted step</span>')
    reason = why(c, stale)
    rows = [
        ("Source", f'{escape(c["source"]["document"])} — {render_text(c["source"]["location"])}'),
        ("What the source says" if c.get("origin", "document") == "document" else "The suite's own claim",
         render_text(c["statement"])),
        ("Why this verdict", render_text(reason)),
    ]
    if stale:
        sev = c.get("recorded_severity") or next((e.get("severity") for e in status["not_rechecked"]
                                                  if e["id"] == c["id"]), None)
        rows.append(("Recorded", f'{_badge(c["recorded_verdict"])}{" " + _severity(sev) if sev else ""}: '
                                 "the record stands; this run could not check it"))
    if c.get("severity"):
        rows.append(("Severity", _severity(c["severity"])))
    if c.get("correction"):
        rows.append(("Correction", f'<a href="#claim-{escape(c["correction"])}">{escape(c["correction"])}</a>'))
    rows += _dependency_rows(c, graph)
    if c.get("reading"):
        rows.append(("Reading checked", render_text(c["reading"])))
    if c.get("charitable_reading"):
        rows.append(("Charitable reading", render_text(c["charitable_reading"])))
    rows += [("Claimed", _value(c["claimed"])), ("Measured", _value(c["measured"])),
             ("Decision rule", render_text(c["decision_rule"]))]
    if c.get("decision_detail"):
        rows.append(("How it applied", render_text(c["decision_detail"])))
    if c.get("finding"):
        rows.append(("What is true", render_text(c["finding"])))
    if c.get("would_decide"):
        rows.append(("What would decide it", render_text(c["would_decide"])))
    if c.get("counterexample") is not None:
        label = "Counterexample" if c["verdict"] == "refuted" else "Direction measured"
        shown = ("<i>the measurement above</i>" if c["counterexample"] == c["measured"]
                 else _value(c["counterexample"]))
        rows.append((label, f'<div class="counter">{shown}</div>'))
    if c.get("intervals"):
        rows.append(("Intervals", _value(c["intervals"])))
    if c.get("notes"):
        rows.append(("Notes", render_text(c["notes"])))
    if c.get("mutants"):
        rows.append(("Mutants and controls", _variants_table(c["mutants"])))
    if c.get("variants_note"):
        rows.append(("Why no variant can differ", render_text(c["variants_note"])))
    if (c.get("resolution") or {}).get("parameters"):
        rows.append(("Resolution", _resolution_details(c["resolution"])))
    scope = f', scope {c["scope"]}' if c.get("scope") else ""
    rows.append(("Run", escape(f'profile {c["profile"]}{scope}, seed {c["seed"]}, {num(c["duration_s"], 3)} s')))
    grid = '<div class="kv">' + "".join(f"<div>{k}</div><div>{v}</div>" for k, v in rows) + "</div>"
    evidence = "".join(f"<details><summary>evidence: {render_text(str(k))}</summary>{_value(v)}</details>"
                       for k, v in (c.get("evidence") or {}).items())
    figures = "".join(_figure(f, out_dir) for f in c.get("figures") or [])
    grade = f" {_severity(c['severity'])}" if c.get("severity") else ""
    return (f'<details class="claim" id="claim-{escape(c["id"])}" data-doc="{escape(c["source"]["document"])}" '
            f'data-kind="{escape(c["kind"])}" data-verdict="{escape(c["verdict"])}"><summary>{_badge(c["verdict"])}{grade}'
            f'{markers} <b>{escape(c["id"])}</b> <span class="title">{render_text(c["title"])}</span>'
            f'<span class="why"> — {render_text(reason)}</span></summary>'
            f'<div class="body"><div class="meta">{escape(c["kind"])}{_tags(c)}</div>{grid}'
            f'{evidence}{figures}</div></details>')


def _dependency_rows(c: dict, graph: dict[str, Any] | None) -> list[tuple[str, str]]:
    """The claim's "Uses", "Used by", "Standing" and "Puts in question" rows (a results.json from before
    standing was computed has none)."""
    if "standing" not in c and not c.get("uses"):
        return []
    by_id = (graph or {}).get("by_id") or {}

    def linked(ids: list[str]) -> str:
        return ", ".join(f'{_badge(by_id[i]["verdict"])} {_link(by_id[i])}' if i in by_id
                         else f'{escape(i)} <span class="meta">(not run here)</span>' for i in ids)

    rows = [("Uses", linked(c.get("uses") or []) or "<i>no earlier claim</i>")]
    used_by = ((graph or {}).get("used_by") or {}).get(c["id"]) or []
    if used_by:
        rows.append(("Used by", linked(used_by)))
    if c.get("standing"):
        because = c.get("standing_because") or []
        rows.append(("Standing", f'<b>{escape(c["standing"])}</b>'
                     + (f' — because of {", ".join(_link({"id": i}) for i in because)}' if because else "")))
    if c.get("puts_in_question"):
        rows.append(("Puts in question", ", ".join(_link({"id": i}) for i in c["puts_in_question"])))
    return rows


def _severity(severity: str) -> str:
    return f'<span class="sev sev-{escape(severity)}">{escape(severity)}</span>'


def _tags(c: dict) -> str:
    tags = []
    if c.get("origin", "document") != "document":
        tags.append("suite's own claim")
    if c.get("scope"):
        tags.append(f'scope: {c["scope"]}')
    if c.get("by_construction"):
        tags.append("holds by construction")
    return "".join(f'<span class="tag">{escape(t)}</span>' for t in tags)


def _variants_table(variants: list[dict]) -> str:
    def outcome(v: dict) -> str:
        if v["killed"] is None:
            return render_text(v.get("notes") or "not evaluated (the check could not run here)")
        if not v["killed"]:
            return f"<b class='flip'>wrong verdict: must get {escape(str(v.get('expect')))}</b>"
        if v.get("informative") is False:
            return "as required, but the claim's own verdict is the same: shows nothing"
        return "as required"
    rows = "".join(f'<tr><td>{escape(v["role"])}</td><td>{render_text(v["description"])}</td><td>{_badge(v["verdict"])}</td>'
                   f'<td>{outcome(v)}</td></tr>' for v in variants)
    return f'<table><tr><th>role</th><th>what is changed</th><th>verdict</th><th></th></tr>{rows}</table>'


def _resolution_details(res: dict) -> str:
    """A claim's perturbations: per numeric parameter, each perturbation's verdict and the smallest refuted."""
    rows = ""
    for e in res.get("parameters") or []:
        cells = " ".join(f'{render_text(r["perturbation"])}&nbsp;{_badge(r["verdict"])}' for r in e.get("perturbations") or [])
        note = f'<div class="meta">{render_text(e["note"])}</div>' if e.get("note") else ""
        rows += (f'<tr><td>{render_text(e["parameter"])}</td><td>{render_text(_brief(e["default"], 4))}'
                 f'<div class="meta">{escape(e["kind"])}</div></td><td>{cells}{note}</td>'
                 f'<td><b>{render_text(e["resolution"])}</b></td><td>{render_text(e.get("changes_verdict") or "")}</td></tr>')
    notes = "".join(f'<p class="meta">{render_text(n)}</p>' for n in res.get("notes") or [])
    if not rows:
        return notes
    return (f'<table><tr><th>parameter</th><th>as claimed</th><th>perturbed: verdict</th><th>smallest refuted</th><th>smallest that changes the verdict</th></tr>'
            f'{rows}</table>{notes}')


def _link(c: dict) -> str:
    return f'<a href="#claim-{escape(c["id"])}">{escape(c["id"])}</a>'


def _clamp(html: str) -> str:
    """A long cell clipped to a few lines by CSS (never cut inside markup or math); a click shows it all."""
    return f'<div class="clamp" title="click to show all">{html}</div>'


#: One line per verdict and per severity, as the legend shows them.
VERDICT_MEANINGS = {
    "verified": "the check found the claim holds at this budget",
    "refuted": "a counterexample or a measurement against the claim, under the most charitable reading the text supports",
    "inconclusive": "not enough power at this budget; the entry says what would decide it",
    "ill-posed": "the claim cannot be made precise; the entry says why",
    "error": "the check raised an exception",
    "skipped": "something the check needs is missing here (a GPU, a source document)",
}
SEVERITY_MEANINGS = {
    "typo": "the text is off by one symbol while the intended statement holds (its correction is verified beside it)",
    "proof-gap": "a step of the argument fails",
    "false": "the stated conclusion fails",
    "not-reproduced": "an empirical statement fails at the document's own scale",
}


def _legend() -> str:
    verdicts = "".join(f"<li>{_badge(v)} {escape(VERDICT_MEANINGS.get(v, ''))}</li>" for v in VERDICT_ORDER)
    severities = "".join(f"<li>{_severity(s)} {escape(m)}</li>" for s, m in SEVERITY_MEANINGS.items())
    return (f'<div class="legend" id="legend"><div><b>Verdicts</b><ul>{verdicts}</ul></div>'
            f'<div><b>Severity of a refuted claim</b><ul>{severities}</ul></div></div>')


#: The badge colours of CSS, for the dependency graph's nodes.
VERDICT_COLOURS = {"verified": "#1f8a4c", "refuted": "#c0392b", "inconclusive": "#b7791f", "ill-posed": "#6b46c1",
                   "error": "#444", "skipped": "#8a94a6"}
#: The ring of a finding that puts what uses it in question (solid) and of a claim resting on one (dashed).
RING = "#c0392b"
GRAPH_NODE_W, GRAPH_NODE_H, GRAPH_GAP_X, GRAPH_ROW_H, GRAPH_MARGIN = 150, 44, 16, 78, 8
GRAPH_MAX_W = 1180
GRAPH_LABEL_CHARS = 23


def _uses_graph(claims: list[dict]) -> dict[str, Any]:
    """Per claim id of the run: the claims it uses (those in the run) and those that use it."""
    ran = {c["id"] for c in claims}
    uses = {c["id"]: [u for u in c.get("uses") or () if u in ran] for c in claims}
    used_by: dict[str, list[str]] = {cid: [] for cid in ran}
    for cid, used in uses.items():
        for u in used:
            used_by[u].append(cid)
    return {"by_id": {c["id"]: c for c in claims}, "uses": uses, "used_by": {k: sorted(v) for k, v in used_by.items()}}


def _node_label(cid: str) -> list[str]:
    """A node's label: the id without its family prefix when long, broken at dots (and within a long
    part after its hyphens) into at most three lines, each truncated to what a node holds (the full
    id is in the tooltip)."""
    short = cid if len(cid) <= 20 else cid.split(".", 1)[1]
    parts = []
    for part in short.split("."):  # a part too long for a line breaks after its hyphens
        if len(part) < GRAPH_LABEL_CHARS:
            parts.append(part)
            continue
        words = part.split("-")
        parts.extend(w + "-" for w in words[:-1])
        parts.append(words[-1])
    parts = [p for p in parts if p]
    lines: list[str] = []
    line = ""
    for i, part in enumerate(parts):
        piece = part + ("." if i < len(parts) - 1 and not part.endswith("-") else "")
        if line and len(line) + len(piece) > GRAPH_LABEL_CHARS:
            lines.append(line)
            line = piece
        else:
            line += piece
    lines.append(line)
    if len(lines) > 3:
        lines = lines[:2] + ["".join(lines[2:])]
    return [s if len(s) <= GRAPH_LABEL_CHARS else s[:GRAPH_LABEL_CHARS - 1] + "…" for s in lines]


def _graph_order(nodes: list[str], uses: dict[str, list[str]]) -> list[list[str]]:
    """Nodes by layer (a claim's layer is 1 + the longest chain of claims it uses), each layer ordered
    to keep edges short: a few sweeps placing each node at the mean position of its neighbours in the
    layer above (downwards) or below (upwards)."""
    depth = layers({n: uses.get(n, []) for n in nodes})
    by_layer: dict[int, list[str]] = {}
    for n in sorted(nodes):
        by_layer.setdefault(depth[n], []).append(n)
    order = [by_layer[k] for k in sorted(by_layer)]
    users: dict[str, list[str]] = {n: [] for n in nodes}
    for n in nodes:
        for u in uses.get(n, []):
            users[u].append(n)

    def positions() -> dict[str, float]:
        return {n: (i + 0.5) / len(layer) for layer in order for i, n in enumerate(layer)}

    for sweep in range(4):
        pos = positions()
        down = sweep % 2 == 0
        for k in (range(1, len(order)) if down else range(len(order) - 2, -1, -1)):
            def key(n: str) -> tuple[float, str]:
                near = uses.get(n, []) if down else users[n]
                xs = [pos[m] for m in near]
                return (sum(xs) / len(xs) if xs else pos[n], n)
            order[k] = sorted(order[k], key=key)
            pos = positions()
    return order


def _components(nodes: list[str], uses: dict[str, list[str]]) -> list[list[str]]:
    """The weakly connected parts of the graph, largest first (then by their first id)."""
    parent = {n: n for n in nodes}

    def root(n: str) -> str:
        while parent[n] != n:
            parent[n] = parent[parent[n]]
            n = parent[n]
        return n

    for n in nodes:
        for u in uses.get(n, []):
            parent[root(n)] = root(u)
    parts: dict[str, list[str]] = {}
    for n in sorted(nodes):
        parts.setdefault(root(n), []).append(n)
    return sorted(parts.values(), key=lambda p: (-len(p), p[0]))


def _graph_positions(nodes: list[str], uses: dict[str, list[str]]) -> tuple[dict[str, tuple[float, float]], float, float]:
    """Each node's top-left corner, and the drawing's width and height. Each connected part is laid out
    on its own, layer by layer (a layer wider than the drawing wraps onto further rows), and the parts
    are packed left to right onto shelves, largest first, so that unrelated chains do not cross."""
    step_x, per_row = GRAPH_NODE_W + GRAPH_GAP_X, max(1, (GRAPH_MAX_W + GRAPH_GAP_X) // (GRAPH_NODE_W + GRAPH_GAP_X))
    blocks = []
    for part in _components(nodes, uses):
        rows = [layer[i:i + per_row] for layer in _graph_order(part, uses) for i in range(0, len(layer), per_row)]
        w = max(len(r) for r in rows) * step_x - GRAPH_GAP_X
        local = {n: ((w - (len(row) * step_x - GRAPH_GAP_X)) / 2 + i * step_x, r * GRAPH_ROW_H)
                 for r, row in enumerate(rows) for i, n in enumerate(row)}
        blocks.append((local, w, len(rows) * GRAPH_ROW_H - (GRAPH_ROW_H - GRAPH_NODE_H)))
    at: dict[str, tuple[float, float]] = {}
    x = y = shelf = width = 0.0
    for local, w, h in blocks:
        if x and x + w > GRAPH_MAX_W:
            x, y, shelf = 0.0, y + shelf + GRAPH_ROW_H - GRAPH_NODE_H, 0.0
        for n, (lx, ly) in local.items():
            at[n] = (GRAPH_MARGIN + x + lx, GRAPH_MARGIN + y + ly)
        width, shelf = max(width, x + w), max(shelf, h)
        x += w + 3 * GRAPH_GAP_X
    return at, width + 2 * GRAPH_MARGIN, y + shelf + 2 * GRAPH_MARGIN


def _dependency_graph(doc_claims: list[dict], graph: dict[str, Any], index: int) -> str:
    """The document's claims that use or are used by another, drawn as an inline SVG laid out here:
    layers top to bottom (what uses nothing on top), an arrow from each result to each claim it uses,
    nodes filled with their verdict's badge colour, a solid red ring on a refuted claim that puts what
    uses it in question (false, not reproduced, proof gap), a dashed red ring on one that rests on such
    a step; each node links to its claim, its tooltip gives id, verdict and standing."""
    mine = {c["id"] for c in doc_claims}
    uses = {cid: [u for u in graph["uses"].get(cid, []) if u in mine] for cid in mine}
    nodes = sorted(n for n in mine if uses[n] or any(n in uses[m] for m in mine))
    if not nodes:
        return ""
    by_id = graph["by_id"]
    at, width, height = _graph_positions(nodes, uses)

    def carries(n: str) -> bool:  # a refutation runs along the edges into n
        c = by_id[n]
        return propagates(c["verdict"], c.get("severity")) or c.get("standing") == "rests on a refuted step"

    # spread the ends of the edges along a node's top (outgoing) and bottom (incoming) edge
    def offsets(ends: dict[str, list[str]], other_x) -> dict[tuple[str, str], float]:
        out = {}
        for n, others in ends.items():
            others = sorted(others, key=other_x)
            step = min(12.0, (GRAPH_NODE_W - 30) / max(1, len(others)))
            for k, m in enumerate(others):
                out[(n, m)] = (k - (len(others) - 1) / 2) * step
        return out

    out_off = offsets({n: uses[n] for n in nodes}, lambda m: at[m][0])
    in_off = offsets({n: [m for m in nodes if n in uses[m]] for n in nodes}, lambda m: at[m][0])
    edges = []
    for n in nodes:
        for m in uses[n]:
            sx, sy = at[n][0] + GRAPH_NODE_W / 2 + out_off[(n, m)], at[n][1]
            ex, ey = at[m][0] + GRAPH_NODE_W / 2 + in_off[(m, n)], at[m][1] + GRAPH_NODE_H + 2
            bend = max(18.0, min(60.0, (sy - ey) / 2))
            red = carries(m)
            edges.append(f'<path class="edge{" carries" if red else ""}" d="M{sx:.1f},{sy:.1f} C{sx:.1f},{sy - bend:.1f} '
                         f'{ex:.1f},{ey + bend:.1f} {ex:.1f},{ey:.1f}" fill="none" stroke="{RING if red else "#8a94a6"}" '
                         f'stroke-width="{1.6 if red else 1.1}" marker-end="url(#arrow-{index}-{"red" if red else "grey"})">'
                         f'<title>{escape(n)} uses {escape(m)}</title></path>')
    boxes = []
    for n in nodes:
        c = by_id[n]
        x, y = at[n]
        verdict, standing_ = c["verdict"], c.get("standing") or ""
        tip = f"{n}\nverdict: {verdict}" + (f' ({c["severity"]})' if c.get("severity") else "")
        if standing_:
            tip += f"\nstanding: {standing_}" + (f' (because of {", ".join(c.get("standing_because") or [])})'
                                                 if c.get("standing_because") else "")
        ring = ""
        if propagates(verdict, c.get("severity")):
            ring = "solid"
        elif standing_ == "rests on a refuted step":
            ring = "dashed"
        ring_svg = (f'<rect x="{x - 3.5:.1f}" y="{y - 3.5:.1f}" width="{GRAPH_NODE_W + 7}" height="{GRAPH_NODE_H + 7}" '
                    f'rx="8" fill="none" stroke="{RING}" stroke-width="{2.5 if ring == "solid" else 2}"'
                    + (' stroke-dasharray="5 3"' if ring == "dashed" else "") + "/>") if ring else ""
        lines = _node_label(n)
        first = y + GRAPH_NODE_H / 2 - (len(lines) - 1) * 6.5 + 4
        text = "".join(f'<tspan x="{x + GRAPH_NODE_W / 2:.1f}" y="{first + k * 13:.1f}">{escape(s)}</tspan>'
                       for k, s in enumerate(lines))
        boxes.append(f'<a class="node{" ring-" + ring if ring else ""}" href="#claim-{escape(n)}" data-id="{escape(n)}">'
                     f'<title>{escape(tip)}</title>{ring_svg}'
                     f'<rect x="{x:.1f}" y="{y:.1f}" width="{GRAPH_NODE_W}" height="{GRAPH_NODE_H}" rx="5" '
                     f'fill="{VERDICT_COLOURS.get(verdict, "#8a94a6")}"/>'
                     f'<text text-anchor="middle" font-size="11" fill="#fff">{text}</text></a>')
    markers = "".join(f'<marker id="arrow-{index}-{name}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" '
                      f'markerHeight="7" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="{colour}"/></marker>'
                      for name, colour in (("grey", "#8a94a6"), ("red", RING)))
    svg = (f'<svg class="depgraph" xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" height="{height:.0f}" '
           f'viewBox="0 0 {width:.0f} {height:.0f}" role="img" aria-label="dependency graph of {len(nodes)} claims">'
           f'<defs>{markers}</defs><g class="edges">{"".join(edges)}</g><g class="nodes">{"".join(boxes)}</g></svg>')
    isolated = len(mine) - len(nodes)
    note = ('<p class="meta">An arrow goes from a result to each earlier claim of the document its proof or derivation '
            'uses; what uses nothing is on top. Fill: the verdict. Solid red ring: refuted as false, not reproduced or a '
            'proof gap, which puts every claim that uses it, directly or not, in question (red arrows carry it). Dashed red '
            'ring: not refuted itself, but rests on such a step. A typo does not propagate: its intended statement holds. '
            'Hover a node for its verdict and standing; click to open the claim.'
            + (f' {isolated} other claim(s) of this document use none and are used by none (not drawn).' if isolated else "")
            + "</p>")
    return (f'<details class="deps"><summary>Dependencies ({len(nodes)} claims)</summary>{note}'
            f'<div class="scroll">{svg}</div></details>')


def _questioned(c: dict, by_id: dict[str, dict]) -> str:
    """Under a finding: the claims that rest on it (links), or nothing."""
    ids = c.get("puts_in_question") or []
    if not ids:
        return ""
    links = ", ".join(_link(by_id.get(i) or {"id": i}) for i in ids)
    return (f'<div class="question clamp" title="click to show all"><b>Puts in question</b> ({len(ids)}): '
            f'{links}</div>')


INVENTORY_STATUS = {"not a claim:": "not a claim", "uncovered:": "uncovered"}


def _inventory(results: dict, doc: str, by_id: dict[str, dict]) -> str:
    """The document's inventory (``results["inventory"][doc]``, when the run has one): every checkable
    item with the claims that decide it and their verdicts, or why it needs none; uncovered items
    highlighted."""
    inv = (results.get("inventory") or {}).get(doc)
    if not inv:
        return ""
    items = inv.get("items") or []

    def status(item: dict) -> str:
        if item.get("status"):
            return item["status"]
        if item.get("claims"):
            return "decided"
        return next((s for p, s in INVENTORY_STATUS.items() if (item.get("reason") or "").startswith(p)), "uncovered")

    counts = inv.get("counts") or {}
    n = counts.get("items", len(items))
    decided = counts.get("decided", sum(status(i) == "decided" for i in items))
    uncovered = counts.get("uncovered", sum(status(i) == "uncovered" for i in items))
    not_claims = counts.get("not_a_claim", sum(status(i) == "not a claim" for i in items))
    rows = ""
    for item in items:
        st = status(item)
        if item.get("claims"):
            verdicts = item.get("verdicts") or {}
            cell = ", ".join(f'{_badge(verdicts[cid])} {_link({"id": cid})}' if cid in verdicts and cid in by_id
                             else f'{escape(cid)} <span class="meta">(not run here)</span>' for cid in item["claims"])
        else:
            reason = item.get("reason") or ""
            prefix = next((p for p in INVENTORY_STATUS if reason.startswith(p)), "")
            cell = (f'<b>{escape(prefix[:-1])}</b>: ' if st == "uncovered" else escape(prefix) + " " if prefix else "")
            cell += render_text(reason[len(prefix):].strip())
        rows += (f'<tr class="inv-{escape(st.replace(" ", "-"))}"><td>{escape(str(item.get("id", "")))}</td>'
                 f'<td>{render_text(str(item.get("location", "")))}</td><td>{escape(str(item.get("kind", "")))}</td>'
                 f'<td>{render_text(item.get("says") or "")}</td><td>{cell}</td></tr>')
    return (f'<details class="inventory"><summary>Coverage: {n} items, {decided} decided by claims, {uncovered} uncovered'
            f'</summary><p class="meta">Every checkable item of the document, read from the document itself: the claims that '
            f'decide it, with their verdicts on this run, or why it needs none ({not_claims} not a claim). Uncovered items '
            f'are checkable statements no claim decides yet.</p><div class="scroll"><table class="inventory"><tr><th>item</th>'
            f'<th>location</th><th>kind</th><th>what it says</th><th>claims, or why none</th></tr>{rows}</table></div></details>')


def _errata(results: dict, status: dict) -> str:
    """The first screen: per document, what is wrong in it (substantive findings first, then typos
    with their corrections), then what holds, what is undecided, and what holds by construction.
    A claim not re-checked on this run (its document missing) keeps its recorded finding here."""
    claims = results["claims"]
    by_id = {c["id"]: c for c in claims}
    stale = {e["id"]: e for e in status["not_rechecked"]}
    graph = _uses_graph(claims)

    def severity(c: dict) -> str | None:
        if c["id"] in stale:
            return c.get("recorded_severity") or stale[c["id"]].get("severity")
        return c.get("severity")

    out = ['<h2>What is wrong in each document</h2><p class="meta">One line per refuted claim of a document, '
           'substantive findings first (false, not reproduced, proof gap), then typos with their corrections. '
           "A claim is refuted only when the most charitable reading the text supports fails too; measurements "
           "below the document's scale or on a substitute task never refute it.</p>", _legend()]
    for index, doc in enumerate(sorted({c["source"]["document"] for c in claims})):
        mine = [c for c in claims if c["source"]["document"] == doc]
        documents = [c for c in mine if c.get("origin", "document") == "document"]
        findings = sorted((c for c in documents if c["verdict"] == "refuted"
                           or (c["id"] in stale and c["recorded_verdict"] == "refuted")),
                          key=lambda c: (SEVERITIES.index(severity(c)) if severity(c) in SEVERITIES
                                         else len(SEVERITIES), c["id"]))
        counts = Counter(severity(c) or "ungraded" for c in findings)
        verdicts = Counter(c["verdict"] for c in documents)
        line = "findings: " + (", ".join(f"{counts[s]} {s}" for s in (*SEVERITIES, "ungraded") if counts.get(s)) or "none")
        if any(c["id"] in stale for c in findings):
            line += f" ({sum(c['id'] in stale for c in findings)} as recorded, not re-checked)"
        line += " · " + ", ".join(f"{verdicts[v]} {v}" for v in VERDICT_ORDER if v != "refuted" and verdicts.get(v))
        rows = ""
        for c in findings:
            if c["id"] in stale:
                true = f"{NOT_RECHECKED}; recorded {escape(str(c['recorded_verdict']))}"
                if c.get("finding"):
                    true += ": " + render_text(c["finding"])
            else:
                true = render_text(c.get("finding") or _brief(c["measured"]))
            fix = by_id.get(c.get("correction") or "")
            correction = (f'<div class="fix">Correction, {_link(fix)} {_badge(fix["verdict"])}: '
                          f'{render_text(fix["statement"])}</div>') if fix else ""
            sev = severity(c)
            rows += (f'<tr><td>{_severity(sev) if sev else "<b>ungraded</b>"}</td>'
                     f'<td>{_link(c)}<div class="meta">{render_text(c["source"]["location"])}</div></td>'
                     f'<td>{_clamp(render_text(c.get("reading") or c["statement"]))}</td>'
                     f'<td>{_clamp(true + correction)}{_questioned(c, by_id)}</td>'
                     f'<td><a href="#claim-{escape(c["id"])}">evidence</a></td></tr>')
        table = (f'<table class="errata"><tr><th>severity</th><th>claim</th><th>what the text says</th>'
                 f'<th>what is true</th><th></th></tr>{rows}</table>') if rows else "<p>No claim of this document is refuted.</p>"
        groups = [
            ("verified", [c for c in documents if c["verdict"] == "verified" and not c.get("by_construction")], None),
            ("inconclusive", [c for c in documents if c["verdict"] == "inconclusive"], "would_decide"),
            ("holds by construction", [c for c in documents if c.get("by_construction")], None),
            ("ill-posed", [c for c in documents if c["verdict"] == "ill-posed"], "notes"),
            ("skipped", [c for c in documents if c["verdict"] == "skipped"], "notes"),
            ("error", [c for c in documents if c["verdict"] == "error"], "notes"),
            ("the suite's own claims (extensions, not the document's)",
             [c for c in mine if c.get("origin", "document") != "document"], "statement"),
        ]
        rest = ""
        for label, items, field in groups:
            if not items:
                continue
            lis = "".join(f'<li>{_badge(c["verdict"])} {_link(c)}: {render_text(c["title"])}'
                          + (f' <span class="meta">— {render_text(c.get(field))}</span>' if field and c.get(field) else "")
                          + "</li>" for c in items)
            rest += f"<details><summary>{escape(label)} ({len(items)})</summary><ul>{lis}</ul></details>"
        title = (results.get("documents") or {}).get(doc, doc)
        out.append(f'<section class="doc"><h3>{render_text(title)}</h3><p class="meta">{escape(doc)} · '
                   f'{len(documents)} claims of the document · {escape(line)}</p>{table}{rest}'
                   f'{_dependency_graph(mine, graph, index)}{_inventory(results, doc, by_id)}</section>')
    return "".join(out)


def _partial_banner(results: dict) -> str:
    partial = results.get("partial")
    if not partial:
        return ""
    return (f'<p><b>Partial run</b> ({escape("; ".join(partial["reasons"]))}): '
            f'{len(results["claims"])} claims only. Everything below, the errata and the coverage included, covers '
            "these claims alone; the complete report (index.html) is not replaced by this page.</p>")


def _status_banner(results: dict, status: dict) -> str:
    """The first thing on the page: does this run match what is recorded with its claims? Names
    every differing verdict and every variant with the wrong verdict, the documents missing and the
    claims not re-checked because of them, a partial run and the verdicts changed since a baseline."""
    claims = results["claims"]
    m = (results.get("summary") or {}).get("mutation") or {}
    counts = Counter(c["verdict"] for c in claims)
    tally = ", ".join(f"{counts[v]} {v}" for v in VERDICT_ORDER if counts.get(v))
    if status["matches_records"]:
        head = (f'<p class="status-line"><b>✓ This run matches its records:</b> {len(claims)} claims ({tally}), '
                f'{m.get("refuted", 0)} of {m.get("mutants", 0)} mutants refuted, '
                f'{m.get("controls_verified", 0)} of {m.get("controls", 0)} controls verified.</p>')
    else:
        items = "".join(f'<li>{_link(d)}: computed {_badge(d["verdict"])}, recorded {_badge(d["recorded_verdict"])}</li>'
                        for d in status["differing"])
        items += "".join(f'<li>{_link(v)}: {escape(v["role"])} “{render_text(v["description"])}” got '
                         f'{_badge(v["verdict"])}, must get {_badge(v["expect"])}</li>'
                         for v in status["surviving_variants"])
        head = (f'<p class="status-line"><b>✗ This run differs from its records:</b> '
                f'{len(status["differing"])} verdict(s) differ from the recorded ones, '
                f'{len(status["surviving_variants"])} variant(s) got the wrong verdict '
                f'({len(claims)} claims: {tally}).</p><ul>{items}</ul>')
    extra = ""
    if status["missing_documents"] or status["not_rechecked"]:
        docs = ", ".join(escape(_shown_path(d)) for d in status["missing_documents"]) or "none named"
        stale = ", ".join(f'{_link(e)} (recorded {escape(str(e["recorded_verdict"]))}'
                          + (f', {escape(e["severity"])}' if e.get("severity") else "") + ")"
                          for e in status["not_rechecked"]) or "none"
        extra += (f'<p class="status-missing"><b>Documents missing:</b> {docs}. Claims {NOT_RECHECKED}, '
                  f'their recorded verdicts kept: {stale}.</p>')
    extra += _partial_banner(results)
    base = results.get("baseline")
    if base and base.get("changes"):
        extra += (f'<p>{len(base["changes"])} verdict(s) changed since the baseline '
                  f'{escape(_shown_path(str(base.get("path"))))}: see <a href="#baseline">changes since baseline</a>.</p>')
    cls = "status-ok" if status["matches_records"] else "status-differs"
    return f'<div id="run-status" class="{cls}">{head}{extra}</div>'


def _score(part: int, whole: int) -> str:
    return "n/a" if not whole else f"{100 * part / whole:.1f}%"


def _mutation(results: dict) -> str:
    m = results["summary"]["mutation"]
    by_id = {c["id"]: c for c in results["claims"]}
    missing = m["claims_without_mutant"]
    note = (f'{len(missing)} claim(s) without a mutant: {escape(", ".join(missing))}.' if missing
            else "Every claim has at least one mutant.")
    gaps = m.get("gaps") or []
    if gaps:
        rows = "".join(f'<tr><td>{_link(g)}</td><td>{_badge(g["verdict"])}'
                       + (f' <span class="meta">(before the scope gate {escape(g["verdict_before_scope_gate"])})</span>'
                          if g["verdict_before_scope_gate"] != g["verdict"] else "")
                       + f'</td><td>{len(by_id.get(g["id"], {}).get("mutants") or [])}</td><td class="why">{render_text(g["why"])}</td>'
                       f'<td class="why">{render_text(g["variants_note"]) if g["variants_note"] else "<b>not explained</b>"}</td></tr>'
                       for g in gaps)
        gap_list = (f'<details><summary>{len(gaps)} gap(s): claims with no informative variant '
                    f'({m.get("gaps_unexplained", 0)} not explained)</summary><table><tr><th>claim</th><th>verdict</th>'
                    f'<th>variants</th><th>why none differs</th><th>the claim\'s explanation</th></tr>{rows}</table></details>')
    else:
        gap_list = "<p class='meta'>No gap: every claim has a variant whose verdict differs from its own.</p>"
    informative, evaluated = m.get("informative", 0), m.get("evaluated", 0)
    return (f'<h2>Mutation score</h2><div class="cards">'
            f'<div class="card">informative score<b>{_score(informative, evaluated)}</b></div>'
            f'<div class="card">informative variants<b>{informative}/{evaluated}</b></div>'
            f'<div class="card">raw score<b>{_score(m["refuted"], m["mutants"])}</b></div>'
            f'<div class="card">mutants refuted<b>{m["refuted"]}/{m["mutants"]}</b></div>'
            f'<div class="card">controls verified<b>{m["controls_verified"]}/{m["controls"]}</b></div>'
            f'<div class="card">gaps<b>{len(gaps)}</b></div>'
            f'<div class="card">not evaluated here<b>{m["not_evaluated"]}</b></div></div>'
            f'<p class="meta">Each mutant is a wrong version of its claim that the same check, on the same measurement, '
            f'must refute; each control a right version (often the correction of a refuted claim) that it must verify. '
            f'The raw score counts mutants refuted. A variant is <i>informative</i> only when it gets its required verdict '
            f"and that verdict differs from the claim's own before the scope gate: a mutant refuted beside a claim that is "
            f'refuted anyway shows nothing. The informative score is informative variants over variants evaluated; a claim '
            f'with no informative variant is a gap, closed by a variant that can differ or explained by the claim. '
            f'Variants of checks that could not run here (skipped) are not evaluated. {note}</p>{gap_list}')


def _resolution(results: dict) -> str:
    """Per numeric constant a claim asserts, the smallest automatic perturbation its check refutes."""
    res = results["summary"].get("resolution") or {}
    table = res.get("table") or []
    if not table:
        return ""
    poor = res.get("poor_resolution") or []
    poor = (f" Verified claims whose check refutes none of the perturbations, not even ±50% (poor resolution): "
            f"{escape(', '.join(poor))}." if poor else "")
    rows = "".join(f'<tr><td><a href="#claim-{escape(r["claim"])}">{escape(r["claim"])}</a></td>'
                   f'<td>{render_text(r["parameter"])}</td><td>{_badge(r["claim_verdict"])}</td>'
                   f'<td>{render_text(r["smallest_refuted"])}'
                   + (f'<div class="meta">{render_text(r["note"])}</div>' if r.get("note") else "")
                   + f'</td><td>{render_text(r.get("changes_verdict") or "")}</td></tr>'
                   for r in table)
    return (f'<h2>Resolution</h2><p class="meta">Every number a claim asserts (a bound, a constant, an exponent) '
            f'is moved automatically (floats by ±1%, ±10%, ±50%; ints by ±1 and ±50%; a zero by ±0.01, ±0.1, ±0.5) and '
            f"the check's decision rerun on the same measurement. This measures how finely the check resolves the "
            f'number, not whether the claim holds: a moved bound may still be true, so no perturbation has a required '
            f'verdict. For a claim refuted before the gate, the perturbation that changes its verdict says more than '
            f'the smallest refuted. {res.get("parameters", 0)} parameter(s), {res.get("none_refuted", 0)} refuted by no perturbation; '
            f'{num(res.get("seconds", 0), 3)} s in all.{poor}</p><details><summary>claim, parameter, smallest perturbation refuted'
            f'</summary><table><tr><th>claim</th><th>parameter</th><th>claim\'s verdict (before the gate)</th>'
            f'<th>smallest refuted</th><th>smallest that changes the verdict</th></tr>{rows}</table></details>')


def _summary(results: dict, status: dict) -> str:
    claims = results["claims"]
    counts = Counter(c["verdict"] for c in claims)
    cards = "".join(f'<div class="card">{_badge(v)}<b>{counts.get(v, 0)}</b></div>' for v in VERDICT_ORDER)
    flips = len(status["differing"])
    cards += f'<div class="card">differs from recorded<b class="{"flip" if flips else ""}">{flips}</b></div>'
    if status["not_rechecked"]:
        cards += f'<div class="card">not re-checked (document missing)<b>{len(status["not_rechecked"])}</b></div>'
    head = "".join(f"<th>{_badge(v)}</th>" for v in VERDICT_ORDER) + "".join(f"<th>{_severity(s)}</th>" for s in SEVERITIES)
    body = ""
    for doc, per in sorted(results["summary"]["by_document"].items()):
        body += (f"<tr><td>{escape(doc)}</td>" + "".join(f"<td>{per['verdicts'].get(v, 0)}</td>" for v in VERDICT_ORDER)
                 + "".join(f"<td>{per['severity'][s]}</td>" for s in SEVERITIES) + f"<td>{per['suite_claims']}</td></tr>")
    return (f'<div class="cards">{cards}</div><h2>By source document</h2><p class="meta">Verdicts of the documents\' '
            f"claims, refuted ones split by severity; the suite's own claims (extensions) are counted apart.</p>"
            f'<table><tr><th>document</th>{head}<th>suite\'s own</th></tr>{body}</table>')


def _options(values: list[str]) -> str:
    return '<option value="">all</option>' + "".join(f'<option value="{escape(v)}">{escape(v)}</option>' for v in values)


def _claims_list(claims: list[dict], items: list[str]) -> str:
    """The filters and one expandable line per claim (verdict, severity, id, title, why)."""
    filters = (
        '<div class="filters">'
        f'<label>document <select id="f-doc">{_options(sorted({c["source"]["document"] for c in claims}))}</select></label>'
        f'<label>kind <select id="f-kind">{_options(sorted({c["kind"] for c in claims}))}</select></label>'
        f'<label>verdict <select id="f-verdict">{_options([v for v in VERDICT_ORDER if any(c["verdict"] == v for c in claims)])}</select></label>'
        '<label>text <input id="f-text" type="search" placeholder="id, title..."></label>'
        '<span id="f-count" class="meta"></span></div>'
    )
    return f'{filters}<div id="claims">{"".join(items)}</div>'


def _baseline(results: dict) -> str:
    base = results.get("baseline")
    if not base:
        return ""
    changes = base["changes"]
    intro = escape(f'Against {_shown_path(str(base.get("path")))} (commit {base.get("commit")}, '
                   f'profile {base.get("profile")}): ')
    if not changes:
        return f"<h2 id='baseline'>Changes since baseline</h2><p>{intro}no verdict changed.</p>"
    rows = "".join(f'<tr><td>{escape(ch["id"])}</td><td>{_badge(ch["before"])}</td><td>{_badge(ch["after"])}</td></tr>'
                   for ch in changes)
    return (f"<h2 id='baseline'>Changes since baseline</h2><p>{intro}{len(changes)} verdict(s) changed.</p>"
            f"<table><tr><th>claim</th><th>before</th><th>after</th></tr>{rows}</table>")


def _coverage(results: dict) -> str:
    """Catalogue IDs of the families in this run, each with the sub-claims that encode it."""
    rows = (results.get("catalogue") or {}).get("coverage") or []
    if not rows:
        return ""
    missing = [r["id"] for r in rows if not r["encoded_by"]]
    body = "".join(f'<tr><td>{escape(r["id"])}</td><td>{len(r["encoded_by"])}</td><td>'
                   + (", ".join(f'<a href="#claim-{escape(e)}">{escape(e)}</a>' for e in r["encoded_by"]) or "<b>not encoded</b>")
                   + "</td></tr>" for r in rows)
    note = f"{len(missing)} catalogue ID(s) not encoded: {escape(', '.join(missing))}." if missing else "Every catalogue ID of these families is encoded."
    return (f"<h2>Catalogue coverage</h2><p class='meta'>{note}</p><details><summary>catalogue ID → checks</summary>"
            f"<table><tr><th>catalogue ID</th><th>checks</th><th>encoded by</th></tr>{body}</table></details>")


def _provenance(results: dict) -> str:
    env = results["environment"]
    rows = [("commit", results["commit"]), ("profile", results["profile"]), ("created", results["created"]),
            ("run time", f'{num(results["run_seconds"], 3)} s'), *((k, v) for k, v in env.items())]
    body = "".join(f"<tr><th>{escape(str(k))}</th><td>{escape(str(v))}</td></tr>" for k, v in rows)
    seeds = ", ".join(f'{c["id"]}={c["seed"]}' for c in results["claims"])
    return (f"<h2>Provenance</h2><details><summary>commit {escape(str(results['commit']))}, profile "
            f"{escape(results['profile'])}, {escape(str(results['created']))}: environment and seeds</summary>"
            f"<table>{body}</table><pre>{escape(seeds)}</pre></details>")


def render_html(results: dict, out_dir: Path) -> str:
    claims = results["claims"]
    status = status_of(results)
    graph = _uses_graph(claims)
    items = [_claim_section(c, out_dir, status, graph) for c in claims]
    subtitle = escape(f'{len(claims)} claims · profile {results["profile"]} · commit {results["commit"]} · {results["created"]}')
    return (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        f"<title>Lottery-ticket claims: verification report</title><style>{CSS}</style></head><body>"
        f"<header><h1>Lottery-ticket theory: verification report</h1><p>{subtitle}</p></header><main>"
        f"{_status_banner(results, status)}{_errata(results, status)}<h2>Summary</h2>{_summary(results, status)}{_mutation(results)}{_resolution(results)}{_coverage(results)}{_baseline(results)}"
        f"<h2>Claims</h2><p class='meta'>One line per claim: its verdict and why; open a line for what the source says, "
        f"the readings, the measurement, the decision rule, the mutants, the resolution and the evidence.</p>"
        f"{_claims_list(claims, items)}{_provenance(results)}"
        f"</main><script>{SCRIPT}</script></body></html>"
    )

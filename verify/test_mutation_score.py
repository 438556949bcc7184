"""The mutation score that measures something, and each numeric claim's resolution.

A variant is informative only when it gets its required verdict and that verdict differs from the
claim's own before the scope gate; a claim with no informative variant is a gap.  Every numeric
constant a check asserts is perturbed automatically and the smallest refuted perturbation recorded."""
import json
import time
from pathlib import Path

import pytest

from lth_verify.html import render_html
from lth_verify.pytest_plugin import terminal_summary
from lth_verify.report import summarise
from theorems import resolution as resolution_module
from theorems.context import CheckContext
from theorems.registry import claim, control, metadata_problems, mutant
from theorems.resolution import describe, perturbations
from theorems.runner import resolution, result_record, run_check, variant_records
from theorems.verdict import Kind, Source, Status, Verdict

SRC = Source("tickets-random-pruning-report.md", "§0")
MEASURED = 1.0


def _register(reg, claim_id, check, recorded="verified", variants=(), **extra):
    claim(claim_id, title="t", source=SRC, kind=extra.pop("kind", Kind.EXACT), statement="s", decision_rule="r",
          recorded=recorded, mutants=list(variants), registry=reg, **extra)(check)
    return reg[claim_id]


def _equals_one(ctx, *, value=1):
    return Verdict.from_check(value == 1, checked=1, claimed=value, measured=1, counterexample={"measured": 1})


def _run(c, tmp_path, profile="quick"):
    ctx = CheckContext(c.id, profile, tmp_path)
    verdict, seconds = run_check(c, ctx)
    return json.loads(json.dumps(result_record(c, ctx, verdict, seconds, variant_records(c, ctx, verdict),
                                               resolution(c, ctx, verdict))))


@pytest.fixture
def registry():
    reg = {}
    _register(reg, "ms.verified", _equals_one, variants=[mutant("value 2", value=2)])
    # The document says 2, the truth is 1: refuted; its mutant 3 is refuted by the same rule.
    _register(reg, "ms.refuted-mutant-only", lambda ctx, *, value=2: _equals_one(ctx, value=value), recorded="refuted",
              variants=[mutant("value 3", value=3)])
    _register(reg, "ms.refuted-with-control", lambda ctx, *, value=2: _equals_one(ctx, value=value), recorded="refuted",
              variants=[mutant("value 3", value=3), control("the correction, 1", value=1)])
    _register(reg, "ms.refuted-explained", lambda ctx, *, value=2: _equals_one(ctx, value=value), recorded="refuted",
              variants=[mutant("value 3", value=3)],
              variants_note="the claim is refuted and its correction is checked as the sibling ms.verified")
    return reg


def test_a_mutant_refuted_beside_a_refuted_claim_is_not_informative(registry, tmp_path):
    record = _run(registry["ms.refuted-mutant-only"], tmp_path)
    assert record["verdict"] == "refuted"
    [v] = record["mutants"]
    assert v["killed"] is True and v["informative"] is False


def test_a_control_verified_beside_a_refuted_claim_is_informative(registry, tmp_path):
    record = _run(registry["ms.refuted-with-control"], tmp_path)
    by_role = {v["role"]: v for v in record["mutants"]}
    assert by_role["control"]["verdict"] == "verified" and by_role["control"]["informative"] is True
    assert by_role["mutant"]["killed"] is True and by_role["mutant"]["informative"] is False


def test_a_mutant_refuted_beside_a_verified_claim_is_informative(registry, tmp_path):
    [v] = _run(registry["ms.verified"], tmp_path)["mutants"]
    assert v["killed"] is True and v["informative"] is True


def test_the_claims_own_verdict_is_taken_before_the_scope_gate(tmp_path):
    """A reduced-scale claim whose rule says 'refuted' is gated to inconclusive; its refuted mutant
    agrees with the raw verdict, so it shows nothing."""
    reg = {}
    c = _register(reg, "ms.reduced", lambda ctx, *, value=2: _equals_one(ctx, value=value), recorded="inconclusive",
                  kind=Kind.EMPIRICAL, scope="reduced", variants=[mutant("value 3", value=3)])
    record = _run(c, tmp_path)
    assert record["verdict"] == "inconclusive" and record["verdict_before_scope_gate"] == "refuted"
    assert record["mutants"][0]["killed"] is True and record["mutants"][0]["informative"] is False


def test_summary_has_both_scores_and_the_gaps(registry, tmp_path):
    records = [_run(c, tmp_path) for c in registry.values()]
    m = summarise(records)["mutation"]
    # variants: verified/mutant (informative), mutant-only/mutant, with-control/mutant, with-control/control
    # (informative), explained/mutant: 5 evaluated, 2 informative; 4 mutants, all refuted.
    assert (m["mutants"], m["refuted"], m["evaluated"], m["informative"]) == (4, 4, 5, 2)
    assert m["informative_score"] == 0.4 and m["score"] == 1.0
    gaps = {g["id"]: g for g in m["gaps"]}
    assert set(gaps) == {"ms.refuted-mutant-only", "ms.refuted-explained"}
    assert "the claim itself is refuted" in gaps["ms.refuted-mutant-only"]["why"]
    assert gaps["ms.refuted-mutant-only"]["variants_note"] is None
    assert "sibling ms.verified" in gaps["ms.refuted-explained"]["variants_note"]
    assert m["gaps_unexplained"] == 1
    line = terminal_summary({"claims": records, "profile": "quick", "summary": summarise(records)})[0]
    assert line.endswith("; mutants refuted 4/4, informative variants 2/5; 2 gap(s)")


def test_a_claim_whose_variants_were_not_evaluated_is_not_a_gap(tmp_path):
    reg = {}
    c = _register(reg, "ms.skipped", lambda ctx, *, value=1: Verdict(Status.SKIPPED, claimed=None, measured=None,
                                                                      notes="no data"),
                  recorded="skipped", variants=[mutant("value 2", value=2)])
    record = _run(c, tmp_path)
    assert record["mutants"][0]["informative"] is None
    assert summarise([record])["mutation"]["gaps"] == []


def test_registration_takes_a_variants_note_and_advises_softly(registry):
    bare, explained = registry["ms.refuted-mutant-only"], registry["ms.refuted-explained"]
    assert explained.variants_note.startswith("the claim is refuted")
    assert not any("variants_note" in p for p in metadata_problems(bare))  # not required yet
    assert any("variants_note" in p for p in metadata_problems(bare, soft=True))
    assert not any("variants_note" in p for p in metadata_problems(explained, soft=True))
    assert not any("variants_note" in p for p in metadata_problems(registry["ms.refuted-with-control"], soft=True))


# --- resolution -------------------------------------------------------------------------------------------


def _bounds(ctx, *, bound=MEASURED, lower=MEASURED, value=MEASURED, count=5, formula=lambda x: x, name="x",
            flag=True, zero=0.0, pair=(MEASURED, 2 * MEASURED)):
    """Verified iff lower <= measured <= bound, value == measured, count == 5, zero is 0 and pair as stated."""
    holds = (lower <= MEASURED <= bound and value == MEASURED and count == 5 and zero == 0.0
             and pair == (MEASURED, 2 * MEASURED))
    return Verdict.from_check(holds, checked=1, claimed=bound, measured=MEASURED, counterexample=MEASURED)


@pytest.fixture
def bounds(tmp_path):
    reg = {}
    c = _register(reg, "ms.bounds", _bounds, variants=[mutant("bound below", bound=0.5)])
    return {e["parameter"]: e for e in _run(c, tmp_path)["resolution"]["parameters"]}, _run(c, tmp_path)


def test_resolution_of_a_bound_at_the_measured_value_is_one_percent_on_its_side(bounds):
    params, _ = bounds
    assert params["bound"]["smallest_refuted"] == {"+": None, "-": "-1%"}
    assert params["bound"]["resolution"] == "-1% only"
    assert params["lower"]["smallest_refuted"] == {"+": "+1%", "-": None}
    assert params["lower"]["resolution"] == "+1% only"
    assert params["value"]["resolution"] == "±1%"
    assert params["bound"]["smallest_change"] == {"+": None, "-": "-1%"} and params["bound"]["changes_verdict"] == "-1% only"
    verdicts = dict((r["perturbation"], r["verdict"]) for r in params["bound"]["perturbations"])
    assert verdicts == {"-50%": "refuted", "-10%": "refuted", "-1%": "refuted",
                        "+1%": "verified", "+10%": "verified", "+50%": "verified"}
    assert [r["perturbation"] for r in params["bound"]["perturbations"]] == ["-50%", "-10%", "-1%", "+1%", "+10%", "+50%"]


def test_ints_move_by_one_and_by_half_rounded(bounds):
    params, _ = bounds
    count = params["count"]
    assert count["kind"] == "int" and count["resolution"] == "±1"
    assert {r["perturbation"]: r["value"] for r in count["perturbations"]} == {"-50%": 2, "-1": 4, "+1": 6, "+50%": 8}
    labels, _ = perturbations(1)  # 1 x 1.5 and 1 x 0.5 round to 2 and 0, the same as +-1
    assert [p.label for p in labels] == ["+1", "-1"]


def test_a_zero_takes_absolute_steps_and_a_container_moves_all_its_leaves(bounds):
    params, _ = bounds
    zero = params["zero"]
    assert "absolute" in zero["kind"] and zero["resolution"] == "±0.01 absolute"
    pair = params["pair"]
    assert pair["kind"].startswith("tuple of 2") and pair["resolution"] == "±1%"
    assert {r["perturbation"]: r["value"] for r in pair["perturbations"]}["+10%"] == pytest.approx([1.1, 2.2])


def test_non_numeric_parameters_are_not_perturbed_only_listed(bounds):
    params, record = bounds
    assert not {"formula", "name", "flag"} & set(params)
    listed = {p["parameter"]: p["type"] for p in record["resolution"]["not_perturbable"]}
    assert listed == {"formula": "function", "name": "str", "flag": "bool"}


def test_a_perturbation_that_raises_is_recorded_not_fatal(tmp_path):
    reg = {}

    def fragile(ctx, *, rate=0.5):
        if rate > 0.5:
            raise ValueError("rate above one half")
        return Verdict.from_check(rate == 0.5, checked=1, claimed=rate, measured=0.5, counterexample=0.5)

    record = _run(_register(reg, "ms.fragile", fragile, variants=[mutant("rate 0.4", rate=0.4)]), tmp_path)
    [entry] = record["resolution"]["parameters"]
    rows = {r["perturbation"]: r for r in entry["perturbations"]}
    assert rows["+1%"]["verdict"] == "error" and "rate above one half" in rows["+1%"]["notes"]
    assert entry["smallest_refuted"] == {"+": None, "-": "-1%"} and entry["errors"] == 3


def test_an_expensive_decision_is_tried_at_ten_percent_only(tmp_path, monkeypatch):
    monkeypatch.setattr(resolution_module, "EXPENSIVE_S", 0.01)
    reg = {}

    def slow(ctx, *, bound=1.0):
        time.sleep(0.02)
        return Verdict.from_check(MEASURED <= bound, checked=1, claimed=bound, measured=MEASURED, counterexample=1)

    record = _run(_register(reg, "ms.slow", slow, variants=[mutant("low", bound=0.5)]), tmp_path)
    [entry] = record["resolution"]["parameters"]
    assert entry["capped"] and "+10% and -10% tried" in entry["note"]
    assert [r["perturbation"] for r in entry["perturbations"]] == ["-10%", "+10%"]
    assert entry["resolution"] == "-10% only"


def test_past_the_claims_budget_each_parameter_gets_its_ten_percent_pair_only(tmp_path, monkeypatch):
    monkeypatch.setattr(resolution_module, "CLAIM_BUDGET_S", 0.0)
    reg = {}
    record = _run(_register(reg, "ms.bounds", _bounds, variants=[mutant("bound below", bound=0.5)]), tmp_path)
    params = {e["parameter"]: e for e in record["resolution"]["parameters"]}
    assert [r["perturbation"] for r in params["bound"]["perturbations"]] == ["-10%", "+10%"]
    assert params["bound"]["capped"] and "+1%, -1%, +50%, -50% not tried" in params["bound"]["note"]
    assert [r["perturbation"] for r in params["count"]["perturbations"]] == ["-1", "+1"]


def test_a_verified_check_that_no_perturbation_refutes_has_poor_resolution(tmp_path):
    reg = {}

    def loose(ctx, *, bound=1.0, strict=1.0):
        return Verdict.from_check(strict >= MEASURED and bound > -1e9, checked=1, claimed=bound, measured=MEASURED,
                                  counterexample=MEASURED)

    record = _run(_register(reg, "ms.loose", loose, variants=[mutant("strict below", strict=0.5)]), tmp_path)
    resolution_summary = summarise([record])["resolution"]
    assert resolution_summary["poor_resolution"] == ["ms.loose: bound"]
    assert resolution_summary["none_refuted"] == 1 and resolution_summary["parameters"] == 2


def test_resolution_never_fails_a_record(bounds):
    """A perturbation has no required verdict: the record's problems ignore it."""
    from theorems.runner import record_problems

    _, record = bounds
    assert record_problems(record) == []


def test_describe():
    assert describe("+1%", "-1%") == "±1%" and describe("+10%", "-50%") == "+10%/-50%"
    assert describe(None, None) == "none refuted" and describe("+1", None) == "+1 only"


# --- the page ---------------------------------------------------------------------------------------------


def test_page_shows_both_scores_the_gaps_and_the_resolution(registry, tmp_path):
    reg = dict(registry)
    _register(reg, "ms.bounds", _bounds, variants=[mutant("bound below", bound=0.5)])
    records = [_run(c, tmp_path) for c in reg.values()]
    results = {"schema": 2, "profile": "quick", "created": "now", "commit": "abc", "run_seconds": 1.0,
               "environment": {"python": "3"}, "claims": records, "summary": summarise(records)}
    page = render_html(results, Path(tmp_path))
    mutation = page[page.index("<h2>Mutation score</h2>"):]
    assert "informative score<b>50.0%</b>" in mutation  # ms.bounds adds one informative mutant
    assert "informative variants<b>3/6</b>" in mutation and "mutants refuted<b>5/5</b>" in mutation
    assert "raw score<b>100.0%</b>" in mutation
    gaps = mutation[mutation.index("gap(s): claims with no informative variant"):mutation.index("</details>")]
    assert "ms.refuted-mutant-only" in gaps and "not explained" in gaps
    assert "ms.refuted-explained" in gaps and "sibling ms.verified" in gaps
    assert "#claim-ms.verified" not in gaps and "ms.refuted-with-control" not in gaps
    section = page[page.index("<h2>Resolution</h2>"):]
    assert "ms.bounds" in section and "-1% only" in section and "+1% only" in section
    claim = page[page.index('id="claim-ms.bounds"'):]
    claim = claim[:claim.index("</details>")]
    assert "smallest refuted" in claim and "-1% only" in claim
    assert "Why no variant can differ" in page[page.index('id="claim-ms.refuted-explained"'):]

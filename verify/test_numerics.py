"""Verdicts that hold on any machine: the numerics replicates of the training stages and the
runner's rule that a training-based verdict stands only where every replicate agrees
(``theorems.numerics``).  The claim tests themselves decide every training claim, and every
mutant of one, on the quick profile's nudged replicate as well as the nominal one, so a verdict
that moves under the perturbation fails the suite unless it is computed inconclusive."""
from pathlib import Path

import pytest
import torch

from empirical.hnn.experiments import NUMERICS, numerics_replicates, require, stage_config
from empirical.hnn.network import init_params, nudge
from empirical.store import canonical, config_hash
from theorems.context import CheckContext, stage_cache_dir
from theorems.numerics import note_training_read
from theorems.registry import claim, mutant
from theorems.runner import run_check, variant_records
from theorems.verdict import Kind, Source, Status, Verdict

SRC = Source("imp-renormalisation-group-thesis.md", "§8")


def test_nudge_moves_every_parameter_by_exactly_one_ulp():
    params = init_params([3, 4], outputs=2, hidden=5)
    up, down = nudge(params, 1), nudge(params, -1)
    for name, value in params.items():
        assert (up[name] > value).all() and (down[name] < value).all()
        assert torch.equal(torch.nextafter(up[name], torch.full_like(value, -torch.inf)), value)
        assert torch.equal(nudge(params, 0)[name], value)


def test_the_nominal_replicate_keeps_the_hash_every_cached_stage_was_made_under():
    nominal, nudged = stage_config("quick", "nl-imp", "nominal"), stage_config("quick", "nl-imp", "nudged")
    assert "init_nudge_ulps" not in canonical(nominal)
    assert config_hash(nominal) != config_hash(nudged)
    assert numerics_replicates("quick") == tuple(NUMERICS) and numerics_replicates("paper") == ("nominal",)
    with pytest.raises(ValueError, match="unknown numerics replicate 'jittered'"):
        stage_config("quick", "nl-imp", "jittered")


def test_one_ulp_is_enough_to_change_what_imp_prunes():
    """The perturbation is real: on the quick NL stage (computed or read from the stage cache, shared
    with the claim tests) the nudged replicate prunes different weights within the run."""
    root = stage_cache_dir()
    nominal = require("nl-imp", "quick", root, numerics="nominal")
    nudged = require("nl-imp", "quick", root, numerics="nudged")
    differing = [n for n in range(len(nominal.masks))
                 if any(not torch.equal(nominal.masks[n][w], nudged.masks[n][w]) for w in nominal.masks[n])]
    assert differing, "a one-ulp nudge of w_init left every IMP mask unchanged: the replicate tests nothing"


def _register(outcome_by_replicate: dict[str, Status], reads: bool = True, claim_id: str = "imp.synthetic-numerics"):
    registry: dict = {}

    @claim(claim_id, title="t", source=SRC, kind=Kind.STATISTICAL, statement="s",
           decision_rule="r", recorded="inconclusive", registry=registry,
           mutants=[mutant("the opposite", flip=True)])
    def _(ctx: CheckContext, *, flip: bool = False) -> Verdict:
        if reads:
            note_training_read(ctx)
        status = outcome_by_replicate[ctx.numerics]
        if flip:
            status = Status.REFUTED if status is Status.VERIFIED else Status.VERIFIED
        return Verdict(status=status, claimed="c", measured=ctx.numerics,
                       counterexample="x" if status is Status.REFUTED else None)

    return registry[claim_id]


def test_a_training_verdict_that_moves_with_the_rounding_is_inconclusive(tmp_path: Path):
    c = _register({"nominal": Status.VERIFIED, "nudged": Status.REFUTED})
    ctx = CheckContext(c.id, "quick", tmp_path)
    verdict, _ = run_check(c, ctx)
    assert verdict.status is Status.INCONCLUSIVE
    assert verdict.replicates == {"nominal": "verified", "nudged": "refuted"}
    assert "unit in the last place" in verdict.would_decide and "nudged: refuted" in verdict.decision_detail
    (variant,) = variant_records(c, ctx, verdict)
    assert variant["verdict"] == "inconclusive"  # the mutant is gated too: its kill would be the machine's


def test_a_training_verdict_every_replicate_agrees_on_stands(tmp_path: Path):
    c = _register({"nominal": Status.VERIFIED, "nudged": Status.VERIFIED})
    verdict, _ = run_check(c, CheckContext(c.id, "quick", tmp_path))
    assert verdict.status is Status.VERIFIED and verdict.replicates == {"nominal": "verified", "nudged": "verified"}


def test_a_check_that_reads_no_training_stage_runs_once(tmp_path: Path):
    c = _register({"nominal": Status.VERIFIED, "nudged": Status.REFUTED}, reads=False,
                  claim_id="imp.synthetic-numerics-no-reads")
    verdict, _ = run_check(c, CheckContext(c.id, "quick", tmp_path))
    assert verdict.status is Status.VERIFIED and verdict.replicates is None

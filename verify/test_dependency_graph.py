"""The `uses` graph between claims: well formed over the registry, and the standing rule of
theorems.standing on synthetic graphs."""
import pytest

from lth_verify.report import add_standing
from theorems.registry import all_claims
from theorems.standing import (RESTS_ON_REFUTED, RESTS_ON_UNDECIDED, REFUTED, STANDS, GraphError, layers,
                               puts_in_question, standing)


@pytest.fixture(scope="module")
def registry():
    return {c.id: c for c in all_claims()}


def test_every_used_claim_is_registered_and_of_the_same_document(registry):
    problems = []
    for c in registry.values():
        for u in c.uses:
            if u not in registry:
                problems.append(f"{c.id} uses unknown {u}")
            elif registry[u].source.document != c.source.document:
                problems.append(f"{c.id} ({c.source.document}) uses {u} of {registry[u].source.document}")
            if u == c.id:
                problems.append(f"{c.id} uses itself")
        if len(set(c.uses)) != len(c.uses):
            problems.append(f"{c.id} names a used claim twice")
    assert not problems, problems


def test_the_registered_graph_has_no_cycle_and_the_declared_chains_are_there(registry):
    uses = {cid: c.uses for cid, c in registry.items()}
    depth = layers(uses)  # raises GraphError on a cycle
    assert depth  # some claims are related

    def ancestors(cid):
        seen, todo = set(), list(uses[cid])
        while todo:
            a = todo.pop()
            if a not in seen:
                seen.add(a)
                todo.extend(uses[a])
        return seen

    # the three chains of the brief: Lemma 1 carries Theorem 2's diagonal term into (3.14); Theorem 7's
    # probability rests on Lemma 5's uniformity; training in W+ applies Theorem 5 through F(0) = 0
    assert "npp.thm2-second-moment.delta-term" in ancestors("npp.lemma1-bounds.large-target")
    assert "slth.lemma5-uniform" in ancestors("slth.theorem7-probability")
    assert {"im.linearisation.fixed-point", "im.gap-theorem"} <= ancestors("im.reduced-training.graph")


def test_a_chain_propagates_a_false_finding_to_every_descendant_with_the_nearest_culprit():
    verdicts = {"a": "refuted", "b": "verified", "c": "verified"}
    out = standing(verdicts, {"a": "false"}, {"b": ["a"], "c": ["b"]})
    assert out["a"] == {"standing": REFUTED, "because": []}
    assert out["b"] == {"standing": RESTS_ON_REFUTED, "because": ["a"]}
    assert out["c"] == {"standing": RESTS_ON_REFUTED, "because": ["a"]}
    assert puts_in_question(verdicts, {"a": "false"}, {"b": ["a"], "c": ["b"]}) == {"a": ["b", "c"]}


def test_the_nearest_refuted_ancestor_hides_those_above_it():
    verdicts = {"a": "refuted", "b": "refuted", "c": "verified"}
    sev = {"a": "false", "b": "proof-gap"}
    out = standing(verdicts, sev, {"b": ["a"], "c": ["b"]})
    assert out["b"]["standing"] == REFUTED
    assert out["c"] == {"standing": RESTS_ON_REFUTED, "because": ["b"]}
    assert puts_in_question(verdicts, sev, {"b": ["a"], "c": ["b"]}) == {"a": ["b", "c"], "b": ["c"]}


def test_a_diamond_names_both_culprits_once_and_puts_the_sink_in_question_once():
    #   top uses left and right, both use bottom
    verdicts = {"bottom": "verified", "left": "refuted", "right": "refuted", "top": "verified"}
    sev = {"left": "proof-gap", "right": "false"}
    uses = {"left": ["bottom"], "right": ["bottom"], "top": ["left", "right"]}
    out = standing(verdicts, sev, uses)
    assert out["top"] == {"standing": RESTS_ON_REFUTED, "because": ["left", "right"]}
    assert out["bottom"] == {"standing": STANDS, "because": []}
    assert puts_in_question(verdicts, sev, uses) == {"left": ["top"], "right": ["top"]}
    # a diamond over one refuted bottom: the top names it once
    verdicts = {"bottom": "refuted", "left": "verified", "right": "verified", "top": "verified"}
    out = standing(verdicts, {"bottom": "false"}, uses)
    assert out["top"] == {"standing": RESTS_ON_REFUTED, "because": ["bottom"]}
    assert puts_in_question(verdicts, {"bottom": "false"}, uses) == {"bottom": ["left", "right", "top"]}


def test_a_typo_does_not_propagate_but_what_it_uses_still_does():
    verdicts = {"typo": "refuted", "user": "verified"}
    out = standing(verdicts, {"typo": "typo"}, {"user": ["typo"]})
    assert out["user"] == {"standing": STANDS, "because": []}
    assert out["typo"]["standing"] == REFUTED
    assert puts_in_question(verdicts, {"typo": "typo"}, {"user": ["typo"]}) == {}
    # through a typo to a false ancestor
    verdicts = {"root": "refuted", "typo": "refuted", "user": "verified"}
    sev = {"root": "false", "typo": "typo"}
    uses = {"typo": ["root"], "user": ["typo"]}
    assert standing(verdicts, sev, uses)["user"] == {"standing": RESTS_ON_REFUTED, "because": ["root"]}
    assert puts_in_question(verdicts, sev, uses) == {"root": ["typo", "user"]}


def test_an_undecided_ancestor_leaves_the_claim_undecided_unless_something_is_refuted():
    verdicts = {"open": "inconclusive", "mid": "verified", "user": "verified"}
    uses = {"mid": ["open"], "user": ["mid"]}
    out = standing(verdicts, {}, uses)
    assert out["user"] == {"standing": RESTS_ON_UNDECIDED, "because": ["open"]}
    assert out["open"] == {"standing": STANDS, "because": []}  # its own verdict says it is undecided
    for verdict in ("ill-posed", "error", "skipped"):
        assert standing({**verdicts, "open": verdict}, {}, uses)["user"]["standing"] == RESTS_ON_UNDECIDED
    # a refuted claim above the undecided one outranks it
    verdicts = {"root": "refuted", "open": "inconclusive", "user": "verified"}
    out = standing(verdicts, {"root": "proof-gap"}, {"open": ["root"], "user": ["open"]})
    assert out["user"] == {"standing": RESTS_ON_REFUTED, "because": ["root"]}
    assert out["open"] == {"standing": RESTS_ON_REFUTED, "because": ["root"]}


def test_a_claim_with_no_uses_stands_unless_refuted():
    out = standing({"alone": "verified", "wrong": "refuted", "open": "inconclusive"}, {"wrong": "false"}, {})
    assert out == {"alone": {"standing": STANDS, "because": []}, "open": {"standing": STANDS, "because": []},
                   "wrong": {"standing": REFUTED, "because": []}}


def test_an_unknown_used_claim_or_a_cycle_is_refused_with_a_clear_error():
    with pytest.raises(GraphError, match="'b' uses unknown claim\\(s\\) 'nowhere'"):
        standing({"a": "verified", "b": "verified"}, {}, {"b": ["nowhere"]})
    with pytest.raises(GraphError, match="without a verdict: ghost"):
        puts_in_question({"a": "verified"}, {}, {"ghost": ["a"]})
    with pytest.raises(GraphError, match="cycle: a -> b -> c -> a"):
        standing({"a": "verified", "b": "verified", "c": "verified"}, {}, {"a": ["b"], "b": ["c"], "c": ["a"]})
    with pytest.raises(GraphError, match="cycle: a -> a"):
        puts_in_question({"a": "verified"}, {}, {"a": ["a"]})
    with pytest.raises(GraphError, match="cycle"):
        layers({"a": ["b"], "b": ["a"]})


def test_layers_are_one_more_than_the_longest_chain_used():
    assert layers({"b": ["a"], "c": ["b", "a"], "d": ["a"]}) == {"a": 0, "b": 1, "c": 2, "d": 1}


def test_build_results_marks_standing_over_the_claims_run():
    claims = [{"id": "x.lemma", "verdict": "refuted", "severity": "proof-gap", "uses": []},
              {"id": "x.theorem", "verdict": "verified", "severity": None, "uses": ["x.lemma"]},
              {"id": "x.corollary", "verdict": "verified", "severity": None, "uses": ["x.theorem", "x.not-run"]}]
    add_standing(claims)
    by = {c["id"]: c for c in claims}
    assert by["x.theorem"]["standing"] == RESTS_ON_REFUTED and by["x.theorem"]["standing_because"] == ["x.lemma"]
    assert by["x.corollary"]["standing_because"] == ["x.lemma"]  # a used claim not in the run is left out
    assert by["x.lemma"]["puts_in_question"] == ["x.corollary", "x.theorem"]
    assert "puts_in_question" not in by["x.theorem"]

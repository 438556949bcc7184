"""Measurements shared by the empirical IMP checks: stage results for a profile, error
curves, flow exponents and their intervals.  Everything here reads the cached stages of
``empirical.hnn.experiments``; nothing decides a verdict."""
from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy import stats

from empirical.hnn.archive import committed_complete
from empirical.hnn.experiments import SCALES, STAGES, gpu_missing, require
from empirical.hnn.flow import flow_ratios, magnitude_shares
from empirical.hnn.imp import ImpResult
from empirical.hnn.scaling import connected_outputs

from ..context import CheckContext
from ..numerics import note_training_read
from ..verdict import Status, Verdict

#: The tolerance the thesis itself uses to call a ticket no longer winning (§9.1: an
#: error at least ten times the dense network's makes a ticket ineligible).
WIN_TOLERANCE = 10.0
#: σ_i of table 2 (§9) per system, layers (input, hidden, output).
THESIS_SIGMA = {"NL": (2.4778, -0.1710, 5.2449), "HH": (2.6447, -0.1205, 4.4276)}
#: The error each system's dense network reaches in the thesis (§9.1).
THESIS_DENSE_MSE = {"nl-oscillator": 1e-6, "henon-heiles": 1e-7}
#: Dense networks count as trained to the thesis's regime when within this factor of it.
REGIME_FACTOR = 10.0
#: The lowest density inside the thesis's own runs: its IMP prunes by 90% (§8.2: 230 rounds
#: at 1% reach density 0.099).  Statements about its figures are read on d >= 0.1; rounds
#: count as inside that range down to 0.095, so that the rounding of weight counts does not
#: drop the last round of a run that ends at 0.098 (the standard profile's 22 rounds at 10%).
DOCUMENT_DENSITY_FLOOR = 0.095


def stage(ctx: CheckContext, name: str):
    """A stage of the profile's experiments, computed (once, cooperatively) if missing.
    Loaded once per process and shared by every claim: treat it as read-only."""
    note_training_read(ctx)
    return _stage(name, ctx.profile, ctx.cache_dir(), ctx.numerics)


@functools.lru_cache(maxsize=32)
def _stage(name: str, profile: str, root: Path, numerics: str):
    return require(name, profile, root, numerics=numerics)


def last_round_in_range(density: np.ndarray) -> int:
    """The last round at which every listed network's density (rounds+1, arms) is still inside
    the thesis's range (>= DOCUMENT_DENSITY_FLOOR)."""
    inside = np.asarray(density).reshape(len(density), -1).min(1) >= DOCUMENT_DENSITY_FLOOR
    return int(np.max(np.nonzero(inside)[0]))


def scale_note(ctx: CheckContext) -> str:
    return "Profile " + SCALES[ctx.profile].note + "."


def skipped_without_gpu(ctx: CheckContext, claimed: object) -> Verdict | None:
    """A ``skipped`` verdict when the profile needs a GPU that is not here and the repository
    does not hold the finished results of its six stages (``results/<profile>/``), else None."""
    reason = gpu_missing(ctx.profile)
    if reason is None:
        return None
    missing = [name for name in STAGES if name not in committed_complete(ctx.profile)]
    if not missing:
        return None
    return Verdict(status=Status.SKIPPED, claimed=claimed, measured=None,
                   notes=f"{reason}, and results/{ctx.profile}/ holds no finished results for the stages "
                         f"{', '.join(missing)}; run scripts/gpu_paper_run.sh on a GPU machine and commit what it packs")


def loss(result, indices: list[int] | None = None) -> np.ndarray:
    """Test-grid loss (the thesis's 'MSE': residual + energy penalty), (rounds+1, arms)."""
    values = result.evaluation["loss"]
    return values if indices is None else values[:, indices]


def usable_rounds(result: ImpResult, indices: list[int]) -> np.ndarray:
    """(rounds+1,) whether every listed network still joins its input to all outputs."""
    return np.array([connected_outputs({k: v[indices] for k, v in m.items()}).all() for m in result.masks])


def shares(result: ImpResult, indices: list[int]) -> np.ndarray:
    """M_i(n) from the trained weights, (rounds+1, arms, layers)."""
    return np.stack([magnitude_shares({k: v[indices] for k, v in p.items()}, {k: v[indices] for k, v in m.items()})
                     for p, m in zip(result.params, result.masks)])


def ratios(result: ImpResult, indices: list[int]) -> np.ndarray:
    """λ_i(n) over the rounds where every network is connected, (rounds', arms, layers)."""
    ok = usable_rounds(result, indices)
    last = int(np.max(np.nonzero(ok)[0]))
    return flow_ratios(shares(result, indices)[: last + 1])


@dataclass(frozen=True)
class MeanInterval:
    mean: float
    low: float
    high: float

    def as_list(self) -> list[float]:
        return [round(self.low, 4), round(self.high, 4)]


def t_interval(values: np.ndarray, confidence: float = 0.95) -> MeanInterval:
    """Student-t interval of the mean of independent values (e.g. one per seed)."""
    values = np.asarray(values, float)
    if len(values) < 2:
        raise ValueError(f"need at least two values for an interval, got {len(values)}")
    half = stats.t.ppf(0.5 + confidence / 2, len(values) - 1) * values.std(ddof=1) / np.sqrt(len(values))
    return MeanInterval(float(values.mean()), float(values.mean() - half), float(values.mean() + half))


def sigma_per_seed(result: ImpResult, indices: list[int], max_round: int | None = None) -> np.ndarray:
    """σ_i per seed: minus the least-squares slope of log M_i(n) against log d(n), over the
    connected rounds (up to ``max_round``).  With d = (1-x)^n this is the geometric mean of
    log_c λ_i; fitting against density lets rates be compared on the same axis."""
    ok = usable_rounds(result, indices)
    last = int(np.max(np.nonzero(ok)[0]))
    if max_round is not None:
        last = min(last, max_round)
    m = shares(result, indices)[: last + 1]
    d = result.density[: last + 1, indices]
    out = np.empty((len(indices), m.shape[-1]))
    for a in range(len(indices)):
        for i in range(m.shape[-1]):
            out[a, i] = np.polyfit(-np.log(d[:, a]), np.log(m[:, a, i]), 1)[0]
    return out


def dense_regime(system: str, dense_losses: np.ndarray) -> tuple[bool, str]:
    """Whether the dense networks are trained to within REGIME_FACTOR of the thesis's error."""
    target = THESIS_DENSE_MSE[system]
    med = float(np.median(dense_losses))
    reached = med <= REGIME_FACTOR * target
    return reached, (f"dense {system} median loss {med:.2e} vs the thesis's {target:.0e} "
                     f"({'within' if reached else 'outside'} a factor {REGIME_FACTOR:g})")

"""What a check receives: the profile's budget, a fixed seed, and a place for figures."""
from __future__ import annotations

import hashlib
import io
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import numpy as np
import platformdirs

from empirical.atomic import atomic_write_bytes

from .verdict import Figure

T = TypeVar("T")

#: Budgets, lightest first: ``quick`` is what CI runs, ``standard`` a heavier CPU budget,
#: ``paper`` the sources' own scale (meant for a GPU machine).
PROFILES: tuple[str, ...] = ("quick", "standard", "paper")
DEFAULT_PROFILE = "quick"


def check_profile(name: str) -> str:
    """Return ``name`` if it is a known profile, else raise naming the bad value."""
    if name not in PROFILES:
        raise ValueError(f"unknown profile {name!r} (choose from {', '.join(PROFILES)})")
    return name


def stage_cache_dir() -> Path:
    """One stage cache per user, whatever the report folder: ``$LTH_CACHE_DIR`` if set, else
    ``empirical`` under the platform's user cache folder (e.g. ``~/.cache/lth-verify``).  Stages are
    keyed by a hash of their full config and the engine version, so runs from any folder share them."""
    override = os.environ.get("LTH_CACHE_DIR")
    return Path(override) if override else Path(platformdirs.user_cache_dir("lth-verify")) / "empirical"


def claim_seed(claim_id: str) -> int:
    """A fixed 32-bit seed derived from the claim ID, so every run draws the same numbers."""
    return int.from_bytes(hashlib.sha256(claim_id.encode()).digest()[:4], "little")


@dataclass(frozen=True)
class CheckContext:
    """Run-time inputs of one check."""

    claim_id: str
    profile: str
    report_dir: Path
    #: Which numerics replicate of the training stages the check reads (see
    #: ``empirical.hnn.experiments.NUMERICS``): the runner decides a claim that depends on
    #: training on every replicate its profile has, and only what they agree on stands.
    numerics: str = "nominal"

    @property
    def seed(self) -> int:
        return claim_seed(self.claim_id)

    def rng(self, stream: int = 0) -> np.random.Generator:
        """An independent, reproducible random stream for this claim."""
        return np.random.default_rng([self.seed, stream])

    def shared_rng(self, name: str) -> np.random.Generator:
        """A stream several claims share (same numbers whichever of them draws first)."""
        return np.random.default_rng([claim_seed(name), 0])

    def budget(self, quick: T, standard: T, paper: T | None = None) -> T:
        """Pick the value for the active profile (``paper`` falls back to ``standard``)."""
        choice = {"quick": quick, "standard": standard, "paper": standard if paper is None else paper}
        return choice[self.profile]

    def cache_dir(self) -> Path:
        """Where computed experiment stages are cached (see :func:`stage_cache_dir`)."""
        return stage_cache_dir()

    def save_figure(self, fig, caption: str, name: str = "fig") -> Figure:
        """Write a matplotlib figure atomically as PNG and return its record."""
        import matplotlib.pyplot as plt

        rel = Path("figures") / f"{self.claim_id}.{name}.png"
        buffer = io.BytesIO()
        try:
            fig.savefig(buffer, dpi=110, bbox_inches="tight", format="png")
        finally:
            plt.close(fig)
        atomic_write_bytes(self.report_dir / rel, buffer.getvalue())
        return Figure(path=rel.as_posix(), caption=caption)

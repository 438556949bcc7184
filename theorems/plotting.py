"""Matplotlib set-up shared by checks: a headless backend and a consistent look."""
from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402  (backend must be chosen first)


def new_figure(width: float = 6.4, height: float = 4.0, ncols: int = 1):
    """A figure and its axes with the suite's defaults."""
    fig, axes = plt.subplots(1, ncols, figsize=(width, height), constrained_layout=True)
    return fig, axes

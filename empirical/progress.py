"""Progress of long stage computations on a terminal: the stage, round k/N, epochs per second
and the time left (tqdm).  Off when stderr is not a terminal (pytest's capture, CI logs, pipes)
and inside pytest-xdist workers, where many bars would interleave."""
from __future__ import annotations

import os
import sys
from typing import Iterator

from tqdm import tqdm


def enabled() -> bool:
    """Whether a progress display may be drawn in this process."""
    return sys.stderr.isatty() and "PYTEST_XDIST_WORKER" not in os.environ


def rounds(count: int, desc: str, epochs_per_round: int) -> Iterator[int]:
    """``range(count)``, with a bar showing round k/count, the epoch rate and an ETA when enabled."""
    if not enabled():
        yield from range(count)
        return
    with tqdm(total=count, desc=desc, unit="round", file=sys.stderr, dynamic_ncols=True,
              bar_format="{desc}: round {n_fmt}/{total_fmt} |{bar}| {elapsed}<{remaining}{postfix}") as bar:
        for n in range(count):
            yield n
            bar.update(1)
            rate = bar.format_dict.get("rate")
            if rate:
                bar.set_postfix_str(f"{rate * epochs_per_round:,.0f} epochs/s")

"""The claim catalogue ``../shared/claims.md``: which IDs exist, and which are encoded."""
from __future__ import annotations

import re
from pathlib import Path

from .registry import Claim

#: Where the catalogue sits relative to the repository root.
CATALOGUE_PATH = Path(__file__).resolve().parent.parent.parent / "shared" / "claims.md"

_ROW = re.compile(r"^\|\s*([a-z]+(?:\.[a-z0-9-]+)+)\s*\|")


def catalogue_ids(path: Path = CATALOGUE_PATH) -> list[str]:
    """Claim IDs listed in the catalogue's tables, in order; [] if the file is absent."""
    if not path.exists():
        return []
    return [m.group(1) for line in path.read_text(encoding="utf-8").splitlines() if (m := _ROW.match(line))]


def coverage(claims: list[Claim] | list[dict], ids: list[str]) -> list[dict]:
    """For each catalogue ID, the registered claims that encode it (the ID itself or
    sub-claims with the ID as prefix)."""
    registered = [c.id if isinstance(c, Claim) else c["id"] for c in claims]
    return [{"id": cid, "encoded_by": [r for r in registered if r == cid or r.startswith(cid + ".")]} for cid in ids]

"""Where the source documents are: the few checks that read a document's own text (to locate
the passages they audit) find it here.

``$LTH_SEEDS_DIR`` if set (the pytest option ``--seeds-dir`` and ``lth-verify report
--seeds-dir`` set it), else ``../shared/seeds`` beside the repository.
"""
from __future__ import annotations

import os
import re
from pathlib import Path

from .registry import DOCUMENTS
from .verdict import Status, Verdict

SEEDS_ENV = "LTH_SEEDS_DIR"
DEFAULT_SEEDS_DIR = Path(__file__).resolve().parents[2] / "shared" / "seeds"


def seeds_dir() -> Path:
    """The folder holding the source documents."""
    override = os.environ.get(SEEDS_ENV)
    return Path(override) if override else DEFAULT_SEEDS_DIR


def source_path(document: str) -> Path:
    return seeds_dir() / document


def source_text(document: str) -> str | None:
    """The document's text, or None when it is not in :func:`seeds_dir`."""
    path = source_path(document)
    return path.read_text(encoding="utf-8") if path.exists() else None


def passage_lines(document: str, patterns: dict[str, str]) -> dict[str, int] | None:
    """For each labelled regex, the line number (from 1) of its first match in ``document``;
    None when the document is not in :func:`seeds_dir`.  A pattern that matches nothing is an
    error naming it: the audit it serves would otherwise check a passage that is not there."""
    text = source_text(document)
    if text is None:
        return None
    lines = text.splitlines()
    found = {}
    for label, pattern in patterns.items():
        hits = [i + 1 for i, line in enumerate(lines) if re.search(pattern, line)]
        if not hits:
            raise LookupError(f"passage not found in {document}: {label!r} (pattern {pattern!r})")
        found[label] = hits[0]
    return found


def skipped_without(document: str, claimed: object, reads: str) -> Verdict:
    """The verdict of a check that reads ``document``'s text when the document is not here: skipped, saying
    where to point the suite (the runner keeps the claim's recorded verdict as not re-checked)."""
    return Verdict(status=Status.SKIPPED, claimed=claimed, measured=None,
                   notes=f"{document} is not in the source-documents folder (point to it with --seeds-dir or "
                         f"${SEEDS_ENV}); {reads}")


def missing_documents() -> list[str]:
    """The source documents that are not in :func:`seeds_dir`."""
    return [doc for doc in DOCUMENTS if not source_path(doc).exists()]

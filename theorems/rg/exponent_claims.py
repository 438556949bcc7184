"""Checks of rg.* claims added on the catalogue's second reading (issue 13)."""
from __future__ import annotations

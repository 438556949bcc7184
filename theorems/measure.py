"""Keep a check's measurement apart from its decision.

A claim's check is run once as the document states it and once per variant (mutant or
control, see :mod:`theorems.registry`).  The variants change only what is asserted, so the
measurement (a Monte Carlo run, a training stage, an enumeration) must not be repeated:
wrap it in :func:`measurement` and the check's body is left with the decision alone.
"""
from __future__ import annotations

import contextlib
import dataclasses
import functools
import typing
from collections import OrderedDict
from typing import Any, Callable, Iterator, TypeVar

import numpy as np

from .context import CheckContext
from .verdict import Figure

T = TypeVar("T")

#: Variants of one claim run back to back in one process, so a few entries suffice.
_KEEP = 8

#: Every function wrapped by :func:`measurement`, in the order they were defined.
MEASUREMENTS: list[Callable[..., Any]] = []

#: While :func:`emptied_measurements` is active, every measurement returns an emptied copy (see :func:`emptied`).
_EMPTIED = False
#: The names of the measurements called under :func:`emptied_measurements` (what the block yields).
_EMPTIED_CALLS: list[str] = []


class _NeedsValue(Exception):
    """The return annotation does not fix the emptied value: it holds a leaf that keeps its value (a number, a figure)."""


def emptied(value: Any, annotation: Any = None) -> Any:
    """The same shape with nothing in it: lists, tuples and sets empty; dicts keep their keys with emptied values; numpy
    arrays keep their shape but for a first axis of 0; dataclass records keep their fields, emptied; numbers, strings and
    other leaves stay as they are.  A tuple the ``annotation`` gives a fixed length (``tuple[A, B]``, a record of several
    results) keeps its length and empties each part."""
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if isinstance(value, np.ndarray):
        return np.empty((0, *value.shape[1:]), dtype=value.dtype)
    if isinstance(value, dict):
        inner = args[1] if origin is dict and len(args) == 2 else None
        return {k: emptied(v, inner) for k, v in value.items()}
    if isinstance(value, tuple) and origin is tuple and args and args[-1] is not Ellipsis and len(args) == len(value):
        return tuple(emptied(v, a) for v, a in zip(value, args))
    if isinstance(value, (list, tuple, set, frozenset)):
        return type(value)() if not hasattr(value, "_fields") else type(value)(*(emptied(v) for v in value))
    if dataclasses.is_dataclass(value) and not isinstance(value, type) and not isinstance(value, Figure):
        return dataclasses.replace(value, **{f.name: emptied(getattr(value, f.name))
                                             for f in dataclasses.fields(value) if f.init})
    return value


def _emptied_from_annotation(annotation: Any) -> Any:
    """The emptied value a return annotation fixes without running the measurement: a list, set or dict (of any content)
    is empty, ``tuple[A, ...]`` is empty, ``tuple[A, B]`` empties each part, an array has shape (0,).  Raises
    :class:`_NeedsValue` for a leaf whose value would have to stay (a number, a figure, a record class)."""
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if annotation in (list, set, frozenset) or origin in (list, set, frozenset):
        return (origin or annotation)()
    if annotation is dict or origin is dict:
        return {}
    if annotation is np.ndarray:
        return np.empty((0,))
    if annotation is Figure:  # a figure carries no evidence: a placeholder, so the measurement behind it need not run
        return Figure(path="", caption="no figure: the measurement was emptied")
    if annotation is tuple or origin is tuple:
        if not args or (len(args) == 2 and args[1] is Ellipsis):
            return ()
        return tuple(_emptied_from_annotation(a) for a in args)
    raise _NeedsValue(annotation)


@contextlib.contextmanager
def emptied_measurements() -> Iterator[list[str]]:
    """Within this block every :func:`measurement` returns an emptied copy of its normal value (see :func:`emptied`): the
    copy comes from the return annotation where that fixes it, else from the computed value.  A check run here has no
    evidence to decide on, so it must not come out verified or refuted.  Yields the list of the measurements called
    inside the block (qualified names, one entry per call)."""
    global _EMPTIED, _EMPTIED_CALLS
    previous = _EMPTIED, _EMPTIED_CALLS
    _EMPTIED, _EMPTIED_CALLS = True, []
    try:
        yield _EMPTIED_CALLS
    finally:
        _EMPTIED, _EMPTIED_CALLS = previous


def measurement(fn: Callable[..., T]) -> Callable[..., T]:
    """Memoise ``fn(ctx, *args)`` per (context, args): the claim, profile, report dir and numerics.

    The result is shared by the claim's own run and its variants: treat it as read-only.
    """
    memo: OrderedDict[tuple, T] = OrderedDict()

    def return_annotation() -> Any:
        """The return annotation, or None where there is none or it cannot be resolved."""
        try:
            return typing.get_type_hints(fn).get("return")
        except Exception:  # noqa: BLE001 - an unresolvable annotation fixes nothing
            return None

    @functools.wraps(fn)
    def measured(ctx: CheckContext, *args) -> T:
        key = (ctx, args)
        if _EMPTIED:
            _EMPTIED_CALLS.append(f"{fn.__module__}.{fn.__qualname__}")
            annotation = return_annotation()
            if key in memo:
                return emptied(memo[key], annotation)
            try:
                if annotation is None:
                    raise _NeedsValue(fn)
                return _emptied_from_annotation(annotation)
            except _NeedsValue:
                return emptied(fn(ctx, *args), annotation)
        if key in memo:
            memo.move_to_end(key)
            return memo[key]
        value = fn(ctx, *args)
        memo[key] = value
        while len(memo) > _KEEP:
            memo.popitem(last=False)
        return value

    MEASUREMENTS.append(measured)
    return measured

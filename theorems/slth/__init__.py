"""Quantised strong-lottery-ticket constructions (npp-quantized-slth-thesis.md ch. 5, prefix ``slth.``).

Weights are integer codes on a decimal grid: a weight w of precision δ = 10^-k is stored as
the integer w/δ, so every construction is checked in exact integer arithmetic.
"""

"""Side-by-side speed benchmarks (ratios measured in one run; never asserted in tests)."""

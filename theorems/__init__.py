"""Claims of the lottery-ticket sources, one module family per claim family, with their checks."""

"""Run the claim checks and write the verification report (pytest plugin, report writers, CLI)."""

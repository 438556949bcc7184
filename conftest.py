"""Top-level pytest configuration: loads the lth-verify plugin (profiles, claim tests, report)."""
pytest_plugins = ["lth_verify.pytest_plugin"]

"""转办 tests."""

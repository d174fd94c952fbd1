"""Tests of the Great Expectations suites (expectations/) on small hand-made polars frames."""

"""Benchmarks and reports: ``python -m benchmarks`` (speed against the peers),
``python -m benchmarks.accuracy`` (agreement with published timetables)."""

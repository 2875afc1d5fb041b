"""The benchmarks are scripts, run by hand, never tests.

``bench_sparql.py`` imports its siblings (``bench_report``, ``bench_machine``)
the way a script does, from its own directory, so pytest leaves it alone; the
other modules import cleanly and pytest runs their doctests.
"""

collect_ignore = ["bench_sparql.py"]

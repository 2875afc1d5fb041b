"""The benchmarks are scripts, run by hand, never tests.

The scripts (``bench_sparql.py``, ``bench_graph_view.py``) import their
siblings (``bench_report``, ``bench_machine``, ...) the way a script does, from
its own directory, so pytest leaves them alone; the other modules import
cleanly and pytest runs their doctests.
"""

collect_ignore = ["bench_graph_view.py", "bench_growth.py", "bench_soak.py", "bench_sparql.py"]

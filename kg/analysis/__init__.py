"""Stage 5, analysis: workload, the co-responsibility network, dependencies.

In: an opened store, read with the internal queries of ``queries/internal/``.
Out: plain data (dicts and lists) and networkx graphs for GraphML/GEXF export;
the views in :mod:`viz` draw from the same records and the same workload.

One job per module:

* ``records``: the store's rows → plans, tasks, departments and their relations;
* ``names``: labels in the reader's script, department names, task names ``k·n``;
* ``workload``: each department's tasks by role and weighted load;
* ``network``: the co-responsibility network and its centralities;
* ``dependencies``: direct task dependencies inside each plan, layers, chains;
* ``report``: ``analyze``, the whole report as plain data;
* ``render``: the report as JSON, text tables or Markdown;
* ``export``: GraphML and GEXF files;
* ``files``: writing a file whole or not at all.
"""

from kg.analysis.export import write_networks
from kg.analysis.render import render_report
from kg.analysis.report import analyze, analyze_with_graphs, department_network, dependency_graph, workload_of
from kg.analysis.workload import WEIGHTS

__all__ = [
    "WEIGHTS",
    "analyze",
    "analyze_with_graphs",
    "department_network",
    "dependency_graph",
    "render_report",
    "workload_of",
    "write_networks",
]

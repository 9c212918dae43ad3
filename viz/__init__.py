"""Interactive and static renderings of a plankg dataset.

    import viz
    viz.render("responsibility")                      # out/network.html from the embedded plan
    viz.render("dependency", dataset="build", lang="en")
    viz.render("workload-chart", out="report/workload.svg")

Views: ``responsibility`` (departments and tasks), ``dependency`` (tasks,
systems and lists), ``citation`` (plans, tasks and the documents they cite),
and the static ``workload-chart``. Pages are single offline HTML files.
"""

from __future__ import annotations

from viz.rendering import ALL_KINDS, find_departments, render, render_data

__all__ = ["ALL_KINDS", "find_departments", "render", "render_data"]

"""Stage 5, analysis: workload, the co-responsibility network, dependencies.

In: the rows of internal SPARQL queries over an opened store. Out: plain data
(dicts and lists) and networkx graphs for GraphML/GEXF export; the views in
:mod:`viz` draw from the same figures.
"""

"""Stage 4, SPARQL: saved queries and how they run.

In: a store opened from a build folder (or a SPARQL 1.1 endpoint), a query name
or file, and parameters typed as a person types them. Out: rows (lists of dicts)
and their renderings (table, CSV, JSON, Markdown).

Modules: ``saved`` (the registry of ``.rq`` files, their headers, parameter
binding, running locally or on an endpoint) and ``formats`` (output renderers).
"""

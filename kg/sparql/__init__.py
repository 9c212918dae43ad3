"""Stage 4, SPARQL: saved queries and how they run.

In: a store opened from a build folder (or a SPARQL 1.1 endpoint), a query name
or file, and parameters typed as a person types them. Out: rows (lists of dicts)
and their renderings (table, CSV, JSON, Markdown).

One job per module:

* ``lexer``: a query's tokens (form, variables, the WHERE brace, keywords);
* ``header``: the ``#+`` YAML header, read as grlc reads it;
* ``saved``: a saved query and the parameters its ``?_name`` variables ask for;
* ``registry``: packaged queries, the user's folders, one file (regular files only);
* ``binding``: typed values → RDF terms → a ``VALUES`` block;
* ``guard``: no ``SERVICE``, no ``FROM`` from elsewhere, no updates on local runs;
* ``local``: running on the local store within a time limit;
* ``endpoint``: the SPARQL protocol client (whole-request deadline, reply cap, shape check);
* ``results``: RDF terms → Python values, rows → dicts, lists split;
* ``language``: the default label language (the plans' own script);
* ``run``: ``query``, ``query_frame`` and the ``run`` under them;
* ``formats``: output renderers.
"""

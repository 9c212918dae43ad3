"""Stage 2, records → RDF: the knowledge graph of one or more plans.

In: :class:`kg.model.Plan` records. Out: rdflib triples and quads, one named
graph per plan plus the authority graph, what the ontology entails (``reason``),
the SHACL report (``validate``) and deterministic serialisations (``serialize``).

Modules: ``iri`` (every IRI is minted here), ``namespace`` (vocabulary terms),
``authority`` (the department and system authority files), ``triples``
(records → triples; it reads records, never task text), ``reason``,
``validate``, ``serialize``.
"""

"""Where a triple store keeps its Graph Store, query and update services, per product.

``plankg publish --endpoint URL --store NAME`` takes URL as the store's base and
finds each service from the profile below; ``--gsp-url``, ``--query-url`` and
``--update-url`` override any of them. docs/scaling.md describes each store.

=========  =========================  ===========================  =================  ==========  =====
store      URL is …                   Graph Store (graph param)    query              update      auth
=========  =========================  ===========================  =================  ==========  =====
oxigraph   http://host:7878           /store (graph)               /query             /update     none
virtuoso   http://host:8890           /sparql-graph-crud-auth      /sparql            /sparql-    digest
                                      (graph-uri)                                     auth
fuseki     http://host:3030/DATASET   /data (graph)                /query             /update     basic
graphdb    http://host:7200/          /rdf-graphs/service (graph)  (the URL)          /statements basic
           repositories/REPO
generic    the SPARQL endpoint        none: SPARQL Update          (the URL)          (the URL)   basic
=========  =========================  ===========================  =================  ==========  =====
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from kg.errors import UsageError


@dataclass(frozen=True)
class StoreProfile:
    """One product's URL layout, relative to the URL the user gives (``""`` is the URL itself)."""

    name: str
    gsp: str | None  # Graph Store HTTP Protocol service; None: load with SPARQL Update
    graph_param: str  # the query parameter naming the graph on that service
    query: str
    update: str
    auth: str  # "basic" or "digest": how user and password are sent
    note: str  # the one line `plankg publish --help` and the docs show

    def url(self, base: str, path: str | None) -> str | None:
        """``path`` under the store's ``base`` URL (``""``: the base itself)."""
        if path is None:
            return None
        if path.startswith(("http://", "https://")):
            return path
        if not path:
            return base
        return base.rstrip("/") + path

    def with_urls(self, *, gsp: str | None = None, query: str | None = None, update: str | None = None) -> StoreProfile:
        """The profile with some services at absolute URLs given by the user."""
        return replace(
            self,
            gsp=gsp if gsp is not None else self.gsp,
            query=query if query is not None else self.query,
            update=update if update is not None else self.update,
        )


PROFILES: dict[str, StoreProfile] = {
    profile.name: profile
    for profile in (
        StoreProfile(
            "oxigraph", "/store", "graph", "/query", "/update", "basic",
            "Oxigraph server (`oxigraph serve --union-default-graph`): URL http://host:7878",
        ),
        StoreProfile(
            "virtuoso", "/sparql-graph-crud-auth", "graph-uri", "/sparql", "/sparql-auth", "digest",
            "Virtuoso Open Source: URL http://host:8890; a user with the SPARQL_UPDATE role, digest auth",
        ),
        StoreProfile(
            "fuseki", "/data", "graph", "/query", "/update", "basic",
            "Apache Jena Fuseki: URL http://host:3030/DATASET (tdb2:unionDefaultGraph true for queries)",
        ),
        StoreProfile(
            "graphdb", "/rdf-graphs/service", "graph", "", "/statements", "basic",
            "Ontotext GraphDB: URL http://host:7200/repositories/REPO",
        ),
        StoreProfile(
            "generic", None, "graph", "", "", "basic",
            "any SPARQL 1.1 store: URL is its endpoint, loaded with SPARQL Update (set --gsp-url for its Graph Store)",
        ),
    )
}


def get_profile(name: str) -> StoreProfile:
    """The profile called ``name``, or a :class:`UsageError` listing them."""
    try:
        return PROFILES[name]
    except KeyError:
        raise UsageError(f"unknown store {name!r}: use one of {', '.join(PROFILES)}") from None


__all__ = ["PROFILES", "StoreProfile", "get_profile"]

"""The Starlette application of ``plankg serve``: routes, content negotiation, limits, headers.

Routes (every IRI ``{base}PATH`` of the graph is served at ``/PATH``):

=========================  ==================================================================
``/sparql``                SPARQL 1.1 Protocol, GET and POST; its service description on a GET without ``query``
``/api/NAME``              a saved query's rows (JSON or CSV); ``/api/openapi.json`` describes them
``/queries``               the saved queries as forms and an editor for ad-hoc SPARQL (no script)
``/void``                  the build's VoID and DCAT description (also ``/.well-known/void``)
``/ontology``              ``ontology/plan.ttl`` as a page (``?format=ttl``: the file)
``/dumps/``                the build's N-Quads, TriG, Turtle, N-Triples and JSON-LD files
``/PATH``                  the resource ``{base}PATH``: an HTML page, Turtle, JSON-LD, N-Triples or RDF/XML
=========================  ==================================================================

Resources are answered directly (200, ``Vary: Accept``, ``Content-Location``
naming the format-specific URL), not with a 303 redirect: ``?format=`` picks
a format whatever ``Accept`` says.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode

from kg import __version__
from kg.errors import PlanKGError, RequestRefused
from kg.resources import internal_query
from kg.graph.namespace import PREFIXES
from kg.sparql.formats import render
from kg.languages import LANGUAGES
from kg.sparql.language import default_language
from kg.sparql.registry import load_queries
from kg.sparql.run import QueryOptions, run
from kg.store.dataset import read_folder_manifest
from kg.server.api import API_FORMATS, openapi_document, split_request_parameters
from kg.server.describe import Describer
from kg.server.engine import Answer, Limits, QueryEngine, as_refusal
from kg.server.guard import check_query, check_update_request
from kg.server.ontology import ontology_context, ontology_turtle
from kg.server.pages import CONTENT_SECURITY_POLICY, Site
from kg.server.results import (
    GRAPH_TYPES,
    HTML,
    JSONLD,
    NTRIPLES,
    RDFXML,
    SOLUTION_TYPES,
    SOLUTION_WRITERS,
    TURTLE,
    MediaType,
    boolean_answer,
    graph_bytes,
    negotiate,
)

DUMP_TYPES = {
    ".nq": "application/n-quads",
    ".trig": "application/trig",
    ".ttl": "text/turtle; charset=utf-8",
    ".nt": "application/n-triples",
    ".jsonld": "application/ld+json",
    ".json": "application/json",
}
RESOURCE_TYPES = (HTML, TURTLE, JSONLD, NTRIPLES, RDFXML)
SD = "http://www.w3.org/ns/sparql-service-description#"
FORMATS_NS = "http://www.w3.org/ns/formats/"
VOID = "http://rdfs.org/ns/void#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
XSD_INTEGER = "http://www.w3.org/2001/XMLSchema#integer"


@dataclass
class ServerState:
    """What the application holds from start-up on: the opened store and everything read once."""

    engine: QueryEngine
    describer: Describer
    site: Site
    folder: Path
    manifest: dict[str, Any]
    base: str
    default_lang: str
    queries: dict[str, Any]
    prefixes: dict[str, str]
    version: str


def _root(request: Any) -> str:
    return str(request.scope.get("root_path", "")).rstrip("/")


def _server_url(request: Any) -> str:
    return f"{request.url.scheme}://{request.url.netloc}{_root(request)}"


def _text(status: int, message: str) -> Any:
    from starlette.responses import PlainTextResponse

    return PlainTextResponse(message.rstrip("\n") + "\n", status_code=status)


def _wants_html(request: Any) -> bool:
    return negotiate(request.headers.get("accept"), (MediaType("text/plain", ()), HTML)) is HTML


async def _read_body(request: Any, limit: int) -> bytes:
    declared = request.headers.get("content-length")
    if declared is not None:
        try:
            if int(declared) > limit:
                raise RequestRefused(f"the request body is larger than the server's limit of {limit} bytes", status=413)
        except ValueError:
            raise RequestRefused("Content-Length is not a number", status=400) from None
    chunks = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise RequestRefused(f"the request body is larger than the server's limit of {limit} bytes", status=413)
        chunks.append(chunk)
    return b"".join(chunks)


def _decode(body: bytes) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        raise RequestRefused("the request body is not UTF-8", status=400) from None


def create_app(
    store: Any,
    folder: Path,
    *,
    base: str | None = None,
    limits: Limits | None = None,
    queries_dir: Any = None,
) -> Any:
    """The ASGI application over an opened store and its build folder (read once, here)."""
    from starlette.applications import Starlette
    from starlette.middleware import Middleware
    from starlette.middleware.cors import CORSMiddleware
    from starlette.responses import FileResponse, HTMLResponse, JSONResponse, RedirectResponse, Response
    from starlette.routing import Route

    manifest = read_folder_manifest(folder)
    base = base or manifest.get("base") or "https://w3id.org/plankg/"
    prefixes = {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}
    page_prefixes = {**prefixes, "plankg": base}
    default_lang = default_language(store)
    describer = Describer(store)
    state = ServerState(
        engine=QueryEngine(store, limits),
        describer=describer,
        site=Site(describer, base, page_prefixes, default_lang),
        folder=folder,
        manifest=manifest,
        base=base,
        default_lang=default_lang,
        queries=load_queries(queries_dir),
        prefixes=prefixes,
        version=__version__,
    )
    engine, site = state.engine, state.site
    ontology_page_context = ontology_context(site.curie, lambda iri: site.href(iri, ""))

    def html(request: Any, text: str, status: int = 200, headers: dict[str, str] | None = None) -> Any:
        return HTMLResponse(text, status_code=status, headers=headers)

    def refusal(request: Any, error: RequestRefused) -> Any:
        path = request.url.path
        if path.startswith(("/sparql", "/api/")) or not _wants_html(request):
            return _text(error.status, str(error))
        titles = {400: "Bad request", 403: "Refused", 404: "Not found", 406: "Not acceptable", 413: "Too large", 503: "Too slow"}
        page = site.error_page(titles.get(error.status, "Error"), str(error), _root(request))
        return html(request, page, error.status)

    def guarded(handler: Callable[[Any], Awaitable[Any]]) -> Callable[[Any], Awaitable[Any]]:
        async def wrapper(request: Any) -> Any:
            try:
                return await handler(request)
            except RequestRefused as error:
                return refusal(request, error)
            except PlanKGError as error:
                return refusal(request, as_refusal(error))

        return wrapper

    async def threaded(function: Callable[..., Any], *args: Any) -> Any:
        from starlette.concurrency import run_in_threadpool

        return await run_in_threadpool(function, *args)

    # -- the SPARQL endpoint ---------------------------------------------------------------------

    def answer_response(answer: Answer, media: MediaType) -> Any:
        if answer.form == "solutions":
            body = SOLUTION_WRITERS[media](answer.variables, answer.rows)
        elif answer.form == "boolean":
            body = boolean_answer(answer.boolean, media)
        else:
            body = graph_bytes(answer.triples, media, prefixes)
        return Response(body, media_type=media.content_type, headers={"Vary": "Accept"})

    def service_description(request: Any, media: MediaType) -> Any:
        import pyoxigraph as ox

        endpoint = ox.NamedNode(f"{_server_url(request)}/sparql")
        quads = []

        def add(s: Any, p: str, o: Any) -> None:
            quads.append(ox.Triple(s, ox.NamedNode(p), o))

        add(endpoint, RDF_TYPE, ox.NamedNode(SD + "Service"))
        add(endpoint, SD + "endpoint", endpoint)
        add(endpoint, SD + "supportedLanguage", ox.NamedNode(SD + "SPARQL11Query"))
        add(endpoint, SD + "feature", ox.NamedNode(SD + "UnionDefaultGraph"))
        for name in ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV", "Turtle", "N-Triples", "JSON-LD", "RDF_XML"):
            add(endpoint, SD + "resultFormat", ox.NamedNode(FORMATS_NS + name))
        dataset = ox.NamedNode(f"{base}dataset")
        add(endpoint, SD + "defaultDataset", dataset)
        add(dataset, RDF_TYPE, ox.NamedNode(SD + "Dataset"))
        default_graph = ox.BlankNode("default")
        add(dataset, SD + "defaultGraph", default_graph)
        add(default_graph, RDF_TYPE, ox.NamedNode(SD + "Graph"))
        total = manifest.get("counts", {}).get("total")
        if total is not None:
            add(default_graph, VOID + "triples", ox.Literal(str(total), datatype=ox.NamedNode(XSD_INTEGER)))
        for index, (graph, size) in enumerate(sorted(manifest.get("graphs", {}).items())):
            named = ox.BlankNode(f"g{index}")
            graph_node = ox.BlankNode(f"c{index}")
            add(dataset, SD + "namedGraph", named)
            add(named, RDF_TYPE, ox.NamedNode(SD + "NamedGraph"))
            add(named, SD + "name", ox.NamedNode(graph))
            add(named, SD + "graph", graph_node)
            add(graph_node, RDF_TYPE, ox.NamedNode(SD + "Graph"))
            add(graph_node, VOID + "triples", ox.Literal(str(size), datatype=ox.NamedNode(XSD_INTEGER)))
        sd_prefixes = {**prefixes, "sd": SD, "formats": FORMATS_NS}
        return Response(graph_bytes(quads, media, sd_prefixes), media_type=media.content_type, headers={"Vary": "Accept"})

    @guarded
    async def sparql(request: Any) -> Any:
        url_params = request.query_params
        default_graphs = url_params.getlist("default-graph-uri")
        named_graphs = url_params.getlist("named-graph-uri")
        if request.method == "GET":
            if "update" in url_params:
                check_update_request()
            text = url_params.get("query")
            if text is None:
                media = negotiate(request.headers.get("accept"), (TURTLE, HTML, *GRAPH_TYPES[1:]), url_params.get("format"))
                if media is HTML:
                    return RedirectResponse(f"{_root(request)}/queries", status_code=303)
                if media is None:
                    raise RequestRefused("the service description is Turtle, N-Triples, JSON-LD or RDF/XML", status=406)
                return service_description(request, media)
        else:
            content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
            body = await _read_body(request, engine.limits.max_body)
            if content_type == "application/x-www-form-urlencoded":
                form = parse_qs(_decode(body), keep_blank_values=True)
                if "update" in form:
                    check_update_request()
                texts = form.get("query")
                text = texts[0] if texts else None
                default_graphs = [*default_graphs, *form.get("default-graph-uri", [])]
                named_graphs = [*named_graphs, *form.get("named-graph-uri", [])]
            elif content_type == "application/sparql-query":
                text = _decode(body)
            elif content_type == "application/sparql-update":
                check_update_request()
            else:
                raise RequestRefused(
                    "POST a query as application/x-www-form-urlencoded (query=…) or as application/sparql-query",
                    status=415,
                )
            if text is None:
                raise RequestRefused("no query: give query=… (SPARQL 1.1 Protocol)", status=400)
        form_name = check_query(text, engine.graphs).form
        offered = GRAPH_TYPES if form_name in ("CONSTRUCT", "DESCRIBE") else SOLUTION_TYPES
        media = negotiate(request.headers.get("accept"), offered, url_params.get("format"))
        if media is None:
            names = ", ".join(item.media_type for item in offered)
            raise RequestRefused(f"this answer can be given as {names}; none of them is acceptable", status=406)
        _, answer = await engine.query(text, default_graphs, named_graphs)
        if answer.form == "graph" and media not in GRAPH_TYPES:
            media = TURTLE
        elif answer.form != "graph" and media not in SOLUTION_TYPES:
            media = SOLUTION_TYPES[0]
        return await threaded(answer_response, answer, media)

    # -- saved queries as an API and as pages -------------------------------------------------------

    def saved_query(name: str) -> Any:
        query = state.queries.get(name)
        if query is None:
            import difflib

            close = difflib.get_close_matches(name, list(state.queries), n=3, cutoff=0.5)
            hint = f"; did you mean {', '.join(close)}?" if close else ""
            raise RequestRefused(f"no saved query {name!r}{hint} (/api/openapi.json lists them)", status=404)
        return query

    def chosen_lang(lang: str | None) -> str:
        if lang is None:
            return default_lang
        if lang not in LANGUAGES:
            raise RequestRefused(f"unknown label language {lang!r}; choose one of {', '.join(LANGUAGES)}", status=400)
        return lang

    async def run_saved(query: Any, params: dict[str, str], lang: str) -> Any:
        def work(cancelled: Any) -> Any:
            # the engine bounds the time (its own thread and limit), so the run itself is unbounded
            return run(query, params, QueryOptions(store=store, lang=lang, timeout=None))

        result = await engine.call(work)
        if len(result.rows) > engine.limits.max_results:
            raise RequestRefused(f"the answer has more than {engine.limits.max_results} rows, the server's limit", status=400)
        return result

    @guarded
    async def api_query(request: Any) -> Any:
        query = saved_query(request.path_params["name"])
        params, lang, fmt = split_request_parameters(request.query_params)
        if fmt is None:
            chosen = negotiate(request.headers.get("accept"), (MediaType("application/json", ("json",)), MediaType("text/csv", ("csv",))))
            fmt = "csv" if chosen is not None and chosen.media_type == "text/csv" else "json"
        if fmt not in API_FORMATS:
            raise RequestRefused(f"format must be one of {', '.join(API_FORMATS)}, not {fmt!r}", status=400)
        result = await run_saved(query, params, chosen_lang(lang))
        text = render(result.rows, fmt, result.columns)
        media = API_FORMATS[fmt] + "; charset=utf-8"
        return Response(text.encode("utf-8"), media_type=media, headers={"Vary": "Accept"})

    async def openapi(request: Any) -> Any:
        document = openapi_document([state.queries[name] for name in sorted(state.queries)], _server_url(request), state.version)
        return JSONResponse(document)

    def cell(value: Any, root: str) -> dict[str, Any]:
        if isinstance(value, list):
            return {"text": ", ".join(str(item) for item in value), "href": None}
        if value is None:
            return {"text": "", "href": None}
        text = str(value)
        href = site.href(text, root) if text.startswith(("http://", "https://")) else None
        return {"text": text, "href": href}

    def term_cell(term: Any, root: str, lang: str) -> dict[str, Any]:
        if term is None:
            return {"text": "", "href": None}
        linked = site.term_link(term, lang, root)
        text = linked.iri or linked.text
        return {"text": text, "href": linked.href}

    async def queries_page(request: Any) -> Any:
        lang = site.page_language(request.query_params.get("lang"))
        root = _root(request)
        return html(
            request,
            site.render(
                "queries.html",
                title="Saved queries",
                lang=lang,
                root=root,
                queries=[state.queries[name] for name in sorted(state.queries)],
                editor_text=EXAMPLE_QUERY,
                endpoint=f"{_server_url(request)}/sparql",
                max_results=engine.limits.max_results,
                timeout=f"{engine.limits.timeout:g}",
                language_links=site.language_links(request.url.path, {}, lang),
            ),
        )

    async def saved_query_page(request: Any) -> Any:
        root = _root(request)
        try:
            query = saved_query(request.path_params["name"])
        except RequestRefused as error:
            return refusal(request, error)
        params, lang, _ = split_request_parameters(request.query_params)
        lang = site.page_language(lang)
        params = {key: value for key, value in params.items() if value.strip()}
        context: dict[str, Any] = {
            "title": query.name,
            "summary": query.summary,
            "root": root,
            "lang": lang,
            "query_text": query.text,
            "error": None,
            "boolean": None,
            "graph_text": None,
            "columns": [],
            "rows": [],
            "links": [],
            "language_links": site.language_links(request.url.path, params, lang),
        }
        status = 200
        try:
            result = await run_saved(query, params, lang)
            context["columns"] = result.columns
            context["rows"] = [[cell(row.get(column), root) for column in result.columns] for row in result.rows]
            api = f"{root}/api/{query.name}?{urlencode({**params, 'lang': lang})}"
            context["links"] = [("JSON", api), ("CSV", api + "&format=csv")]
        except PlanKGError as error:
            refused = as_refusal(error)
            context["error"] = str(refused)
            status = refused.status
        return html(request, site.render("answer.html", **context), status)

    async def run_page(request: Any) -> Any:
        root = _root(request)
        lang = site.page_language(request.query_params.get("lang"))
        context: dict[str, Any] = {
            "title": "Your query",
            "summary": "",
            "root": root,
            "lang": lang,
            "query_text": "",
            "error": None,
            "boolean": None,
            "graph_text": None,
            "columns": [],
            "rows": [],
            "links": [],
            "language_links": [],
        }
        status = 200
        try:
            if request.method == "POST":
                body = await _read_body(request, engine.limits.max_body)
                form = parse_qs(_decode(body), keep_blank_values=True)
                text = (form.get("query") or [""])[0]
            else:
                text = request.query_params.get("query", "")
            context["query_text"] = text
            if not text.strip():
                raise RequestRefused("no query: write one in the editor", status=400)
            _, answer = await engine.query(text)
            if answer.form == "boolean":
                context["boolean"] = "true" if answer.boolean else "false"
            elif answer.form == "graph":
                context["graph_text"] = (await threaded(graph_bytes, answer.triples, TURTLE, prefixes)).decode("utf-8")
            else:
                context["columns"] = answer.variables
                context["rows"] = [[term_cell(term, root, lang) for term in row] for row in answer.rows]
        except PlanKGError as error:
            refused = as_refusal(error)
            context["error"] = str(refused)
            status = refused.status
        return html(request, site.render("answer.html", **context), status)

    # -- descriptions of the dataset -------------------------------------------------------------

    def void_triples(request: Any) -> list[Any]:
        import pyoxigraph as ox

        dumps = f"{_server_url(request)}/dumps/"
        triples = [quad.triple for quad in ox.parse(path=str(folder / "void.ttl"), format=ox.RdfFormat.TURTLE, base_iri=dumps)]
        dataset = ox.NamedNode(f"{base}dataset")
        triples.append(ox.Triple(dataset, ox.NamedNode(VOID + "sparqlEndpoint"), ox.NamedNode(f"{_server_url(request)}/sparql")))
        triples.append(ox.Triple(dataset, ox.NamedNode(VOID + "rootResource"), ox.NamedNode(f"{base}dataset")))
        return triples

    @guarded
    async def void(request: Any) -> Any:
        media = negotiate(request.headers.get("accept"), (TURTLE, *GRAPH_TYPES[1:], HTML), request.query_params.get("format"))
        if media is None:
            raise RequestRefused("VoID is served as Turtle, N-Triples, JSON-LD, RDF/XML or HTML", status=406)
        triples = await threaded(void_triples, request)
        if media is HTML:
            text = graph_bytes(triples, TURTLE, prefixes).decode("utf-8")
            page = site.render(
                "answer.html", title="VoID and DCAT description", summary="", root=_root(request), lang=default_lang,
                query_text="", error=None, boolean=None, graph_text=text, columns=[], rows=[], links=[("Turtle", f"{_root(request)}/void?format=ttl")], language_links=[],
            )
            return html(request, page)
        return Response(graph_bytes(triples, media, prefixes), media_type=media.content_type, headers={"Vary": "Accept"})

    async def dataset_iri(request: Any) -> Any:
        return RedirectResponse(f"{_root(request)}/void", status_code=303)

    @guarded
    async def ontology(request: Any) -> Any:
        media = negotiate(request.headers.get("accept"), (HTML, TURTLE), request.query_params.get("format"))
        if media is TURTLE:
            return Response(ontology_turtle(), media_type=TURTLE.content_type, headers={"Vary": "Accept"})
        if media is None:
            raise RequestRefused("the ontology is served as HTML or Turtle", status=406)
        lang = site.page_language(request.query_params.get("lang"))
        root = _root(request)
        context = ontology_context(site.curie, lambda iri: site.href(iri, root)) if root else ontology_page_context
        return html(request, site.render("ontology.html", title="plankg ontology", lang=lang, root=root, language_links=[], **context), headers={"Vary": "Accept"})

    def dump_files() -> list[str]:
        return [name for name in manifest.get("files", []) if Path(name).suffix in DUMP_TYPES and (folder / name).is_file()]

    async def dumps_index(request: Any) -> Any:
        root = _root(request)
        files = [
            {"name": name, "href": f"{root}/dumps/{name}", "media": DUMP_TYPES[Path(name).suffix].split(";")[0], "size": (folder / name).stat().st_size}
            for name in dump_files()
        ]
        return html(request, site.render("dumps.html", title="Dumps", lang=default_lang, root=root, files=files, language_links=[]))

    @guarded
    async def dump_file(request: Any) -> Any:
        name = request.path_params["name"]
        if name not in dump_files():
            raise RequestRefused(f"no dump named {name!r} (see /dumps/)", status=404)
        return FileResponse(folder / name, media_type=DUMP_TYPES[Path(name).suffix])

    async def stylesheet(request: Any) -> Any:
        from importlib.resources import files

        css = files("kg.server").joinpath("static/style.css").read_bytes()
        return Response(css, media_type="text/css; charset=utf-8", headers={"Cache-Control": "max-age=3600"})

    async def index(request: Any) -> Any:
        root = _root(request)
        lang = site.page_language(request.query_params.get("lang"))
        plans = [{"text": describer.label(source["plan_iri"], lang), "href": site.href(source["plan_iri"], root)} for source in manifest.get("sources", [])]
        counts = manifest.get("counts", {})
        page = site.render(
            "index.html", title="plankg", lang=lang, root=root, plans=plans, counts={"plans": counts.get("plans", 0), "tasks": counts.get("tasks", 0), "total": counts.get("total", 0)},
            base=base, endpoint=f"{_server_url(request)}/sparql", language_links=site.language_links(request.url.path, {}, lang),
        )
        return html(request, page)

    # -- every IRI of the graph ------------------------------------------------------------------------

    @guarded
    async def resource(request: Any) -> Any:
        path = request.path_params["path"]
        iri = base + path
        fmt = request.query_params.get("format")
        media = negotiate(request.headers.get("accept"), RESOURCE_TYPES, fmt)
        if media is None:
            offered = ", ".join(item.media_type for item in RESOURCE_TYPES)
            raise RequestRefused(f"a resource is served as {offered}", status=406)
        if not await threaded(describer.exists, iri):
            raise RequestRefused(f"no resource <{iri}> in this dataset", status=404)
        root = _root(request)
        location = f"{root}/{path}?format={media.names[0]}"
        headers = {"Vary": "Accept", "Content-Location": location, "Link": f'<{iri}>; rel="canonical"'}
        if media is HTML:
            lang = site.page_language(request.query_params.get("lang"))
            alternates = [(item.media_type, f"{root}/{path}?format={item.names[0]}") for item in RESOURCE_TYPES[1:]]
            page = await threaded(site.resource_page, iri, lang, root, request.url.path, alternates)
            return html(request, page, headers=headers)
        if iri in describer.graphs:
            triples = await threaded(describer.graph_triples, iri)
        else:
            triples = await threaded(describer.description, iri)
        body = await threaded(graph_bytes, triples, media, prefixes)
        return Response(body, media_type=media.content_type, headers=headers)

    async def security_headers(scope: Any, receive: Any, send: Any, app: Any) -> None:
        async def send_with_headers(message: Any) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                names = {name.lower() for name, _ in headers}
                extra = {
                    b"content-security-policy": CONTENT_SECURITY_POLICY.encode(),
                    b"x-content-type-options": b"nosniff",
                    b"referrer-policy": b"no-referrer",
                }
                headers.extend((name, value) for name, value in extra.items() if name not in names)
                message = {**message, "headers": headers}
            await send(message)

        await app(scope, receive, send_with_headers)

    class SecurityHeaders:
        def __init__(self, app: Any) -> None:
            self.app = app

        async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
            if scope["type"] != "http":
                await self.app(scope, receive, send)
                return
            await security_headers(scope, receive, send, self.app)

    routes = [
        Route("/", index, methods=["GET", "HEAD"]),
        Route("/sparql", sparql, methods=["GET", "POST", "HEAD"]),
        Route("/api/openapi.json", openapi, methods=["GET", "HEAD"]),
        Route("/api/{name}", api_query, methods=["GET", "HEAD"]),
        Route("/queries", queries_page, methods=["GET", "HEAD"]),
        Route("/queries/run", run_page, methods=["GET", "POST"]),
        Route("/queries/{name}", saved_query_page, methods=["GET", "HEAD"]),
        Route("/void", void, methods=["GET", "HEAD"]),
        Route("/.well-known/void", void, methods=["GET", "HEAD"]),
        Route("/dataset", dataset_iri, methods=["GET", "HEAD"]),
        Route("/ontology", ontology, methods=["GET", "HEAD"]),
        Route("/dumps/", dumps_index, methods=["GET", "HEAD"]),
        Route("/dumps/{name:path}", dump_file, methods=["GET", "HEAD"]),
        Route("/static/style.css", stylesheet, methods=["GET", "HEAD"]),
        Route("/{path:path}", resource, methods=["GET", "HEAD"]),
    ]
    middleware = [
        Middleware(SecurityHeaders),
        Middleware(
            CORSMiddleware,
            allow_origins=["*"],
            allow_methods=["GET", "POST", "HEAD", "OPTIONS"],
            allow_headers=["Accept", "Content-Type"],
            expose_headers=["Content-Location", "Link", "Vary"],
            max_age=3600,
        ),
    ]

    async def on_error(request: Any, error: Exception) -> Any:
        return _text(500, "internal error; the server keeps running (see its log)")

    from contextlib import asynccontextmanager

    @asynccontextmanager
    async def lifespan(app: Any) -> Any:
        try:
            yield
        finally:
            engine.close()

    application = Starlette(routes=routes, middleware=middleware, exception_handlers={500: on_error}, lifespan=lifespan)
    application.state.plankg = state
    return application


EXAMPLE_QUERY = internal_query("server-example")  # queries/internal/server-example.rq

__all__ = ["ServerState", "create_app"]

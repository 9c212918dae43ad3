"""The ``plankg`` command line: a thin click layer over the library.

Commands only parse options, call one library function and print. Heavy
modules (networkx, pyvis, owlrl, pyshacl) are imported inside the commands
that need them, so ``plankg query`` starts fast. Library errors
(:class:`kg.errors.PlanKGError`) become one-line messages with a non-zero exit.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from typing import Any

import click

from kg.errors import PlanKGError, UsageError, ValidationError
from kg.languages import LANGUAGES
from kg.pipeline import build, open_store, update, verify
from kg.publish import publish
from kg.sparql.formats import render, render_table
from kg.sparql.registry import list_queries, read_query_file, resolve_query
from kg.sparql.remote import EndpointStore
from kg.sparql.run import QueryOptions, run

FORMATS = ["table", "csv", "json", "md"]
ENDPOINT_HELP = "Read the graph from this SPARQL 1.1 endpoint (its default graph the union of all graphs) instead of a build folder."
LANG_DEFAULT = "(default: the plans' own script: zh-Hant when every plan is in traditional script, as the embedded one is, else zh-Hans)."

Decorator = Callable[[Callable[..., Any]], Callable[..., Any]]


class Utf8Text(click.ParamType):
    """Text that must be valid UTF-8: bytes that are not (``$'\\xff'``) are a usage error, not a traceback."""

    name = "text"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, str):
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                name = (param.opts[0] if param.opts and param.opts[0].startswith("-") else param.human_readable_name.upper()) if param else "an argument"
                # a library UsageError: one line and exit code 2, where click's own would add its usage lines
                raise UsageError(f"{name} holds bytes that are not UTF-8 text ({value!r}); type it in UTF-8") from None
        return value


UTF8_TEXT = Utf8Text()


class PlanKGGroup(click.Group):
    """Turns library errors into ``Error: …`` lines instead of tracebacks."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except PlanKGError as error:
            exception = click.ClickException(str(error))
            exception.exit_code = error.exit_code
            raise exception from None
        except (BrokenPipeError, KeyboardInterrupt):
            sys.exit(1)


@click.group(cls=PlanKGGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="plankg")
def cli() -> None:
    """plankg: knowledge graph and semantic queries for Chinese government work plans.

    Reads a plan (实施方案, 工作要点, 任务分工), extracts its tasks, departments,
    citations, targets and deadlines, builds an RDF graph with an OWL ontology,
    and answers analysts' questions with saved SPARQL queries and network analysis.
    Every command defaults to the plan embedded in the package.
    """


def output_format_option(
    choices: list[str] | None = None, help_text: str = "Output format (default: table on a terminal, json otherwise)."
) -> Decorator:
    """``--format`` with ``choices`` (default: all of :data:`FORMATS`): table on a terminal, json when piped."""
    return click.option("--format", "fmt", type=click.Choice(choices or FORMATS), default=None, help=help_text)


def lang_option(what: str = "labels") -> Decorator:
    """``--lang``: the label language, one of :data:`kg.languages.LANGUAGES` (default: the plans' script)."""
    return click.option(
        "--lang", type=click.Choice(LANGUAGES), default=None, help=f"Language of {what} " + LANG_DEFAULT
    )


def queries_dir_option(help_text: str) -> Decorator:
    """``--queries-dir DIR`` (repeatable): folders of the user's own ``.rq`` files."""
    return click.option(
        "--queries-dir",
        "queries_dir",
        multiple=True,
        type=click.Path(exists=True, file_okay=False, dir_okay=True, path_type=str),
        help=help_text,
    )


def resolve_format(fmt: str | None) -> str:
    if fmt:
        return fmt
    return "table" if sys.stdout.isatty() else "json"


def _endpoint_store(endpoint: str | None, dataset: str | None, sources: tuple[str, ...], plans: tuple[str, ...] = ()) -> Any:
    """The store the analysis reads: the endpoint, the chosen plans of the build folder, or None (the whole folder)."""
    if not endpoint:
        return open_store(dataset, list(sources) or None, plans) if plans else None
    if dataset is not None or sources:
        raise click.UsageError("give either --endpoint or a dataset (SOURCES or --dataset), not both")
    if plans:
        raise click.UsageError("--plan reads a build folder, not --endpoint")
    return EndpointStore(endpoint)


def plan_option(command: Callable[..., Any]) -> Callable[..., Any]:
    """``--plan ID`` (repeatable): read only these plans of the build (a :class:`kg.store.scope.PlanScope`)."""
    return click.option(
        "--plan",
        "plans",
        multiple=True,
        type=UTF8_TEXT,
        metavar="ID",
        help="Read only this plan of the build (its id or source file name, as manifest.json lists them), "
        "as a build of the chosen plans alone would; repeatable. Not with --endpoint.",
    )(command)


def dataset_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """``SOURCES…`` and ``--dataset DIR``: which built dataset a command reads.

    The decorated command receives two keyword arguments:

    * ``sources`` – a tuple of source files (txt/html plans) given on the command
      line; when non-empty, the dataset is built from them on the fly (and cached);
    * ``dataset`` – a build folder written by ``plankg build`` (``None`` if not given).

    With neither, the command reads the build of the embedded corpus, made on first
    use and cached. Pass both straight to :func:`kg.pipeline.open_store` (pyoxigraph),
    :func:`kg.pipeline.load_dataset` or :func:`kg.pipeline.resolve_dataset_dir`::

        @cli.command()
        @dataset_options
        def lead_load(sources, dataset):
            store = open_store(dataset, sources or None)

    Giving both is a usage error, raised by the library as :class:`kg.errors.UsageError`.
    """
    command = click.option(
        "--dataset",
        "dataset",
        type=click.Path(file_okay=False, dir_okay=True, path_type=str),
        default=None,
        help="A build folder written by `plankg build` (default: the embedded plan, built on first use).",
    )(command)
    command = click.argument(
        "sources",
        nargs=-1,
        type=click.Path(dir_okay=False, path_type=str),
    )(command)
    return command


# -- commands are registered below, one block each -------------------------------------------


# -- extract (kg.text.parse.extract) -----------------------------------------------------------------
@cli.command("extract")
@click.argument("source", required=False, type=str)
@output_format_option(
    ["json", "table"], "json: the full records; table: one line per task (default: table on a terminal, json otherwise)."
)
@click.option("--strict", is_flag=True, help="Fail if anything could not be placed or had to be repaired.")
def extract_command(source: str | None, fmt: str | None, strict: bool) -> None:
    """Read one plan (default: the embedded plan) and print its tasks, departments and entities.

    SOURCE is a plan text (UTF-8, GB18030/GBK or UTF-16) or a portal page saved
    as HTML. Warnings (garbled headings, lines that fit nowhere) go to stderr.
    """
    from kg.text.parse import extract  # the parser loads only for this command: `plankg query` starts without it

    plan = extract(source, strict=strict)
    for warning in plan.warnings:
        click.echo(f"warning: line {warning.line}: {warning.message}", err=True)
    if resolve_format(fmt) == "json":
        click.echo(json.dumps(plan.to_dict(), ensure_ascii=False, indent=2))
        return
    rows = [
        {
            "number": task.notation,
            "path": task.path,
            "lead": "、".join(task.lead),
            "responsible/joint": "、".join(task.responsible + task.joint) + (" 等" if task.open_list else ""),
            "deadline": ", ".join(deadline.date or deadline.text for deadline in task.deadlines),
            "systems": "、".join(system.name for system in task.systems),
        }
        for task in plan.tasks
    ]
    click.echo(render_table(rows), nl=False)


# -- build (kg.pipeline.build) ---------------------------------------------------------------------
@cli.command("build")
@click.argument("sources", nargs=-1, type=click.Path(dir_okay=False, path_type=str))
@click.option(
    "-o",
    "--out",
    "out",
    type=click.Path(file_okay=False, path_type=str),
    default="build",
    show_default=True,
    help="The build folder to write (replaced as a whole when the build succeeds).",
)
@click.option(
    "--base",
    default=None,
    metavar="IRI",
    help="IRI base of every node (default: $PLANKG_BASE, else https://w3id.org/plankg/).",
)
@click.option(
    "--reasoner",
    type=click.Choice(["fast", "owlrl"]),
    default="fast",
    show_default=True,
    help="fast: rules generated from the ontology's axioms; owlrl: the full OWL 2 RL closure (reference, slow).",
)
@click.option("--no-validate", "no_validate", is_flag=True, help="Skip the SHACL check of ontology/shapes.ttl.")
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    default=None,
    help="Plans built at once, each in its own process (default: the machine's cores).",
)
@click.option(
    "--add",
    "add",
    is_flag=True,
    help="Keep the plans already in -o and add SOURCES to them; a plan whose id is there already is replaced. "
    "The others are not rebuilt; --base, --reasoner and --no-validate are the folder's own.",
)
@click.option(
    "--remove",
    "remove",
    multiple=True,
    metavar="PLAN_ID",
    help="Remove the plan with this id (its 索引号, as `manifest.json` lists it) from -o; repeatable. The others are not rebuilt.",
)
@click.option("-q", "--quiet", is_flag=True, help="No progress bar (there is none either when stderr is not a terminal).")
def build_command(
    sources: tuple[str, ...],
    out: str,
    base: str | None,
    reasoner: str,
    no_validate: bool,
    jobs: int | None,
    add: bool,
    remove: tuple[str, ...],
    quiet: bool,
) -> None:
    """Build the knowledge graph of SOURCES (default: the embedded plan) into a folder.

    Extracts each plan, builds one named graph per plan plus the department and
    system authority graph and the shared graph (what plans say of the nodes they
    share, stated once), materialises what each plan's graph entails into a
    graph beside it ({plan IRI}/inferred), checks the SHACL shapes, one plan at a time in --jobs
    processes, and writes the on-disk store that later commands open, dataset.nq,
    dataset.trig, per-plan Turtle, N-Triples and JSON-LD, void.ttl and
    manifest.json (with the sha256 of every file; see `plankg verify`). Two
    builds of the same inputs are byte-identical but for the store, store.json
    and build-log.json. --add and --remove change a folder without rebuilding
    the plans they leave alone. Prints a summary to stderr; later commands read
    the folder with --dataset DIR.
    """
    if (add or remove) and (base is not None or reasoner != "fast" or no_validate):
        raise UsageError("--add and --remove keep the folder's own --base, --reasoner and validation: leave those out")
    if remove and not add and sources:
        raise UsageError("give SOURCES with --add, or only --remove PLAN_ID to take plans out")
    with _build_progress(quiet) as progress:
        try:
            if add or remove:
                result = update(out, list(sources), remove=list(remove), jobs=jobs, progress=progress)
            else:
                result = build(list(sources) or None, out, base=base, reasoner=reasoner, validate=not no_validate, jobs=jobs, progress=progress)
        except ValidationError as error:
            if error.report:
                click.echo(error.report, err=True)
            raise
    click.echo(result.summary(), err=True)


_HANDFUL = 5  # builds of more plans than this show a progress bar


class _build_progress:
    """A progress bar on stderr for builds of more than a handful of plans, when stderr is a terminal."""

    def __init__(self, quiet: bool) -> None:
        self.enabled = not quiet and sys.stderr.isatty()
        self.bar: Any = None

    def __enter__(self) -> Callable[[int, int], None] | None:
        if not self.enabled:
            return None

        def progress(done: int, total: int) -> None:
            if total <= _HANDFUL:
                return
            if self.bar is None:
                self.bar = click.progressbar(length=total, label="plans", file=sys.stderr, show_pos=True, show_eta=True)
                self.bar.__enter__()
            self.bar.update(done - self.bar.pos)

        return progress

    def __exit__(self, *exc: Any) -> None:
        if self.bar is not None:
            self.bar.__exit__(*exc)


# -- verify (kg.pipeline.verify) -------------------------------------------------------------------
@cli.command("verify")
@click.argument("folder", type=click.Path(file_okay=False, path_type=str))
def verify_command(folder: str) -> None:
    """Check a build folder against its manifest: every file's sha256, the store's files,
    and the triple count of every graph. Exits 1 naming the first difference."""
    checked = verify(folder)
    click.echo(f"{folder}: intact ({checked['files']} files, {checked['graphs']} graphs, {checked['quads']} quads)", err=True)


# -- viz (viz.render) ---------------------------------------------------------------------------
VIZ_KINDS = ["responsibility", "dependency", "citation", "workload-chart"]


@cli.command("viz")
@dataset_options
@click.option(
    "-o",
    "--out",
    "out",
    type=click.Path(dir_okay=False, path_type=str),
    default=None,
    help="File to write (default: out/network.html for the responsibility view, out/dependency.html, "
    "out/citation.html, out/workload.png).",
)
@click.option(
    "--kind",
    type=click.Choice(VIZ_KINDS),
    default="responsibility",
    show_default=True,
    help="What to draw: departments and tasks, tasks and the systems/lists they depend on, "
    "cited superior documents, or a static workload chart (PNG or SVG).",
)
@click.option(
    "--dept", type=UTF8_TEXT, default=None, help="Focus on one department and its neighbourhood (either script, short or full name)."
)
@lang_option("labels and tooltips")
@click.option("--endpoint", default=None, metavar="URL", help=ENDPOINT_HELP)
@plan_option
def viz_command(
    sources: tuple[str, ...],
    dataset: str | None,
    out: str | None,
    kind: str,
    dept: str | None,
    lang: str | None,
    endpoint: str | None,
    plans: tuple[str, ...],
) -> None:
    """Draw the responsibility, dependency or citation network as one offline HTML page.

    The page inlines vis-network and loads nothing from the network; hover a
    node for its details, search by name, toggle edge kinds in the legend.
    With --kind workload-chart, write a bar chart of department workload.
    Prints the path written.
    """
    from viz import render as render_view  # the views load only for this command (start-up time of the others)

    path = render_view(
        kind, dataset=dataset, sources=list(sources) or None, out=out, dept=dept, lang=lang, endpoint=endpoint, plans=list(plans) or None
    )
    click.echo(str(path))


# -- queries, query, analyze (kg.sparql, kg.analysis.report) -------------------------------------


def _parse_params(pairs: tuple[str, ...]) -> dict[str, str]:
    """``-p key=value`` options as a dict; a pair without ``=`` is a usage error."""
    params: dict[str, str] = {}
    for pair in pairs:
        key, equals, value = pair.partition("=")
        if not equals or not key.strip():
            raise click.UsageError(f"-p takes key=value, not {pair!r} (e.g. -p dept=政务服务局)")
        params[key.strip()] = value
    return params


@cli.command("queries")
@queries_dir_option("A folder of your own .rq files, listed with the packaged ones (repeatable).")
@output_format_option()
def queries_command(queries_dir: tuple[str, ...], fmt: str | None) -> None:
    """List the saved SPARQL queries: name, parameters (? = optional) and summary.

    Each .rq file starts with a grlc header, YAML in #+ lines (summary, tags,
    parameters, columns, lists); parameters are the ?_name (required) and
    ?__name (optional) variables of the query. docs/queries.md describes both.
    """
    rows = []
    for saved in list_queries(list(queries_dir)):
        described = saved.describe()
        rows.append(
            {
                "name": described["name"],
                "parameters": described["parameters"],
                "summary": described["summary"],
                "columns": described["columns"],
                "origin": described["origin"],
            }
        )
    chosen = resolve_format(fmt)
    columns = ["name", "parameters", "summary"] if chosen == "table" else None
    click.echo(render(rows, chosen, columns), nl=False)


@cli.command("query")
@click.argument("name", required=False, type=UTF8_TEXT)
@dataset_options
@click.option(
    "--file",
    "query_file",
    type=click.Path(dir_okay=False, path_type=str),
    default=None,
    help="Run the SELECT query in this .rq file instead of a saved one.",
)
@click.option(
    "-p",
    "--param",
    "params",
    multiple=True,
    type=UTF8_TEXT,
    metavar="KEY=VALUE",
    help="A parameter value as you would type it (either script, full or short name); repeatable.",
)
@output_format_option()
@lang_option()
@click.option(
    "--endpoint",
    type=UTF8_TEXT,
    default=None,
    metavar="URL",
    help="Run against this SPARQL 1.1 endpoint (its default graph the union of all graphs) instead of the local dataset.",
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0, min_open=True),
    default=30.0,
    show_default=True,
    help="Seconds the whole query may take, on the local dataset or --endpoint; it is stopped after that.",
)
@click.option(
    "--max-reply-mb",
    "max_reply_mb",
    type=click.FloatRange(min=0, min_open=True),
    default=100.0,
    show_default=True,
    help="The largest reply read from --endpoint, in megabytes.",
)
@queries_dir_option("A folder of your own .rq files, found by name like the packaged ones (repeatable).")
@plan_option
def query_command(
    name: str | None,
    sources: tuple[str, ...],
    dataset: str | None,
    query_file: str | None,
    params: tuple[str, ...],
    fmt: str | None,
    lang: str | None,
    endpoint: str | None,
    timeout: float,
    max_reply_mb: float,
    queries_dir: tuple[str, ...],
    plans: tuple[str, ...],
) -> None:
    """Run a saved SPARQL query NAME (see `plankg queries`) or --file F.rq and print its rows.

    Parameters are bound as values, never pasted into the query:

        plankg query co-leads -p dept=發改委 --format md
    """
    if query_file:
        if name:
            sources = (name, *sources)  # with --file, every argument is a source
        saved = read_query_file(query_file)
    elif name:
        saved = resolve_query(name, list(queries_dir))
    else:
        raise click.UsageError("give a query NAME or --file F.rq (`plankg queries` lists the saved ones)")
    options = QueryOptions(
        dataset=dataset,
        sources=list(sources) or None,
        endpoint=endpoint,
        lang=lang,
        timeout=timeout,
        max_reply_bytes=int(max_reply_mb * 1024 * 1024),
        plans=list(plans) or None,
    )
    result = run(saved, _parse_params(params), options)
    click.echo(render(result.rows, resolve_format(fmt), result.columns), nl=False)


@cli.command("analyze")
@dataset_options
@output_format_option(["table", "json", "md"])
@lang_option()
@click.option(
    "--graphml",
    type=click.Path(dir_okay=False, path_type=str),
    default=None,
    help="Write the department network to this GraphML file, and the task dependency graph beside it (*.dependencies.graphml).",
)
@click.option(
    "--gexf",
    type=click.Path(dir_okay=False, path_type=str),
    default=None,
    help="Write the department network to this GEXF file (Gephi), and the dependency graph beside it.",
)
@click.option("--endpoint", default=None, metavar="URL", help=ENDPOINT_HELP)
@plan_option
def analyze_command(
    sources: tuple[str, ...],
    dataset: str | None,
    fmt: str | None,
    lang: str | None,
    graphml: str | None,
    gexf: str | None,
    endpoint: str | None,
    plans: tuple[str, ...],
) -> None:
    """Workload, the co-responsibility network and its centralities, task dependencies, collective burden.

    Weighted load counts a lead task 1, a joint task 0.5 and a responsible task
    0.25. Departments are linked when they share a task; collective units
    (各苏木镇, 市直各相关部门 …) are reported apart, not as network nodes.
    """
    from kg.analysis import analyze_with_graphs, render_report, write_networks  # loaded for this command only (start-up time)

    report, network, dependencies = analyze_with_graphs(
        dataset, list(sources) or None, store=_endpoint_store(endpoint, dataset, sources, plans), lang=lang,
        texts=bool(graphml or gexf),  # task texts go only into the exported graphs
    )
    click.echo(render_report(report, resolve_format(fmt)), nl=False)
    for path in write_networks(network, dependencies, graphml=graphml, gexf=gexf):
        click.echo(f"wrote {path}", err=True)


# -- systems (kg.text.entities.systems) ----------------------------------------------------------------
@cli.command("systems")
@click.option(
    "--file",
    "files",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False, path_type=str),
    help="A Turtle file of your own systems, loaded with the packaged ones and $PLANKG_SYSTEMS (repeatable).",
)
@click.option("--find", "text", type=UTF8_TEXT, default=None, help="Only the systems named in this text (a task, say), outside cited titles.")
@output_format_option()
def systems_command(files: tuple[str, ...], text: str | None, fmt: str | None) -> None:
    """List the information systems plankg recognises in task text, with their aliases.

    The vocabulary is ontology/systems.ttl plus the Turtle files named in
    $PLANKG_SYSTEMS (separated by the path separator) and --file.
    """
    from kg.text.entities.systems import find_system_entries, system_vocabulary  # loaded for this command only (start-up time)

    entries = system_vocabulary(files).systems if text is None else find_system_entries(text, files)
    rows = [entry.describe() for entry in entries]
    chosen = resolve_format(fmt)
    columns = ["zh-Hant", "zh-Hans", "en", "aliases"] if chosen == "table" else ["zh-Hant", "zh-Hans", "en", "aliases", "iri", "comment"]
    click.echo(render(rows, chosen, columns), nl=False)


# -- serve (kg.server) ------------------------------------------------------------------------------
@cli.command("serve")
@dataset_options
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (another than loopback: see the README on reverse proxies).")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="Port to listen on (0: a free one, printed at start).")
@click.option("--base", default=None, metavar="IRI", help="IRI base served at / (default: the base the dataset was built with).")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=10.0, show_default=True, help="Seconds a query may run.")
@click.option("--max-results", type=click.IntRange(min=1), default=100_000, show_default=True, help="Most solutions or triples one answer may hold.")
@click.option("--max-body", type=click.IntRange(min=1), default=256 * 1024, show_default=True, help="Largest request body, in bytes.")
@click.option("--workers", type=click.IntRange(1, 64), default=4, show_default=True, help="Queries that run at once.")
@queries_dir_option("A folder of your own .rq files, served with the packaged ones (repeatable).")
@click.option("--root-path", default="", metavar="PATH", help="The path a reverse proxy serves this server under (e.g. /plankg).")
def serve_command(
    sources: tuple[str, ...],
    dataset: str | None,
    host: str,
    port: int,
    base: str | None,
    timeout: float,
    max_results: int,
    max_body: int,
    workers: int,
    queries_dir: tuple[str, ...],
    root_path: str,
) -> None:
    """Serve the graph over HTTP: a SPARQL 1.1 endpoint, a page per IRI, saved queries as an API.

    Read-only: updates, SERVICE and remote FROM are refused. Every IRI under the
    base dereferences at the same path here (/org/…, /plan/…/task/n) as HTML,
    Turtle or JSON-LD; /sparql, /api/NAME, /queries, /void, /ontology and
    /dumps/ serve the rest. Listens on 127.0.0.1 unless --host says otherwise.
    """
    from kg.server import Limits, serve  # loads rdflib and the web server: only `plankg serve` needs them

    if root_path and not root_path.startswith("/"):
        raise click.UsageError(f"--root-path must start with /, not {root_path!r}")
    limits = Limits(timeout=timeout, max_results=max_results, max_body=max_body, workers=workers)
    serve(
        dataset,
        list(sources) or None,
        host=host,
        port=port,
        base=base,
        limits=limits,
        queries_dir=list(queries_dir) or None,
        root_path=root_path,
    )


# -- publish (kg.publish.publish) ---------------------------------------------------------------------
@cli.command("publish")
@click.option("--endpoint", required=True, metavar="URL", help="The store's URL (see --store), e.g. http://localhost:7878 for Oxigraph.")
@click.option(
    "--dataset",
    type=click.Path(file_okay=False, dir_okay=True, path_type=str),
    default=None,
    help="A build folder written by `plankg build` (default: the embedded plan, built on first use).",
)
@click.option(
    "--store",
    "store_name",
    type=click.Choice(["oxigraph", "virtuoso", "fuseki", "graphdb", "generic"]),
    default="generic",
    show_default=True,
    help="The store's URL layout: oxigraph (URL/store, /query, /update), virtuoso (URL/sparql-graph-crud-auth, /sparql, "
    "/sparql-auth; digest auth), fuseki (URL is the dataset: /data, /query, /update), graphdb (URL is the repository: "
    "/rdf-graphs/service, /statements), generic (URL is the SPARQL endpoint, loaded with SPARQL Update).",
)
@click.option("--graph-prefix", default=None, metavar="IRI", help="Name the graphs under IRI instead of the build's base.")
@click.option("--replace", is_flag=True, help="Re-send every graph, also those the store holds unchanged.")
@click.option("--user", envvar="PLANKG_STORE_USER", default=None, help="User name (default: $PLANKG_STORE_USER).")
@click.option(
    "--password",
    envvar="PLANKG_STORE_PASSWORD",
    default=None,
    help="Password (default: $PLANKG_STORE_PASSWORD, which keeps it out of the process list).",
)
@click.option("--token", envvar="PLANKG_STORE_TOKEN", default=None, help="A bearer token instead of user and password (default: $PLANKG_STORE_TOKEN).")
@click.option("--auth", type=click.Choice(["basic", "digest"]), default=None, help="How user and password are sent (default: the store's).")
@click.option("--gsp-url", default=None, metavar="URL", help="The Graph Store Protocol service, if not where --store puts it.")
@click.option("--query-url", default=None, metavar="URL", help="The SPARQL query service, if not where --store puts it.")
@click.option("--update-url", default=None, metavar="URL", help="The SPARQL Update service, if not where --store puts it.")
@click.option("--chunk-size", type=click.IntRange(min=1), default=50_000, show_default=True, help="Triples per request.")
@click.option(
    "--timeout",
    type=click.FloatRange(min=0, min_open=True),
    default=60.0,
    show_default=True,
    help="Seconds to wait for each answer of the store.",
)
def publish_command(
    endpoint: str,
    dataset: str | None,
    store_name: str,
    graph_prefix: str | None,
    replace: bool,
    user: str | None,
    password: str | None,
    token: str | None,
    auth: str | None,
    gsp_url: str | None,
    query_url: str | None,
    update_url: str | None,
    chunk_size: int,
    timeout: float,
) -> None:
    """Publish every graph of a build to a triple store, each one atomically, and verify the counts.

    Sends each plan's graph and its inferred graph, the authority and shared
    graphs, the ontology and the VoID description with the SPARQL 1.1 Graph Store
    Protocol (SPARQL Update where the store has none), each into a staging
    graph that replaces the old one only once it is complete. Graphs the
    store already holds unchanged are skipped (--replace sends them again).
    Afterwards every graph is counted on the store and must match the build.
    Query the store with `plankg query NAME --endpoint URL`.
    """
    progress = None
    if sys.stderr.isatty():
        def progress(line: str) -> None:
            click.echo("\r\033[K" + line, nl=False, err=True)

    try:
        result = publish(
            endpoint,
            dataset=dataset,
            store=store_name,
            graph_prefix=graph_prefix,
            replace=replace,
            user=user,
            password=password,
            token=token,
            auth=auth,
            gsp_url=gsp_url,
            query_url=query_url,
            update_url=update_url,
            chunk_size=chunk_size,
            timeout=timeout,
            progress=progress,
        )
    finally:
        if progress is not None:
            click.echo("\r\033[K", nl=False, err=True)
    click.echo(result.summary(), err=True)


def main() -> None:
    """The ``plankg`` command. When it is done, the process ends without tearing the
    interpreter down (freeing every object of the graphs, modules and caches it loaded:
    0.1–0.3 s after a build): every file is written and closed by then, the output is
    flushed and the ``atexit`` handlers run here. Under a profiler or a tracer (cProfile,
    coverage) it ends as usual, so they can write their results."""
    try:
        cli(prog_name="plankg")
    except SystemExit as finished:
        if sys.getprofile() is not None or sys.gettrace() is not None:
            raise
        code = finished.code
        if code is not None and not isinstance(code, int):
            print(code, file=sys.stderr)
            code = 1
        _leave(code or 0)


def _leave(code: int) -> None:
    import atexit

    run_exit_handlers = getattr(atexit, "_run_exitfuncs", None)
    if run_exit_handlers is not None:
        run_exit_handlers()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (BrokenPipeError, ValueError, OSError):
            code = code or 1
    os._exit(code)


if __name__ == "__main__":
    main()

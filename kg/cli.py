"""The ``plankg`` command line: a thin click layer over the library.

Commands only parse options, call one library function and print. Heavy
modules (networkx, pyvis, owlrl, pyshacl) are imported inside the commands
that need them, so ``plankg query`` starts fast. Library errors
(:class:`kg.errors.PlanKGError`) become one-line messages with a non-zero exit.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

import click

from kg.errors import PlanKGError

FORMATS = ["table", "csv", "json", "md"]
LANGUAGES = ["zh-Hant", "zh-Hans", "en"]


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


def output_format_option(default: str | None = None) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """``--format``: table on a terminal, json when piped, unless given."""
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(FORMATS),
        default=default,
        help="Output format (default: table on a terminal, json otherwise).",
    )


def resolve_format(fmt: str | None) -> str:
    if fmt:
        return fmt
    return "table" if sys.stdout.isatty() else "json"


def dataset_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """``SOURCES…`` and ``--dataset DIR``: which built dataset a command reads.

    The decorated command receives two keyword arguments:

    * ``sources`` – a tuple of source files (txt/html plans) given on the command
      line; when non-empty, the dataset is built from them on the fly (and cached);
    * ``dataset`` – a build folder written by ``plankg build`` (``None`` if not given).

    With neither, the command reads the build of the embedded corpus, made on first
    use and cached. Pass both straight to :func:`kg.dataset.open_store` (pyoxigraph),
    :func:`kg.dataset.load_dataset` or :func:`kg.dataset.resolve_dataset_dir`::

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
@click.option("--dept", default=None, help="Focus on one department and its neighbourhood (either script, short or full name).")
@click.option("--lang", type=click.Choice(LANGUAGES), default="zh-Hant", show_default=True, help="Language of labels and tooltips.")
def viz_command(sources: tuple[str, ...], dataset: str | None, out: str | None, kind: str, dept: str | None, lang: str) -> None:
    """Draw the responsibility, dependency or citation network as one offline HTML page.

    The page inlines vis-network and loads nothing from the network; hover a
    node for its details, search by name, toggle edge kinds in the legend.
    With --kind workload-chart, write a bar chart of department workload.
    Prints the path written.
    """
    from viz import render

    path = render(kind, dataset=dataset, sources=list(sources) or None, out=out, dept=dept, lang=lang)
    click.echo(str(path))


def main() -> None:
    cli(prog_name="plankg")


if __name__ == "__main__":
    main()

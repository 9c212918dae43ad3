"""HTML pages: one per resource, the ontology, the saved queries, the dumps, errors.

Rendered with Jinja2 templates (``kg/server/templates/``) with autoescaping on,
so every piece of data (a label, a task's text, a literal, an IRI) reaches
the page as text, never as markup. Pages carry no script at all and load only
the server's own stylesheet, under a Content-Security-Policy that allows
nothing else (:data:`CONTENT_SECURITY_POLICY`). Links to IRIs under the base
point at this server, so a click stays on it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from kg.graph.iri import ONTOLOGY_IRI
from kg.resources import PLAN_NAMESPACE
from kg.server.describe import (
    DCT_DESCRIPTION,
    ORG_ORGANIZATION,
    PAGE_LANGUAGES,
    PLAN_PLAN,
    PLAN_TASK,
    RDF_TYPE,
    Describer,
    Link,
    OutlineNode,
)

CONTENT_SECURITY_POLICY = (
    "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
    "base-uri 'none'; frame-ancestors 'none'"
)
LANGUAGE_NAMES = {"zh-Hans": "简体", "zh-Hant": "繁體", "en": "English"}
DETAIL_WIDTH = 80


@dataclass(frozen=True)
class Linked:
    """Something a page shows: text, and where it links (None: plain text)."""

    text: str
    href: str | None = None
    iri: str = ""
    lang: str = ""
    inferred: bool = False
    note: str = ""
    detail: str = ""


def _environment() -> Any:
    # jinja2 comes with pyvis; imported here, when the server starts, not by `plankg query`
    from jinja2 import Environment, PackageLoader, select_autoescape

    return Environment(
        loader=PackageLoader("kg.server", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=False,
    )


def shorten(text: str, width: int = DETAIL_WIDTH) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


class Site:
    """Renders the pages of one server: its base, where it is mounted, its store."""

    def __init__(self, describer: Describer, base: str, prefixes: dict[str, str], default_lang: str) -> None:
        self.describer = describer
        self.base = base
        self.prefixes = prefixes
        self.default_lang = default_lang
        self.environment = _environment()

    # -- links --------------------------------------------------------------------------------

    def href(self, iri: str, root: str) -> str | None:
        """Where a link to ``iri`` goes: this server for the base and the ontology, else the IRI if it is http(s)."""
        if iri.startswith(self.base):
            return f"{root}/{iri[len(self.base):]}"
        if iri == ONTOLOGY_IRI:
            return f"{root}/ontology"
        if iri.startswith(PLAN_NAMESPACE):
            return f"{root}/ontology#{iri[len(PLAN_NAMESPACE):]}"
        if iri.startswith(("http://", "https://")):
            return iri
        return None

    def curie(self, iri: str) -> str:
        for prefix, namespace in self.prefixes.items():
            if iri.startswith(namespace) and len(iri) > len(namespace) and prefix != "plankg":
                return f"{prefix}:{iri[len(namespace):]}"
        return iri

    def property_link(self, iri: str, lang: str, root: str) -> Linked:
        label = self.describer.label(iri, lang) if iri.startswith(PLAN_NAMESPACE) else ""
        curie = self.curie(iri)
        text = f"{label} ({curie})" if label and label != iri.rsplit("#", 1)[-1] else curie
        return Linked(text=text, href=self.href(iri, root), iri=iri)

    def term_link(self, term: Any, lang: str, root: str, inferred: bool = False) -> Linked:
        kind = type(term).__name__
        if kind == "NamedNode":
            iri = term.value
            text = self.describer.label(iri, lang) if iri.startswith(self.base) else self.curie(iri)
            if iri.startswith(PLAN_NAMESPACE):
                text = self.describer.label(iri, lang)
                text = f"{text} ({self.curie(iri)})" if text != iri.rsplit("#", 1)[-1] else self.curie(iri)
            return Linked(text=text, href=self.href(iri, root), iri=iri, inferred=inferred)
        if kind == "Literal":
            note = f"@{term.language}" if term.language else ""
            datatype = term.datatype.value if not term.language else ""
            if datatype and not datatype.endswith("#string"):
                note = self.curie(datatype)
            return Linked(text=term.value, lang=term.language or "", inferred=inferred, note=note)
        return Linked(text=str(term), inferred=inferred)

    def language_links(self, path: str, params: dict[str, str], lang: str) -> list[tuple[str, str, str]]:
        links = []
        for code in PAGE_LANGUAGES:
            query = urlencode({**params, "lang": code})
            links.append((code, LANGUAGE_NAMES[code], f"{path}?{query}"))
        return links

    def page_language(self, requested: str | None) -> str:
        if requested:
            for code in PAGE_LANGUAGES:
                if code.lower() == requested.lower():
                    return code
        return self.default_lang

    def render(self, template: str, **context: Any) -> str:
        return self.environment.get_template(template).render(**context)

    # -- a resource ---------------------------------------------------------------------------

    def _grouped(self, links: Sequence[Link], lang: str, root: str) -> list[dict[str, Any]]:
        by_property: dict[str, list[Link]] = {}
        for link in links:
            by_property.setdefault(link.predicate.value, []).append(link)
        rows = []
        for predicate in sorted(by_property, key=lambda iri: (iri != RDF_TYPE, self.curie(iri))):
            values = [self.term_link(link.other, lang, root, link.inferred) for link in by_property[predicate]]
            values.sort(key=lambda value: (value.inferred, value.text))
            rows.append({"property": self.property_link(predicate, lang, root), "values": values})
        return rows

    def resource_page(self, iri: str, lang: str, root: str, path: str, alternates: list[tuple[str, str]]) -> str:
        describer = self.describer
        types = describer.types(iri)
        outgoing = describer.outgoing(iri)
        incoming = describer.incoming(iri)
        context: dict[str, Any] = {
            "lang": lang,
            "root": root,
            "iri": iri,
            "title": describer.label(iri, lang),
            "labels": describer.labels(iri),
            "types": [self.term_link(describer.node(type_iri), lang, root) for type_iri in sorted(types)],
            "alternates": alternates,
            "properties": self._grouped(outgoing, lang, root),
            "incoming": self._grouped(incoming, lang, root),
            "language_links": self.language_links(path, {}, lang),
            "source_texts": [],
            "roles": [],
            "units": [],
            "outline": [],
            "graph_size": None,
        }
        if PLAN_TASK in types:
            texts = describer.texts(iri, DCT_DESCRIPTION)
            ordered = sorted(texts.items(), key=lambda item: item[0] != lang)
            context["source_texts"] = ordered
            plan = describer.plan_of(iri)
            if plan:
                context["title"] = f"{describer.label(iri, lang)} · {describer.label(plan, lang)}"
        if ORG_ORGANIZATION in types:
            roles = describer.tasks_by_role(iri)
            if any(roles.values()):
                context["roles"] = [(role, [self._task_row(task.value, lang, root) for task in tasks]) for role, tasks in roles.items()]
            context["units"] = [self.term_link(unit, lang, root) for unit in describer.units_of(iri)]
        if PLAN_PLAN in types:
            context["outline"] = [self._outline(node, lang, root) for node in describer.outline(iri)]
        if iri in describer.graphs:
            context["graph_size"] = len(describer.graph_triples(iri))
            if not context["labels"]:
                context["title"] = f"graph {iri}"
        return self.render("resource.html", **context)

    def _task_row(self, task: str, lang: str, root: str) -> Linked:
        plan = self.describer.plan_of(task)
        return _TaskRow(
            text=self.describer.label(task, lang),
            href=self.href(task, root),
            iri=task,
            detail=shorten(self.describer.task_text(task, lang)),
            plan=Linked(self.describer.label(plan, lang), self.href(plan, root), plan) if plan else None,
        )

    def _outline(self, node: OutlineNode, lang: str, root: str) -> dict[str, Any]:
        detail = shorten(self.describer.task_text(node.iri, lang)) if node.is_task else ""
        return {
            "text": self.describer.label(node.iri, lang),
            "href": self.href(node.iri, root),
            "is_task": node.is_task,
            "detail": detail,
            "children": [self._outline(child, lang, root) for child in node.children],
        }

    def error_page(self, title: str, message: str, root: str, lang: str | None = None) -> str:
        return self.render("error.html", title=title, message=message, root=root, lang=lang or self.default_lang, language_links=[])


@dataclass(frozen=True)
class _TaskRow(Linked):
    plan: Linked | None = None


__all__ = ["CONTENT_SECURITY_POLICY", "Linked", "Site", "shorten"]

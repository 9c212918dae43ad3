"""Query answers as bytes: SPARQL results (JSON, XML, CSV, TSV) and RDF graphs, chosen by ``Accept``.

Solutions are written here, from pyoxigraph terms, because the endpoint cuts
an answer at the result-size limit while reading it, and a cut answer can no
longer be handed to pyoxigraph's own writer. Graphs (``CONSTRUCT``,
``DESCRIBE``, a resource's description) go through ``pyoxigraph.serialize``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape, quoteattr

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


@dataclass(frozen=True)
class MediaType:
    """A format the server writes: its media type, its ``?format=`` names, the charset it declares."""

    media_type: str
    names: tuple[str, ...]
    text: bool = True

    @property
    def content_type(self) -> str:
        return f"{self.media_type}; charset=utf-8" if self.text else self.media_type


SPARQL_JSON = MediaType("application/sparql-results+json", ("json", "srj"))
SPARQL_XML = MediaType("application/sparql-results+xml", ("xml", "srx"))
CSV = MediaType("text/csv", ("csv",))
TSV = MediaType("text/tab-separated-values", ("tsv",))
TURTLE = MediaType("text/turtle", ("ttl", "turtle"))
NTRIPLES = MediaType("application/n-triples", ("nt", "ntriples", "n-triples"))
JSONLD = MediaType("application/ld+json", ("jsonld", "json-ld"))
RDFXML = MediaType("application/rdf+xml", ("rdf", "rdfxml", "rdf-xml", "owl"))
HTML = MediaType("text/html", ("html",))

SOLUTION_TYPES = (SPARQL_JSON, SPARQL_XML, CSV, TSV)
GRAPH_TYPES = (TURTLE, NTRIPLES, JSONLD, RDFXML)
# media types clients send for these formats besides the registered ones
ALIASES = {
    "application/json": SPARQL_JSON,
    "text/javascript": SPARQL_JSON,
    "application/javascript": SPARQL_JSON,
    "application/xml": SPARQL_XML,
    "text/xml": SPARQL_XML,
    "application/x-turtle": TURTLE,
    "text/plain": NTRIPLES,
    "application/json+ld": JSONLD,
}


def parse_accept(header: str | None) -> list[tuple[str, float]]:
    """``Accept`` as (media range, q) pairs, best first; an absent header accepts anything."""
    if not header:
        return [("*/*", 1.0)]
    ranges = []
    for position, part in enumerate(header.split(",")):
        pieces = [piece.strip() for piece in part.split(";")]
        if not pieces[0]:
            continue
        quality = 1.0
        for parameter in pieces[1:]:
            key, _, value = parameter.partition("=")
            if key.strip().lower() == "q":
                try:
                    quality = max(0.0, min(1.0, float(value)))
                except ValueError:
                    quality = 0.0
        # more specific ranges win ties (text/turtle over text/* over */*), then the order written
        specificity = 0 if pieces[0] == "*/*" else 1 if pieces[0].endswith("/*") else 2
        ranges.append((pieces[0].lower(), quality, -specificity, position))
    ranges.sort(key=lambda item: (-item[1], item[2], item[3]))
    return [(media_range, quality) for media_range, quality, _, _ in ranges]


def negotiate(accept: str | None, offered: Sequence[MediaType], format_name: str | None = None) -> MediaType | None:
    """The offered type the client prefers (``format_name`` wins over ``Accept``); None if none fits.

    The first offered type is the default for ``*/*``.
    """
    if format_name:
        wanted = format_name.strip().lower()
        for media in offered:
            if wanted in media.names or wanted == media.media_type:
                return media
        return None
    for media_range, quality in parse_accept(accept):
        if quality <= 0:
            continue
        if media_range == "*/*":
            return offered[0]
        if media_range.endswith("/*"):
            major = media_range[:-1]
            found = next((media for media in offered if media.media_type.startswith(major)), None)
            if found:
                return found
            continue
        for media in offered:
            if media.media_type == media_range:
                return media
        alias = ALIASES.get(media_range)
        if alias in offered:
            return alias
    return None


# -- solutions ----------------------------------------------------------------------------------


def _term_kind(term: Any) -> str:
    name = type(term).__name__
    return {"NamedNode": "uri", "BlankNode": "bnode", "Literal": "literal", "Triple": "triple"}.get(name, "literal")


def _literal_parts(term: Any) -> tuple[str, str | None, str | None]:
    """(lexical form, language, datatype IRI or None for xsd:string)."""
    if term.language:
        return term.value, term.language, None
    datatype = term.datatype.value
    return term.value, None, None if datatype == XSD_STRING else datatype


def _json_term(term: Any) -> dict[str, Any]:
    kind = _term_kind(term)
    if kind == "literal":
        value, language, datatype = _literal_parts(term)
        entry: dict[str, Any] = {"type": "literal", "value": value}
        if language:
            entry["xml:lang"] = language
        elif datatype:
            entry["datatype"] = datatype
        return entry
    if kind == "triple":
        return {
            "type": "triple",
            "value": {"subject": _json_term(term.subject), "predicate": _json_term(term.predicate), "object": _json_term(term.object)},
        }
    return {"type": kind, "value": term.value}


def solutions_json(variables: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    bindings = [
        {name: _json_term(term) for name, term in zip(variables, row) if term is not None} for row in rows
    ]
    document = {"head": {"vars": list(variables)}, "results": {"bindings": bindings}}
    return json.dumps(document, ensure_ascii=False).encode("utf-8")


def _xml_term(term: Any) -> str:
    kind = _term_kind(term)
    if kind == "uri":
        return f"<uri>{escape(term.value)}</uri>"
    if kind == "bnode":
        return f"<bnode>{escape(term.value)}</bnode>"
    if kind == "triple":
        return (
            f"<triple><subject>{_xml_term(term.subject)}</subject><predicate>{_xml_term(term.predicate)}</predicate>"
            f"<object>{_xml_term(term.object)}</object></triple>"
        )
    value, language, datatype = _literal_parts(term)
    attribute = f" xml:lang={quoteattr(language)}" if language else f" datatype={quoteattr(datatype)}" if datatype else ""
    return f"<literal{attribute}>{escape(value)}</literal>"


_XML_HEAD = '<?xml version="1.0" encoding="utf-8"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'


def solutions_xml(variables: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    parts = [_XML_HEAD, "<head>", *(f"<variable name={quoteattr(name)}/>" for name in variables), "</head><results>"]
    for row in rows:
        parts.append("<result>")
        for name, term in zip(variables, row):
            if term is not None:
                parts.append(f"<binding name={quoteattr(name)}>{_xml_term(term)}</binding>")
        parts.append("</result>")
    parts.append("</results></sparql>\n")
    return "".join(parts).encode("utf-8")


def _csv_field(text: str) -> str:
    if any(char in text for char in ',"\r\n'):
        return '"' + text.replace('"', '""') + '"'
    return text


def _csv_term(term: Any) -> str:
    if term is None:
        return ""
    kind = _term_kind(term)
    if kind == "bnode":
        return _csv_field(f"_:{term.value}")
    if kind == "triple":
        return _csv_field(str(term))
    return _csv_field(term.value)


def solutions_csv(variables: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    lines = [",".join(_csv_field(name) for name in variables)]
    lines.extend(",".join(_csv_term(term) for term in row) for row in rows)
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


_TSV_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def tsv_term(term: Any) -> str:
    """A term in Turtle syntax, as SPARQL TSV writes it (tabs and line breaks escaped)."""
    if term is None:
        return ""
    kind = _term_kind(term)
    if kind == "uri":
        return f"<{term.value}>"
    if kind == "bnode":
        return f"_:{term.value}"
    if kind == "triple":
        return f"<< {tsv_term(term.subject)} {tsv_term(term.predicate)} {tsv_term(term.object)} >>"
    value, language, datatype = _literal_parts(term)
    text = '"' + "".join(_TSV_ESCAPES.get(char, char) for char in value) + '"'
    if language:
        return f"{text}@{language}"
    if datatype:
        return f"{text}^^<{datatype}>"
    return text


def solutions_tsv(variables: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    lines = ["\t".join(f"?{name}" for name in variables)]
    lines.extend("\t".join(tsv_term(term) for term in row) for row in rows)
    return ("\n".join(lines) + "\n").encode("utf-8")


SOLUTION_WRITERS: dict[MediaType, Callable[[Sequence[str], Iterable[Sequence[Any]]], bytes]] = {
    SPARQL_JSON: solutions_json,
    SPARQL_XML: solutions_xml,
    CSV: solutions_csv,
    TSV: solutions_tsv,
}


def boolean_answer(value: bool, media: MediaType) -> bytes:
    """An ``ASK`` answer; CSV and TSV (which define no boolean form) get the word alone, as Oxigraph writes it."""
    word = "true" if value else "false"
    if media is SPARQL_JSON:
        return json.dumps({"head": {}, "boolean": value}).encode("utf-8")
    if media is SPARQL_XML:
        return f"{_XML_HEAD}<head/><boolean>{word}</boolean></sparql>\n".encode("utf-8")
    return f"{word}\n".encode("utf-8")


# -- graphs -------------------------------------------------------------------------------------


def graph_bytes(triples: Sequence[Any], media: MediaType, prefixes: dict[str, str] | None = None) -> bytes:
    """Triples (pyoxigraph) written in ``media``: Turtle, N-Triples, JSON-LD or RDF/XML."""
    import pyoxigraph

    formats = {
        TURTLE: pyoxigraph.RdfFormat.TURTLE,
        NTRIPLES: pyoxigraph.RdfFormat.N_TRIPLES,
        JSONLD: pyoxigraph.RdfFormat.JSON_LD,
        RDFXML: pyoxigraph.RdfFormat.RDF_XML,
    }
    rdf_format = formats[media]
    if media in (TURTLE, RDFXML) and prefixes:
        used = _used_prefixes(triples, prefixes)
        return pyoxigraph.serialize(triples, format=rdf_format, prefixes=used) or b""
    return pyoxigraph.serialize(triples, format=rdf_format) or b""


def _used_prefixes(triples: Sequence[Any], prefixes: dict[str, str]) -> dict[str, str]:
    iris: set[str] = set()
    for triple in triples:
        for term in (triple.subject, triple.predicate, triple.object):
            if type(term).__name__ == "NamedNode":
                iris.add(term.value)
            elif type(term).__name__ == "Literal" and not term.language:
                iris.add(term.datatype.value)
    return {prefix: namespace for prefix, namespace in prefixes.items() if any(iri.startswith(namespace) for iri in iris)}


__all__ = [
    "CSV",
    "GRAPH_TYPES",
    "HTML",
    "JSONLD",
    "MediaType",
    "NTRIPLES",
    "RDFXML",
    "SOLUTION_TYPES",
    "SOLUTION_WRITERS",
    "SPARQL_JSON",
    "SPARQL_XML",
    "TSV",
    "TURTLE",
    "boolean_answer",
    "graph_bytes",
    "negotiate",
    "parse_accept",
    "tsv_term",
]

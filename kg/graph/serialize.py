"""Deterministic RDF writers: N-Triples, N-Quads, Turtle, TriG and compact JSON-LD.

The same triples always give the same bytes: subjects, predicates and objects
are written in a fixed order, blank-node labels come from the caller (the
build canonicalises the ontology's few blank nodes), and nothing depends on
hash seeds, set order or the clock. rdflib terms in, ``str`` out; the files
read back with any RDF parser (tests check Turtle and JSON-LD round-trip to
isomorphic graphs). Only the build imports this module, so it imports rdflib's
term classes at once.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from rdflib import BNode, Literal

Triple = tuple[Any, Any, Any]
Quad = tuple[Any, Any, Any, Any]

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDF_LANGSTRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
_LOCAL_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_\-]*$")
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}
_ESCAPE = re.compile(r'[\\"\n\r\t\b\f]')


def _escape(text: str) -> str:
    return _ESCAPE.sub(lambda match: _ESCAPES[match.group()], text)


def _kind(term: Any) -> int:
    if isinstance(term, Literal):
        return 2
    if isinstance(term, BNode):
        return 1
    return 0


def term_key(term: Any) -> tuple[int, str, str, str]:
    """A total order on terms: IRIs, then blank nodes, then literals."""
    if isinstance(term, Literal):
        return (2, str(term), str(term.datatype or ""), term.language or "")
    return (_kind(term), str(term), "", "")


# -- N-Triples / N-Quads ------------------------------------------------------------------------


def term_text(term: Any, iri: Callable[[str], str]) -> str:
    """A term as N-Triples/Turtle write it; ``iri`` renders IRIs (``<…>`` or a prefixed name)."""
    if isinstance(term, Literal):
        text = f'"{_escape(str(term))}"'
        if term.language:
            return f"{text}@{term.language}"
        if term.datatype is not None and str(term.datatype) != XSD_STRING:
            return f"{text}^^{iri(str(term.datatype))}"
        return text
    if isinstance(term, BNode):
        return f"_:{term}"
    return iri(str(term))


def _bracketed(iri: str) -> str:
    return f"<{iri}>"


def nt_term(term: Any) -> str:
    return term_text(term, _bracketed)


def _memo_nt() -> Any:
    cache: dict[Any, str] = {}

    def term(value: Any) -> str:
        text = cache.get(value)
        if text is None:
            text = cache[value] = nt_term(value)
        return text

    return term


def ntriples(triples: Iterable[Triple]) -> str:
    """Sorted N-Triples (UTF-8 text, one triple a line)."""
    term = _memo_nt()
    return "".join(sorted(f"{term(s)} {term(p)} {term(o)} .\n" for s, p, o in triples))


def nquads(quads: Iterable[Quad]) -> str:
    """Sorted N-Quads; the fourth term is the graph IRI (a str or URIRef)."""
    term = _memo_nt()
    return "".join(sorted(f"{term(s)} {term(p)} {term(o)} <{g}> .\n" for s, p, o, g in quads))


# -- Turtle / TriG ------------------------------------------------------------------------------


class _Names:
    """Prefixed names for IRIs under the given namespaces, the full IRI otherwise."""

    def __init__(self, prefixes: Mapping[str, str]) -> None:
        self.prefixes = dict(sorted(prefixes.items()))
        self._by_length = sorted(self.prefixes.items(), key=lambda item: (-len(item[1]), item[0]))
        self._iris: dict[str, str] = {}
        self._terms: dict[Any, str] = {}

    def iri(self, iri: str) -> str:
        found = self._iris.get(iri)
        if found is None:
            found = self._iris[iri] = self._shorten(iri)
        return found

    def _shorten(self, iri: str) -> str:
        for prefix, namespace in self._by_length:
            if iri.startswith(namespace):
                local = iri[len(namespace) :]
                if _LOCAL_NAME.match(local):
                    return f"{prefix}:{local}"
        return f"<{iri}>"

    def term(self, term: Any) -> str:
        found = self._terms.get(term)
        if found is None:
            found = self._terms[term] = self._term(term)
        return found

    def _term(self, term: Any) -> str:
        return term_text(term, self.iri)

    def header(self, keyword: str = "@prefix") -> str:
        if keyword == "PREFIX":
            return "".join(f"PREFIX {prefix}: <{namespace}>\n" for prefix, namespace in self.prefixes.items())
        return "".join(f"@prefix {prefix}: <{namespace}> .\n" for prefix, namespace in self.prefixes.items())


def _turtle_body(triples: Iterable[Triple], names: _Names, indent: str = "") -> str:
    by_subject: dict[Any, dict[Any, list[Any]]] = defaultdict(lambda: defaultdict(list))
    for s, p, o in triples:
        by_subject[s][p].append(o)
    blocks = []
    for subject in sorted(by_subject, key=term_key):
        predicates = by_subject[subject]
        order = sorted(predicates, key=lambda p: (str(p) != RDF_TYPE, str(p)))
        lines = []
        for predicate in order:
            verb = "a" if str(predicate) == RDF_TYPE else names.iri(str(predicate))
            objects = ", ".join(names.term(o) for o in sorted(set(predicates[predicate]), key=term_key))
            lines.append(f"{verb} {objects}")
        head = f"{indent}{names.term(subject)} "
        joiner = f" ;\n{indent}    "
        blocks.append(head + joiner.join(lines) + " .\n")
    return "\n".join(blocks)


def turtle(triples: Iterable[Triple], prefixes: Mapping[str, str]) -> str:
    names = _Names(prefixes)
    body = _turtle_body(list(triples), names)
    return names.header() + ("\n" + body if body else "")


def trig(graphs: Mapping[str, Iterable[Triple]], prefixes: Mapping[str, str]) -> str:
    """TriG of named graphs, graphs in IRI order."""
    names = _Names(prefixes)
    parts = [names.header()]
    for graph in sorted(graphs):
        body = _turtle_body(list(graphs[graph]), names, indent="    ")
        parts.append(f"\n{names.iri(str(graph))} {{\n{body}}}\n")
    return "".join(parts)


# -- from N-Triples lines (the build's merge works on text, not terms) ----------------------------


def ntriple_lines(triples: Iterable[Triple]) -> list[str]:
    """Sorted, distinct N-Triples lines of ``triples`` (what :func:`ntriples` joins)."""
    term = _memo_nt()
    return sorted({f"{term(s)} {term(p)} {term(o)} .\n" for s, p, o in triples})


def split_line(line: str) -> tuple[str, str, str]:
    """An N-Triples line written by this module as its three terms' texts."""
    subject, rest = line.split(" ", 1)
    predicate, obj = rest.split(" ", 1)
    return subject, predicate, obj[:-3] if obj.endswith(" .\n") else obj.rstrip("\n").rstrip(" .")


def _line_term(text: str, names: _Names) -> str:
    if text.startswith("<"):
        return names.iri(text[1:-1])
    if text.startswith("_:"):
        return text
    close = text.rindex('"')
    suffix = text[close + 1 :]
    if suffix.startswith("^^<"):
        return f"{text[: close + 1]}^^{names.iri(suffix[3:-1])}"
    return text


def turtle_body_from_lines(lines: Iterable[str], prefixes: Mapping[str, str] | _Names, indent: str = "") -> str:
    """Turtle statements of sorted N-Triples ``lines``, subjects and objects in text order,
    ``a`` first among each subject's predicates."""
    names = prefixes if isinstance(prefixes, _Names) else _Names(prefixes)
    rdf_type = f"<{RDF_TYPE}>"
    blocks: list[str] = []
    subject: str | None = None
    predicates: dict[str, list[str]] = {}

    def flush() -> None:
        if subject is None:
            return
        order = sorted(predicates, key=lambda p: (p != rdf_type, p))
        parts = []
        for predicate in order:
            verb = "a" if predicate == rdf_type else names.iri(predicate[1:-1])
            parts.append(f"{verb} " + ", ".join(_line_term(o, names) for o in predicates[predicate]))
        joiner = f" ;\n{indent}    "
        blocks.append(f"{indent}{_line_term(subject, names)} " + joiner.join(parts) + " .\n")

    for line in lines:
        s, p, o = split_line(line)
        if s != subject:
            flush()
            subject, predicates = s, {}
        predicates.setdefault(p, []).append(o)
    flush()
    return "\n".join(blocks)


def trig_header(prefixes: Mapping[str, str]) -> tuple[_Names, str]:
    """The prefix names of a TriG file and its header."""
    names = _Names(prefixes)
    return names, names.header()


def trig_graph(graph: str, lines: Iterable[str], names: _Names) -> str:
    """One graph of a TriG file, from its sorted N-Triples lines."""
    return f"\n{names.iri(graph)} {{\n{turtle_body_from_lines(lines, names, indent='    ')}}}\n"


# -- JSON-LD ------------------------------------------------------------------------------------


def jsonld(triples: Iterable[Triple], prefixes: Mapping[str, str]) -> str:
    """Compact JSON-LD: an ``@context`` of prefixes and an ``@graph`` of nodes in IRI order."""
    names = _Names(prefixes)

    def compact(iri: str) -> str:
        short = names.iri(iri)
        return short[1:-1] if short.startswith("<") else short

    def node_id(term: Any) -> str:
        return f"_:{term}" if isinstance(term, BNode) else compact(str(term))

    def value(term: Any) -> Any:
        if isinstance(term, Literal):
            if term.language:
                return {"@value": str(term), "@language": term.language}
            if term.datatype is not None and str(term.datatype) != XSD_STRING:
                return {"@value": str(term), "@type": compact(str(term.datatype))}
            return str(term)
        return {"@id": node_id(term)}

    by_subject: dict[Any, dict[Any, list[Any]]] = defaultdict(lambda: defaultdict(list))
    for s, p, o in triples:
        by_subject[s][p].append(o)
    nodes = []
    for subject in sorted(by_subject, key=term_key):
        node: dict[str, Any] = {"@id": node_id(subject)}
        for predicate, objects in by_subject[subject].items():
            ordered = sorted(set(objects), key=term_key)
            if str(predicate) == RDF_TYPE and all(_kind(o) != 2 for o in ordered):
                node["@type"] = [node_id(o) for o in ordered]
            else:
                node[compact(str(predicate))] = [value(o) for o in ordered]
        nodes.append(node)
    document = {"@context": dict(names.prefixes), "@graph": nodes}
    return json.dumps(document, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


__all__ = [
    "jsonld",
    "nquads",
    "nt_term",
    "ntriple_lines",
    "ntriples",
    "split_line",
    "term_key",
    "trig",
    "trig_graph",
    "trig_header",
    "turtle",
    "turtle_body_from_lines",
]

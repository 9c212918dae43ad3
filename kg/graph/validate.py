"""Check a built graph against ontology/shapes.ttl with pySHACL, and report in plain words.

:func:`validate_graph` returns a :class:`ValidationReport`; :func:`check`
raises :class:`kg.errors.ValidationError` (which fails the build) with a
one-line message and the full readable report attached. The graph given should
be the union of what was asserted and what was inferred: shapes may rely on
entailed triples (a lead department is an involved department).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from kg.errors import ValidationError
from kg.resources import ontology_file


@dataclass(frozen=True)
class Violation:
    focus: str  # the node that fails
    path: str  # the property concerned ("" for a node-level constraint)
    message: str
    value: str = ""
    severity: str = "Violation"

    def line(self, base: str = "") -> str:
        focus = self.focus[len(base) :] if base and self.focus.startswith(base) else self.focus
        where = f" [{self.path}]" if self.path else ""
        value = f" (value: {self.value})" if self.value else ""
        return f"{focus}{where}: {self.message}{value}"


@dataclass
class ValidationReport:
    conforms: bool
    violations: list[Violation] = field(default_factory=list)
    seconds: float = 0.0

    def text(self, base: str = "") -> str:
        if self.conforms:
            return "SHACL: the graph conforms to ontology/shapes.ttl."
        lines = [f"SHACL: {len(self.violations)} violation(s) of ontology/shapes.ttl:"]
        lines += [f"  - {violation.line(base)}" for violation in self.violations]
        return "\n".join(lines)


def load_shapes() -> Any:
    from rdflib import Graph

    graph = Graph()
    graph.parse(data=ontology_file("shapes.ttl").read_text(encoding="utf-8"), format="turtle")
    return graph


def validate_graph(triples: Iterable[tuple[Any, Any, Any]], shapes: Any | None = None) -> ValidationReport:
    """Validate ``triples`` (asserted ∪ inferred) against the shapes; never raises on violations."""
    import time

    from pyshacl import validate
    from rdflib import Graph

    data = Graph()
    for triple in triples:
        data.add(triple)
    started = time.perf_counter()
    conforms, results, _text = validate(
        data,
        shacl_graph=shapes if shapes is not None else load_shapes(),
        inference="none",
        abort_on_first=False,
        allow_infos=True,
        allow_warnings=True,
        advanced=False,
    )
    seconds = time.perf_counter() - started
    return ValidationReport(conforms=bool(conforms), violations=_violations(results), seconds=seconds)


def _violations(results: Any) -> list[Violation]:
    from rdflib import Namespace
    from rdflib.namespace import RDF

    SH = Namespace("http://www.w3.org/ns/shacl#")
    found = []
    for result in results.subjects(RDF.type, SH.ValidationResult):
        focus = results.value(result, SH.focusNode)
        path = results.value(result, SH.resultPath)
        messages = sorted(str(message) for message in results.objects(result, SH.resultMessage))
        value = results.value(result, SH.value)
        severity = results.value(result, SH.resultSeverity)
        found.append(
            Violation(
                focus=str(focus),
                path=_short(path),
                message=messages[0] if messages else "violates a shape",
                value=str(value) if value is not None and value != focus else "",
                severity=str(severity).rsplit("#", 1)[-1] if severity is not None else "Violation",
            )
        )
    return sorted(set(found), key=lambda v: (v.focus, v.path, v.message, v.value))


def _short(path: Any) -> str:
    if path is None:
        return ""
    from rdflib import URIRef

    from kg.graph.namespace import PREFIXES  # loads rdflib, as the line above

    if isinstance(path, URIRef):
        text = str(path)
        for prefix, namespace in sorted(PREFIXES.items(), key=lambda item: -len(str(item[1]))):
            if text.startswith(str(namespace)):
                return f"{prefix}:{text[len(str(namespace)):]}"
        return text
    return "a property path"


BUILD_HINT = "fix the source or the authority files, or build with --no-validate"


def check(triples: Iterable[tuple[Any, Any, Any]], base: str = "", shapes: Any | None = None) -> ValidationReport:
    """Validate, and raise :class:`ValidationError` when the graph does not conform.

    The error's message ends with :data:`BUILD_HINT`; its ``summary`` attribute is the
    message without it, for callers that suggest another way on.
    """
    report = validate_graph(triples, shapes)
    if not report.conforms:
        first = report.violations[0].line(base) if report.violations else "see the report"
        summary = (
            f"the built graph violates {len(report.violations)} SHACL constraint(s) of ontology/shapes.ttl, first: {first}"
        )
        error = ValidationError(f"{summary} — {BUILD_HINT}", report=report.text(base))
        error.summary = summary  # type: ignore[attr-defined]
        raise error
    return report


__all__ = ["BUILD_HINT", "ValidationReport", "Violation", "check", "load_shapes", "validate_graph"]

"""The system vocabulary (ontology/systems.ttl) as the extractor reads it holds what the file says:
every system with its labels by language, its aliases and its comment, as rdflib reads the file too."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from kg.errors import SourceError
from kg.resources import PLAN_NAMESPACE, ontology_file
from kg.text.entities.systems import _parse, _read_sources


def test_every_system_reads_as_rdflib_reads_it() -> None:
    graph = Graph().parse(data=ontology_file("systems.ttl").read_text(encoding="utf-8"), format="turtle")
    expected = {}
    for subject in graph.subjects(RDF.type, URIRef(PLAN_NAMESPACE + "System")):
        labels = {label.language or "": str(label) for label in graph.objects(subject, SKOS.prefLabel) if isinstance(label, Literal)}
        aliases = tuple(sorted(str(alias) for alias in graph.objects(subject, SKOS.altLabel)))
        comments = [str(text) for text in graph.objects(subject, RDFS.comment)]
        expected[str(subject)] = (labels, aliases, comments[0] if comments else None)
    read = {entry.iri: (entry.labels, entry.aliases, entry.comment) for entry in _parse(_read_sources(()))}
    assert len(read) > 20
    assert read == expected
    assert read["https://w3id.org/plankg/system/dianzizhengzhaoku"][0]["zh-Hant"] == "電子證照庫"


def test_a_file_that_is_not_turtle_is_named_in_one_line(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match=r"^extra\.ttl: not valid Turtle \(.*\); fix the file, or leave it out of PLANKG_SYSTEMS$"):
        _parse([("extra.ttl", "<https://example.org/a> <https://example.org/b> .")])

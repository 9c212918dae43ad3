"""One exception base for the library; the CLI turns each into a one-line message."""

from __future__ import annotations


class PlanKGError(Exception):
    """Base of every error plankg raises on purpose. Its message says what to do."""

    exit_code = 1


class SourceError(PlanKGError):
    """The input could not be read: missing, empty, binary, unknown encoding."""


class ParseError(PlanKGError):
    """The text was read but holds no plan the parser can place (no tasks, an unclosed annotation …)."""


class StrictModeError(ParseError):
    """``--strict`` was asked for and the parser reported warnings."""


class BuildError(PlanKGError):
    """The RDF dataset could not be built or written."""


class ValidationError(BuildError):
    """The built graph violates ontology/shapes.ttl."""

    def __init__(self, message: str, report: str = "") -> None:
        super().__init__(message)
        self.report = report


class DatasetError(PlanKGError):
    """A build folder is missing, incomplete or from an incompatible version."""


class QueryError(PlanKGError):
    """A saved or ad-hoc query is unknown, malformed or missing a parameter."""


class EndpointError(QueryError):
    """A remote SPARQL endpoint could not be reached or answered with an error."""


class UsageError(PlanKGError):
    """An option or argument is wrong (exit code 2, as click does)."""

    exit_code = 2


class RequestRefused(PlanKGError):
    """The SPARQL endpoint or the web API refuses a request; ``status`` is its HTTP status code."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


class StoreError(PlanKGError):
    """A triple store could not be reached, refused a publish, or holds other counts than the build."""

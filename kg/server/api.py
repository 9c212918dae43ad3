"""Saved queries as a web API, as grlc serves ``.rq`` files: ``/api/NAME?param=…`` and its OpenAPI document.

A request's query parameters are the CLI's ``-p`` values, matched the same way
(:func:`kg.sparql.run.run`: either script, full or short name);
``lang`` is the CLI's ``--lang`` and ``format`` chooses JSON (the CLI's
``--format json`` rows) or CSV. The OpenAPI document is generated from the
queries' headers: summary, tags, parameters, columns.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from kg.languages import LANGUAGES
from kg.sparql.saved import Parameter, SavedQuery

RESERVED = ("lang", "format")
API_FORMATS = {"json": "application/json", "csv": "text/csv"}

_SCHEMAS = {
    "key": {"type": "string"},
    "string": {"type": "string"},
    "iri": {"type": "string", "format": "uri"},
    "integer": {"type": "integer"},
    "decimal": {"type": "number"},
    "date": {"type": "string", "format": "date"},
}


def split_request_parameters(values: Mapping[str, str]) -> tuple[dict[str, str], str | None, str | None]:
    """(query parameters, lang, format) from a request's query string."""
    params = {key: value for key, value in values.items() if key not in RESERVED}
    return params, values.get("lang") or None, values.get("format") or None


def _parameter_document(parameter: Parameter) -> dict[str, Any]:
    description = parameter.description or parameter.name
    if parameter.kind == "key":
        description += " (matched across scripts, spaces, full and short names)"
    schema = dict(_SCHEMAS.get(parameter.kind, {"type": "string"}))
    if parameter.default is not None:
        schema["default"] = parameter.default
    return {"name": parameter.name, "in": "query", "required": parameter.required, "description": description, "schema": schema}


def _row_schema(query: SavedQuery) -> dict[str, Any]:
    properties: dict[str, Any] = {}
    for column in query.columns:
        if column.list_of == "int":
            schema: dict[str, Any] = {"type": "array", "items": {"type": "integer"}}
        elif column.list_of:
            schema = {"type": "array", "items": {"type": "string"}}
        else:
            schema = {}
        if column.description:
            schema["description"] = column.description
        properties[column.name] = schema
    return {"type": "object", "properties": properties}


def openapi_document(queries: list[SavedQuery], server_url: str, version: str) -> dict[str, Any]:
    """OpenAPI 3.0 for ``/api/NAME`` of every saved query."""
    paths: dict[str, Any] = {}
    for query in queries:
        has_lang = query.parameter("lang") is not None
        parameters = [_parameter_document(parameter) for parameter in query.user_parameters]
        if has_lang:
            parameters.append(
                {
                    "name": "lang",
                    "in": "query",
                    "required": False,
                    "description": "language of labels (default: the plans' own script)",
                    "schema": {"type": "string", "enum": list(LANGUAGES)},
                }
            )
        parameters.append(
            {"name": "format", "in": "query", "required": False, "description": "json (default) or csv; or send Accept", "schema": {"type": "string", "enum": list(API_FORMATS)}}
        )
        paths[f"/api/{query.name}"] = {
            "get": {
                "operationId": query.name.replace("-", "_"),
                "summary": query.summary,
                "tags": list(query.tags),
                "parameters": parameters,
                "responses": {
                    "200": {
                        "description": "the query's rows",
                        "content": {
                            "application/json": {"schema": {"type": "array", "items": _row_schema(query)}},
                            "text/csv": {"schema": {"type": "string"}},
                        },
                    },
                    "400": {"description": "a missing or malformed parameter (the message says which)"},
                    "503": {"description": "the query ran longer than the server's time limit"},
                },
            }
        }
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "plankg saved queries",
            "version": version,
            "description": "The saved SPARQL queries of plankg (queries/*.rq) as a web API. The SPARQL 1.1 endpoint is /sparql.",
        },
        "servers": [{"url": server_url}],
        "paths": paths,
    }


__all__ = ["API_FORMATS", "openapi_document", "split_request_parameters"]

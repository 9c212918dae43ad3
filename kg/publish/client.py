"""Talking to a triple store over HTTP: SPARQL query and update, and the Graph Store HTTP Protocol.

Every failure — a refused connection, a dropped one, a time-out, a 401, a 5xx —
becomes one :class:`kg.errors.StoreError` line naming the service URL and the
status, never the credentials.
"""

from __future__ import annotations

import urllib.parse
from collections.abc import Mapping
from typing import Any

from kg.errors import StoreError, UsageError
from kg.publish.profiles import StoreProfile

NTRIPLES = "application/n-triples"
SPARQL_JSON = "application/sparql-results+json"
# statuses by which a Graph Store service says it is not there or takes no N-Triples: fall back to SPARQL Update
GSP_MISSING = {404, 405, 406, 415, 501}


def _reason(status: int) -> str:
    from http import HTTPStatus

    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "error"


def _hint(status: int) -> str:
    if status in (401, 403):
        return ": check the user and password (--user/--password or PLANKG_STORE_USER/PLANKG_STORE_PASSWORD) or --token, and the user's right to update"
    if status >= 500:
        return ": the store failed; see its log"
    return ""


def split_credentials(url: str) -> tuple[str, str | None, str | None]:
    """``url`` without a ``user:password@`` part, and that user and password."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UsageError(f"--endpoint must be an http(s) URL, not {redact(url)!r}")
    if parts.username is None:
        return url, None, None
    netloc = parts.hostname if parts.port is None else f"{parts.hostname}:{parts.port}"
    if ":" in parts.hostname:
        netloc = f"[{parts.hostname}]" + (f":{parts.port}" if parts.port else "")
    clean = urllib.parse.urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))
    return clean, urllib.parse.unquote(parts.username), urllib.parse.unquote(parts.password or "") or None


def redact(url: str) -> str:
    """``url`` with any password replaced by ``***``."""
    parts = urllib.parse.urlsplit(url)
    if parts.password is None:
        return url
    return url.replace(f":{parts.password}@", ":***@", 1)


class StoreClient:
    """One store's services under one profile, with the user's credentials."""

    def __init__(
        self,
        url: str,
        profile: StoreProfile,
        *,
        user: str | None = None,
        password: str | None = None,
        token: str | None = None,
        auth: str | None = None,
        timeout: float = 60.0,
    ) -> None:
        import httpx  # the HTTP client with digest auth; only publishing needs it

        base, url_user, url_password = split_credentials(url)
        user = user or url_user
        password = password if password is not None else url_password
        self.base = base
        self.profile = profile
        self.query_url = profile.url(base, profile.query) or base
        self.update_url = profile.url(base, profile.update) or base
        self.gsp_url = profile.url(base, profile.gsp)
        headers = {"User-Agent": "plankg-publish"}
        credentials: Any = None
        if token:
            headers["Authorization"] = token if " " in token else f"Bearer {token}"
        elif user:
            scheme = auth or profile.auth
            if scheme not in ("basic", "digest"):
                raise UsageError(f"unknown auth scheme {scheme!r}: use basic or digest")
            credentials = httpx.DigestAuth(user, password or "") if scheme == "digest" else httpx.BasicAuth(user, password or "")
        self._http = httpx.Client(auth=credentials, headers=headers, timeout=timeout, follow_redirects=False)

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> StoreClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- the raw exchange --------------------------------------------------------------------------------

    def _send(self, method: str, url: str, action: str, **kwargs: Any) -> Any:
        import httpx

        shown = redact(url)
        try:
            response = self._http.request(method, url, **kwargs)
        except httpx.TimeoutException:
            raise StoreError(f"{shown}: no answer in time while {action}") from None
        except httpx.HTTPError as error:
            reason = str(error).splitlines()[0] if str(error) else type(error).__name__
            raise StoreError(
                f"{shown}: connection failed ({reason}) while {action}"
            ) from None
        return response

    def _check(self, response: Any, url: str, action: str) -> Any:
        if response.status_code >= 400:
            raise StoreError(
                f"{redact(url)} answered HTTP {response.status_code} ({_reason(response.status_code)}) while {action}{_hint(response.status_code)}"
            )
        return response

    # -- SPARQL ----------------------------------------------------------------------------------------

    def select(self, query: str, action: str) -> list[dict[str, Any]]:
        """The bindings of a SELECT query, as the SPARQL JSON results give them."""
        response = self._check(
            self._send("POST", self.query_url, action, data={"query": query}, headers={"Accept": SPARQL_JSON}),
            self.query_url,
            action,
        )
        try:
            return list(response.json()["results"]["bindings"])
        except (ValueError, KeyError, TypeError):
            raise StoreError(f"{redact(self.query_url)} did not answer with SPARQL JSON results while {action}: is it a SPARQL query endpoint?") from None

    def update(self, text: str, action: str) -> None:
        """Run a SPARQL 1.1 Update."""
        self._check(
            self._send("POST", self.update_url, action, data={"update": text}, headers={"Accept": f"{SPARQL_JSON}, */*;q=0.1"}),
            self.update_url,
            action,
        )

    # -- Graph Store HTTP Protocol ----------------------------------------------------------------------

    def gsp_send(self, graph: str, data: bytes, *, replace: bool, action: str) -> int:
        """PUT (``replace``) or POST N-Triples into ``graph``; the HTTP status (GSP_MISSING ones are returned, not raised)."""
        assert self.gsp_url is not None
        params: Mapping[str, str] = {self.profile.graph_param: graph}
        response = self._send(
            "PUT" if replace else "POST",
            self.gsp_url,
            action,
            params=params,
            content=data,
            headers={"Content-Type": NTRIPLES},
        )
        if response.status_code in GSP_MISSING:
            return int(response.status_code)
        self._check(response, self.gsp_url, action)
        return int(response.status_code)


__all__ = ["GSP_MISSING", "StoreClient", "redact", "split_credentials"]

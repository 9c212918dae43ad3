"""``plankg publish``: a build's graphs into a real triple store, atomically per graph and verified.

:func:`publish` is the entry point; :mod:`kg.publish.profiles` holds the URL
layout of each store, :mod:`kg.publish.graphs` reads a build's graphs,
:mod:`kg.publish.client` speaks HTTP to the store.
"""

from __future__ import annotations

from kg.publish.profiles import PROFILES, StoreProfile, get_profile
from kg.publish.push import GraphReport, PublishResult, publish

__all__ = ["PROFILES", "GraphReport", "PublishResult", "StoreProfile", "get_profile", "publish"]

"""Fixtures shared by the test files, each made once per session.

* ``seed_text`` / ``seed_plan``: the embedded plan (錫林浩特市2022年政務服務重點工作實施方案)
  as written, and its records (``kg.extract()``);
* ``seed_build``: a build of the seed into a temporary folder (a
  :class:`kg.pipeline.BuildResult`), and ``three_plan_build``: the seed with
  another Xilinhot plan and a Xilingol League plan (tests/fixtures), both in
  simplified script and both citing 国办发〔2022〕2号;
* ``seed_store``: the embedded plan's build as the commands read it (the
  cached build, made on first use), so a command run in a subprocess finds it;
* ``fixture_store``: the hand-written excerpt of the seed's graph
  (tests/fixtures/query-graph.trig);
* ``seed_view_data`` and ``hostile_view_data``: what the views draw of the
  seed, and the same with task 1's text and the Justice Bureau's name
  replaced by markup (:data:`support.HOSTILE_TEXT`, :data:`support.HOSTILE_NAME`).

Hypothesis profiles, chosen with the environment variable ``HYPOTHESIS_PROFILE``:
``ci`` (the default) runs each property test at the size it names
(:func:`support.examples`), ``nightly`` runs every one at 10,000 cases with no
deadline.

Names needed when a test file is imported (parametrize lists, paths, IRIs)
are in ``support.py``. Build folders go to pytest's temporary folders; the
only cache touched is the embedded plan's, as ``plankg query`` would.
"""

from __future__ import annotations

import copy
from typing import Any

import pyoxigraph
import pytest
from hypothesis import HealthCheck, settings

from kg.model import Plan
from kg.pipeline import BuildResult, build, open_store
from kg.text.parse import extract
from support import FIXTURE_GRAPH, HOSTILE_NAME, HOSTILE_TEXT, HYPOTHESIS_PROFILE, LEAGUE_SIMPLIFIED, SEED_FILE, SEED_TEXT, XILINHOT_SIMPLIFIED
from viz.data import ViewData, load_view_data

# ci draws the same cases on every run, so a red CI is never luck; nightly explores 10,000 fresh cases a test
settings.register_profile("ci", deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("nightly", max_examples=10_000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
if HYPOTHESIS_PROFILE not in ("ci", "nightly"):
    raise pytest.UsageError(f"HYPOTHESIS_PROFILE={HYPOTHESIS_PROFILE!r} is not a profile: use ci or nightly")
settings.load_profile(HYPOTHESIS_PROFILE)


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED_TEXT


@pytest.fixture(scope="session")
def seed_plan() -> Plan:
    """The seed's records; read them, do not change them (other tests share them)."""
    return extract()


@pytest.fixture(scope="session")
def seed_build(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    return build([str(SEED_FILE)], tmp_path_factory.mktemp("seed") / "build")


@pytest.fixture(scope="session")
def three_plan_build(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    sources = [str(SEED_FILE), str(XILINHOT_SIMPLIFIED), str(LEAGUE_SIMPLIFIED)]
    return build(sources, tmp_path_factory.mktemp("three") / "build")


@pytest.fixture(scope="session")
def seed_store() -> Any:
    return open_store()


@pytest.fixture(scope="session")
def fixture_store() -> Any:
    store = pyoxigraph.Store()
    store.load(path=str(FIXTURE_GRAPH), format=pyoxigraph.RdfFormat.TRIG)
    return store


@pytest.fixture(scope="session")
def seed_view_data(seed_store: Any) -> ViewData:
    return load_view_data(seed_store)


@pytest.fixture
def hostile_view_data(seed_view_data: ViewData) -> ViewData:
    """The seed's view data with markup for task 1's text and for 司法局's name."""
    hostile = copy.deepcopy(seed_view_data)
    task = next(task for task in hostile.tasks.values() if task.number == 1)
    task.texts = {lang: HOSTILE_TEXT for lang in task.texts}
    department = next(d for d in hostile.departments.values() if d.names.get("zh-Hant") == "司法局")
    department.names = {**department.names, "zh-Hant": HOSTILE_NAME}
    department.written = {"zh-Hant": HOSTILE_NAME}
    department.short_names = []
    return hostile

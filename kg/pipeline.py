"""``kg.build()``: plans → reasoned, validated RDF dataset on disk, one plan at a time.

Each plan goes through the stages on its own — **parse** (text →
:class:`kg.model.Plan`), **build** (its named graph and the authority triples
it uses), **reason** (what its graph entails: inference stays inside a plan),
**validate** (SHACL on that plan's graph with its authority data) — in
parallel worker processes (``jobs``), so memory holds a few plans, not the
corpus. **write** then merges the plans' parts into the build folder of
:mod:`kg.store.dataset` (dumps, the on-disk store, the manifest;
:mod:`kg.store.assemble`). :func:`update` adds, replaces (by plan id) or
removes plans in an existing folder, reusing the parts of the others; the
result is byte-identical to a full build of the same sources. Each stage's
time, summed over the plans, is in the result and in ``build-log.json``.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib.resources import as_file
from pathlib import Path
from typing import Any

from kg import __version__
from kg.errors import BuildError, PlanKGError, UsageError, ValidationError
from kg.graph.iri import ONTOLOGY_VERSION_IRI, Minter, disagreements, resolve_base, resolve_slugs
from kg.graph.reason import REASONERS, reason, rules_from_ontology
from kg.graph.validate import check, load_shapes
from kg.model import Plan
from kg.resources import ontology_file
from kg.store.assemble import PlanPart, assemble, read_part
from kg.store.scope import scope_to_plans
from kg.store.dataset import (
    FolderWriter,
    build_lock,
    cache_key,
    cache_root,
    check_folder,
    default_sources,
    is_complete,
    load_folder_dataset,
    open_folder_store,
    read_folder_manifest,
    recover_locked,
    verify_folder,
)

STAGES = ("parse", "build", "reason", "validate", "write")
Progress = Callable[[int, int], None]  # (plans done, plans in all)


@dataclass
class BuildResult:
    """What a build made: where, from what, how big, and how long each stage took."""

    out: Path
    base: str
    reasoner: str
    validated: bool
    plans: list[Plan]  # the plans parsed by this build (an update: the added or replaced ones)
    counts: dict[str, int]  # asserted, inferred, ontology, total, plans, tasks
    graphs: dict[str, int]  # graph IRI -> triples
    timings: dict[str, float] = field(default_factory=dict)  # stage -> seconds, summed over plans
    wall: float = 0.0  # seconds from start to finish
    jobs: int = 1
    reused: int = 0  # plans kept from the folder without being rebuilt
    removed: list[str] = field(default_factory=list)  # plan ids removed
    notes: list[str] = field(default_factory=list)  # what was recovered from a killed build

    def summary(self) -> str:
        """The lines ``plankg build`` prints to stderr."""
        c = self.counts
        stages = ", ".join(f"{stage} {seconds:.2f}s" for stage, seconds in self.timings.items())
        kept = f"; {self.reused} kept as they were" if self.reused else ""
        gone = f"; removed {', '.join(self.removed)}" if self.removed else ""
        return "\n".join(
            [
                *self.notes,
                f"built {self.out}: {c['plans']} plan(s), {c['tasks']} tasks ({len(self.plans)} built{kept}{gone})",
                f"triples: {c['asserted']} asserted, {c['inferred']} inferred ({self.reasoner}), "
                f"{c['ontology']} ontology, {c['total']} in all",
                f"SHACL: {'conforms' if self.validated else 'not checked (--no-validate)'}",
                f"stages: {stages} (summed over plans, {self.jobs} job(s)); {self.wall:.2f}s in all",
            ]
        )


def build(
    sources: Sequence[str | os.PathLike[str]] | None = None,
    out: str | os.PathLike[str] | None = None,
    *,
    base: str | None = None,
    reasoner: str = "fast",
    validate: bool = True,
    jobs: int | None = None,
    progress: Progress | None = None,
) -> BuildResult:
    """Parse, build, reason, validate and write a dataset.

    ``sources``: plan files (default: the embedded corpus). ``out``: the build
    folder (default: the cache folder :func:`kg.pipeline.open_store` reads for
    these sources). ``base``: the IRI base (default ``$PLANKG_BASE`` or
    https://w3id.org/plankg/). ``reasoner``: ``fast`` (rules generated from the
    ontology) or ``owlrl`` (the reference, much slower). ``validate``: run SHACL
    and fail on a violation. ``jobs``: worker processes (default: the machine's
    cores). ``progress``: called with (plans done, plans in all) as plans finish.
    Fails at once if another build is writing ``out``.
    """
    if reasoner not in REASONERS:
        raise UsageError(f"unknown reasoner {reasoner!r}: use one of {', '.join(REASONERS)}")
    base = resolve_base(base)
    chosen = list(sources) if sources else default_sources()
    if out is None:
        out = cache_root() / cache_key(sources or None, base=base, reasoner=reasoner, validate=validate)
    with build_lock(out):
        notes = recover_locked(out)
        result = _build(chosen, [], [], Path(out), base, reasoner, validate, jobs, progress)
    result.notes = notes + result.notes
    return result


def update(
    out: str | os.PathLike[str],
    sources: Sequence[str | os.PathLike[str]] = (),
    *,
    remove: Sequence[str] = (),
    jobs: int | None = None,
    progress: Progress | None = None,
) -> BuildResult:
    """Add ``sources`` to the build folder ``out`` (a plan whose id is already there is
    replaced) and remove the plans whose ids are in ``remove``, without rebuilding the
    others. The base, reasoner and validation are the folder's own."""
    with build_lock(out):
        notes = recover_locked(out)
        folder = check_folder(out, per_plan_files=True)
        manifest = read_folder_manifest(folder)
        known = {str(entry["plan"]): entry for entry in manifest["sources"]}
        unknown = [plan_id for plan_id in remove if plan_id not in known]
        if unknown:
            raise UsageError(f"{folder} holds no plan {unknown[0]!r}; its plans are: {', '.join(sorted(known))}")
        result = _build(
            list(sources), [known[plan_id] for plan_id in sorted(known)], list(remove), folder,
            manifest["base"], manifest["reasoner"], bool(manifest["validated"]), jobs, progress,
        )
    result.notes = notes + result.notes
    return result


def _build(
    sources: list[Any],
    kept_entries: list[dict[str, Any]],
    remove: list[str],
    out: Path,
    base: str,
    reasoner: str,
    validate: bool,
    jobs: int | None,
    progress: Progress | None,
) -> BuildResult:
    started = time.perf_counter()
    if not sources and not kept_entries:
        raise UsageError("no sources to build: give plan files, or none for the embedded corpus")
    jobs = max(1, jobs if jobs is not None else (os.cpu_count() or 1))
    # one plan and several cores: its SHACL check runs beside the writing of its files
    checks = _Checks() if validate and jobs > 1 and len(sources) == 1 else None
    with _closing(checks), _collector_paused(len(sources) <= 1 and not kept_entries), FolderWriter(out) as writer:

        def keep(part: PlanPart) -> None:
            """Write a plan's own files as soon as it is built, so memory holds its triples only."""
            for name, data in sorted(part.files.items()):
                writer.write(name, data)
            part.files = {}

        fresh = _make_parts(sources, base, reasoner, validate, jobs, progress, checks, keep)
        timings = {stage: sum(part.timings.get(stage, 0.0) for part in fresh) for stage in STAGES[:-1]}
        by_id: dict[str, PlanPart] = {}
        for part in fresh:
            if part.plan_id in by_id:
                raise BuildError(
                    f"two sources hold the same plan {part.plan_id!r} ({by_id[part.plan_id].entry['file']} and "
                    f"{part.entry['file']}); build each plan once"
                )
            by_id[part.plan_id] = part
        minter = Minter(base)
        reused = 0
        for entry in kept_entries:
            plan_id = str(entry["plan"])
            if plan_id in by_id or plan_id in remove:
                continue
            by_id[plan_id] = kept = read_part(out, entry, minter.authority_graph, minter.shared_graph)
            keep(kept)
            reused += 1
        if not by_id:
            raise UsageError(f"{out}: removing {', '.join(remove)} would leave no plan; remove the folder instead")
        _tell_homophones_apart(by_id, base, reasoner, validate, keep, out)
        slugs: dict[str, str] = {}
        for part in by_id.values():
            if part.slug in slugs:
                raise BuildError(f"plans {slugs[part.slug]!r} and {part.plan_id!r} get the same IRI; give one of them another index number")
            slugs[part.slug] = part.plan_id

        write_started = time.perf_counter()

        def log() -> dict[str, Any]:
            written = time.perf_counter() - write_started
            if checks is not None:  # the check ran beside the writing; the log says how long it took
                timings["validate"] += checks.wait()
            return {
                "timings": {stage: round(seconds, 4) for stage, seconds in {**timings, "write": written}.items()},
                "jobs": jobs,
                "plans_built": len(fresh),
                "plans_reused": reused,
            }

        assembled = assemble(
            writer,
            list(by_id.values()),
            _ontology_lines(),
            base=base,
            authority_graph=minter.authority_graph,
            shared_graph=minter.shared_graph,
            ontology_graph=minter.ontology_graph,
            prefixes=_prefixes(base),
            reasoner=reasoner,
            validated=validate,
            package_version=__version__,
            ontology_version=ONTOLOGY_VERSION_IRI,
            log=log,
        )
        if checks is not None:  # (already waited for when the log was written)
            timings["validate"] += checks.wait()
        folder = writer.commit()
    timings["write"] = time.perf_counter() - write_started
    return BuildResult(
        out=folder,
        base=base,
        reasoner=reasoner,
        validated=validate,
        plans=[part.plan for part in fresh],
        counts=assembled.counts,
        graphs=assembled.graphs,
        timings=timings,
        wall=time.perf_counter() - started,
        jobs=jobs,
        reused=reused,
        removed=sorted(remove),
    )


def _tell_homophones_apart(
    by_id: dict[str, PlanPart], base: str, reasoner: str, validate: bool, keep: Callable[[PlanPart], None], out: Path
) -> None:
    """Mint again the plans whose shared nodes would share an IRI with another plan's (homophone slugs).

    Each plan is minted on its own (in its worker), so two documents whose numbers
    read alike in pinyin, cited by two plans, would get one IRI; :func:`resolve_slugs`
    decides which keeps the plain slug, whatever the order, and the plans minted
    otherwise are built again here from their records. A plan kept from an earlier
    build has no records here: the folder must then be built from all its sources.
    """
    assigned = resolve_slugs(part.slugs for part in by_id.values())
    if not assigned:
        return
    for plan_id, part in sorted(by_id.items()):
        names = disagreements(part.slugs, assigned)
        if not names:
            continue
        if part.plan is None:
            scope, key = names[0].split("\t", 1)
            raise BuildError(
                f"{out}: plan {plan_id!r}, kept from an earlier build, names {key!r}, whose IRI another plan's "
                f"{scope} of a homophone name would share; build the folder from all its sources again"
            )
        by_id[plan_id] = rebuilt = _part_of_plan(part.plan, base, reasoner, validate, assigned=assigned)
        rebuilt.timings = part.timings
        keep(rebuilt)


# -- one plan: parse → triples → reason → SHACL, in a worker process -------------------------------


def _make_parts(
    sources: list[Any],
    base: str,
    reasoner: str,
    validate: bool,
    jobs: int,
    progress: Progress | None,
    checks: _Checks | None = None,
    keep: Callable[[PlanPart], None] | None = None,
) -> list[PlanPart]:
    """Every source's part: in ``jobs`` worker processes, or here for one plan (its SHACL check
    then runs beside the rest of the build in ``checks``, when given)."""
    total = len(sources)
    tasks = [(source, base, reasoner, validate) for source in sources]
    parts: list[PlanPart] = []

    def done(part: PlanPart) -> None:
        if keep is not None:
            keep(part)
        parts.append(part)
        if progress is not None:
            progress(len(parts), total)

    if jobs == 1 or total < 2 or not all(isinstance(source, (str, os.PathLike)) for source in sources):
        for task in tasks:
            done(_unwrap(_plan_part(task, checks)))
        return parts
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed

    _warm()  # forked workers inherit the loaded ontology, shapes and authority data
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=min(jobs, total), mp_context=context, initializer=_leave_with, initargs=(os.getpid(),)) as pool:
        futures = [pool.submit(_plan_part, task) for task in tasks]
        try:
            for future in as_completed(futures):
                done(_unwrap(future.result()))
        except BaseException:
            for future in futures:
                future.cancel()
            raise
    return parts


def _leave_with(parent: int) -> None:
    """In a worker: exit when the build that started it is gone (killed), rather than wait forever."""
    import threading

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


class _Checks:
    """SHACL checks run in forked children beside the rest of a one-plan build.

    The first child is forked when the build starts: it loads pySHACL and the shapes
    while this process parses the plan and builds its graph, then waits for the graph
    (pickled, through a pipe), checks it while this process writes the plan's files,
    and sends the outcome back. :meth:`wait` before the folder is swapped in. A child
    ends when its check does, or when the build goes away (its pipe closes), so a build
    killed meanwhile leaves nothing running."""

    def __init__(self) -> None:
        self.children: list[tuple[int, int]] = []  # (pid, read end of its answer pipe), submitted
        self.ready: tuple[int, int, int] | None = self._fork()  # (pid, answer pipe, question pipe), waiting

    @staticmethod
    def _fork() -> tuple[int, int, int]:
        import pickle

        question_read, question_write = os.pipe()
        answer_read, answer_write = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: get ready, wait for the graph, check, send the outcome, leave at once
            import gc

            gc.disable()  # one check, then os._exit: collecting cycles would only cost time
            os.close(question_write)
            os.close(answer_read)
            try:
                try:
                    _shapes()
                    import pyshacl  # noqa: F401  (loaded while the parent builds the graph)
                except BaseException:
                    pass  # the check below says what went wrong
                with os.fdopen(question_read, "rb") as stream:
                    question = stream.read()
                if not question:  # the build went away before it had a graph to check
                    os._exit(0)
                triples, base = pickle.loads(question)
                try:
                    outcome: Any = _check(triples, base)
                except BaseException as error:  # anything else is the build's failure, said in one line
                    outcome = _Failure(BuildError, f"the SHACL check failed ({error})")
                with os.fdopen(answer_write, "wb") as stream:
                    stream.write(pickle.dumps(outcome))
            finally:
                os._exit(0)
        os.close(question_read)
        os.close(answer_write)
        return pid, answer_read, question_write

    def submit(self, triples: set[Any], base: str) -> None:
        import pickle

        pid, answer, question = self.ready if self.ready is not None else self._fork()
        self.ready = None
        self.children.append((pid, answer))
        with os.fdopen(question, "wb") as stream:
            stream.write(pickle.dumps((triples, base), protocol=pickle.HIGHEST_PROTOCOL))

    def wait(self) -> float:
        """Raise the first violation found; the seconds the checks took."""
        import pickle

        seconds = 0.0
        try:
            while self.children:
                pid, read = self.children.pop(0)
                with os.fdopen(read, "rb") as stream:
                    data = stream.read()
                os.waitpid(pid, 0)
                outcome = pickle.loads(data) if data else _Failure(BuildError, "the SHACL check ended without an answer")
                if isinstance(outcome, _Failure):
                    _unwrap(outcome)
                seconds += outcome
        finally:
            self.close()
        return seconds

    def close(self) -> None:
        import signal

        if self.ready is not None:
            pid, answer, question = self.ready
            self.ready = None
            os.close(question)
            self.children.append((pid, answer))
        while self.children:
            pid, read = self.children.pop()
            os.close(read)
            try:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
            except (ProcessLookupError, ChildProcessError):
                pass


@contextlib.contextmanager
def _collector_paused(paused: bool) -> Iterator[None]:
    """Python's cycle collector paused while one plan is built (its few thousand objects hold
    few cycles; the collector would walk every loaded module's objects again and again)."""
    import gc

    if not paused or not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


@contextlib.contextmanager
def _closing(checks: _Checks | None) -> Iterator[None]:
    try:
        yield
    finally:
        if checks is not None:
            checks.close()


def _check(triples: set[Any], base: str) -> float | _Failure:
    started = time.perf_counter()
    try:
        check(triples, base=base, shapes=_shapes())
    except ValidationError as error:
        return _Failure(ValidationError, str(error), error.report)
    return time.perf_counter() - started


@dataclass
class _Failure:
    """An error raised in a worker, carried back whole (a raised error's extra fields do not pickle)."""

    kind: type
    message: str
    report: str = ""


def _unwrap(outcome: PlanPart | _Failure) -> PlanPart:
    if isinstance(outcome, _Failure):
        if issubclass(outcome.kind, ValidationError):
            error = ValidationError(outcome.message, report=outcome.report)
            error.summary = outcome.message.split(" — ", 1)[0]  # type: ignore[attr-defined]
            raise error
        raise outcome.kind(outcome.message)
    return outcome


def _plan_part(task: tuple[Any, str, str, bool], checks: _Checks | None = None) -> PlanPart | _Failure:
    try:
        return _make_part(*task, checks=checks)
    except ValidationError as error:
        return _Failure(ValidationError, str(error), error.report)
    except PlanKGError as error:
        return _Failure(type(error), str(error))


def _make_part(source: Any, base: str, reasoner: str, validate: bool, checks: _Checks | None = None) -> PlanPart:
    clock = time.perf_counter()
    plan = _parse_one(source)
    return _part_of_plan(plan, base, reasoner, validate, checks, parsed=time.perf_counter() - clock)


def _part_of_plan(
    plan: Plan,
    base: str,
    reasoner: str,
    validate: bool,
    checks: _Checks | None = None,
    *,
    parsed: float = 0.0,
    assigned: Mapping[str, str] | None = None,
) -> PlanPart:
    """A parsed plan's part: triples → reason → SHACL → its files (IRIs as ``assigned`` fixes them)."""
    # the graph stage's writers load only when a build runs: a reader starts without them
    from kg.graph.serialize import jsonld, ntriple_lines, ntriples, turtle
    from kg.graph.triples import plan_graph

    timings: dict[str, float] = {"parse": parsed}
    clock = time.perf_counter()
    minter = Minter(base, assigned)
    own, curated, shared = plan_graph(plan, base, _authority(), minter)
    used = curated | shared
    timings["build"] = time.perf_counter() - clock

    clock = time.perf_counter()
    inference = reason(own | used, _ontology(), reasoner, rules=_rules() if reasoner == "fast" else None)
    timings["reason"] = time.perf_counter() - clock

    clock = time.perf_counter()
    if validate and checks is not None:
        checks.submit(own | used | inference.triples, base)
    elif validate:
        check(own | used | inference.triples, base=base, shapes=_shapes())
    timings["validate"] = time.perf_counter() - clock

    clock = time.perf_counter()
    slug = minter.plan_slug(plan.id)
    prefixes = _prefixes(base)
    published = own | _context(own, used)
    files = {
        f"plans/{slug}.ttl": turtle(published, prefixes).encode(),
        f"plans/{slug}.nt": ntriples(published).encode(),
        f"plans/{slug}.jsonld": jsonld(published, prefixes).encode(),
    }
    entry = {
        "file": _file_name(plan.source.path),
        "sha256": plan.source.sha256,
        "encoding": plan.source.encoding,
        "script": plan.source.script,
        "plan": plan.id,
        "plan_iri": minter.plan(plan.id),
        "tasks": len(plan.tasks),
        "files": sorted(files),
        "first_task": minter.task(plan.id, plan.tasks[0].notation) if plan.tasks else "",
    }
    part = PlanPart(
        entry=entry,
        graph=minter.plan_graph(plan.id),
        own=ntriple_lines(own),
        authority=ntriple_lines(curated),
        shared=ntriple_lines(shared),
        inferred=ntriple_lines(inference.triples),
        files=files,
        slugs=minter.shared_slugs(),
    )
    timings["serialise"] = time.perf_counter() - clock
    timings["build"] += timings.pop("serialise")
    part.timings = timings
    part.plan = plan
    return part


def _file_name(path: str) -> str:
    import posixpath

    return posixpath.basename(path.replace("\\", "/"))


def _parse_one(source: Any) -> Plan:
    from kg.text.parse import extract  # the parser loads only when a build runs: a reader starts without it

    if isinstance(source, (str, os.PathLike)):
        return extract(source)
    with as_file(source) as path:  # a packaged file (importlib.resources Traversable)
        plan = extract(path)
    plan.source.path = source.name
    return plan


def _parse(sources: Sequence[Any]) -> list[Plan]:
    """Every plan of ``sources``, parsed in this process."""
    plans = [_parse_one(source) for source in sources]
    if not plans:
        raise UsageError("no sources to build: give plan files, or none for the embedded corpus")
    return plans


@lru_cache(maxsize=1)
def _authority() -> Any:
    from kg.graph.authority import Authority  # the authority files load only when a build runs

    return Authority.load()


@lru_cache(maxsize=1)
def _ontology() -> Any:
    return load_ontology()


@lru_cache(maxsize=1)
def _rules() -> Any:
    return rules_from_ontology(_ontology())


@lru_cache(maxsize=1)
def _shapes() -> Any:
    return load_shapes()


@lru_cache(maxsize=1)
def _ontology_lines() -> list[str]:
    from kg.graph.serialize import ntriple_lines  # loads rdflib, which a reader of a built dataset never needs

    return ntriple_lines(_ontology())


def _warm() -> None:
    _authority()
    _rules()
    _ontology_lines()


def load_ontology() -> Any:
    """ontology/plan.ttl as an rdflib Graph, blank nodes canonicalised (stable labels)."""
    from rdflib import Graph
    from rdflib.compare import to_canonical_graph

    graph = Graph()
    graph.parse(data=ontology_file("plan.ttl").read_text(encoding="utf-8"), format="turtle")
    canonical = Graph()
    for triple in to_canonical_graph(graph):
        canonical.add(triple)
    return canonical


def _prefixes(base: str) -> dict[str, str]:
    from kg.graph.namespace import PREFIXES  # loads rdflib, which a reader of a built dataset never needs

    prefixes = {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}
    prefixes["plankg"] = base
    prefixes["dcat"] = "http://www.w3.org/ns/dcat#"
    return prefixes


def _context(own: set[Any], authority: set[Any]) -> set[Any]:
    """The authority and shared-graph triples about the nodes a plan's graph names (and their governments)."""
    from rdflib import URIRef

    by_subject: dict[Any, list[Any]] = {}
    for triple in authority:
        by_subject.setdefault(triple[0], []).append(triple)
    wanted = [o for _, _, o in own if isinstance(o, URIRef)] + [s for s, _, _ in own]
    seen: set[Any] = set()
    found: set[Any] = set()
    while wanted:
        node = wanted.pop()
        if node in seen or node not in by_subject:
            continue
        seen.add(node)
        for triple in by_subject[node]:
            found.add(triple)
            if isinstance(triple[2], URIRef):
                wanted.append(triple[2])
    return found


# -- reading a build: the folder named, or the embedded plan's (or SOURCES') build, made on first use ------------


def resolve_dataset_dir(dataset: str | os.PathLike[str] | None = None, sources: Sequence[Any] | None = None) -> Path:
    """The build folder to read: ``dataset`` as given, else the cached build of ``sources``
    (default: the embedded corpus), built now if it is not cached yet."""
    if dataset is not None and sources:
        raise UsageError("give either SOURCES (built on the fly) or --dataset DIR (a build folder), not both")
    if dataset is not None:
        return check_folder(dataset)
    key = cache_key(sources or None)
    folder = cache_root() / key
    if is_complete(folder):
        return folder
    try:
        with build_lock(folder, wait=True):  # another reader may be building the same folder
            if not is_complete(folder):
                recover_locked(folder)
                _build(list(sources) if sources else default_sources(), [], [], folder, resolve_base(None), "fast", True, None, None)
    except ValidationError as error:
        # the reading commands have no --no-validate: say how to get a folder they can read
        summary = getattr(error, "summary", str(error))
        raise ValidationError(
            f"{summary} — fix the source, or build it unchecked with "
            "`plankg build --no-validate -o DIR SOURCES…` and read that folder with --dataset DIR",
            report=error.report,
        ) from None
    return folder


def open_store(
    dataset: str | os.PathLike[str] | None = None, sources: Sequence[str] | None = None, plans: Sequence[str] | None = None
) -> Any:
    """The build folder's on-disk ``pyoxigraph.Store``, opened read-only (see :func:`resolve_dataset_dir`).

    Query with ``use_default_graph_as_union=True`` to see all graphs as one
    (as docs/graph-shape.md says a store must be configured). With ``plans``
    (plan ids or source file names), the store seen through those plans only:
    a :class:`kg.store.scope.PlanScope`, queried the same way.
    """
    folder = resolve_dataset_dir(dataset, sources)
    store = open_folder_store(folder)
    return scope_to_plans(store, read_folder_manifest(folder), plans) if plans else store


def load_dataset(dataset: str | os.PathLike[str] | None = None, sources: Sequence[str] | None = None) -> Any:
    """The dataset as an ``rdflib.Dataset`` (its default graph is the union of all graphs)."""
    return load_folder_dataset(resolve_dataset_dir(dataset, sources))


def read_manifest(dataset: str | os.PathLike[str] | None = None, sources: Sequence[str] | None = None) -> dict[str, Any]:
    """The ``manifest.json`` of a build folder (counts, sources, graphs, base, checksums)."""
    return read_folder_manifest(resolve_dataset_dir(dataset, sources))


def verify(dataset: str | os.PathLike[str]) -> dict[str, int]:
    """Check a build folder's every file and graph against its manifest (see
    :func:`kg.store.dataset.verify_folder`); raises :class:`kg.errors.DatasetError`."""
    return verify_folder(dataset)


__all__ = [
    "BuildResult",
    "build",
    "load_dataset",
    "load_ontology",
    "open_store",
    "read_manifest",
    "resolve_dataset_dir",
    "update",
    "verify",
]

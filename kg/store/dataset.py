"""The build folder on disk: writing it atomically under a lock, checking it, opening its store.

A build folder (``plankg build -o DIR``) holds::

    store/            the on-disk pyoxigraph store every reader opens (read-only): all graphs
    store.json        the store's files with their sizes and sha256, and its quad count
    dataset.nq        every graph (each plan's and what it entails, the authority, the shared, the ontology) as N-Quads
    dataset.trig      the same, as TriG
    plans/ID.ttl      one plan's graph with the authority data it uses (also .nt and .jsonld)
    parts/ID.nq       what one plan contributes (its graph, the authority triples it uses, what
                      it entails): an incremental build reuses it instead of rebuilding the plan
    void.ttl          VoID + DCAT description (triples, classes, entities, sources, licence, examples)
    manifest.json     written last: see below
    build-log.json    stage timings of the build that wrote the folder

``manifest.json`` holds ``format`` (this module's :data:`FORMAT_VERSION`),
``plankg`` (package version), ``base``, ``reasoner``, ``validated``,
``ontology``, ``sources`` (one entry per plan: ``file``, ``sha256`` of the
source, ``encoding``, ``script``, ``plan`` id, ``plan_iri``, ``tasks``,
``files``), ``counts`` (``plans``, ``tasks``, ``asserted``, ``inferred``,
``ontology``, ``total``), ``graphs`` (graph IRI → triple count),
``graph_sha256`` (graph IRI → sha256 of the graph's sorted N-Triples, so a
publisher can send only the graphs that changed), ``files`` (every file of the
folder, sorted), ``file_sha256`` and ``file_bytes`` (file → sha256 / size, for
every file whose bytes are the same from one build of the same inputs to the
next: all but ``manifest.json``, ``build-log.json``, ``store.json`` and the
store's own files, which ``store.json`` lists). Everything but those three
files and the store is byte-identical between two builds of the same inputs.

Opening a folder checks it cheaply: the manifest's shape, every listed file
present with its size, the store's files with theirs, the store's named graphs
against the manifest's, and the triple counts of its smaller graphs. A
mismatch is damage, reported with what to do. :func:`verify_folder`
(``plankg verify DIR``) checks every sha256 and every graph's count.

A build takes a lock next to the folder (``.NAME.lock``): a second build of
the same folder at the same time fails at once with a message. The new folder
is written to a hidden sibling and swapped in by two renames; a build killed
between them leaves the previous folder in ``.NAME.old.*``, which the next
build or reader puts back (or removes, when a newer folder is in place), and
says so on stderr.

Without a folder, the dataset of the embedded corpus (or of the given
``sources``) is built on first use and cached under ``$XDG_CACHE_HOME/plankg/``
(default ``~/.cache/plankg/``), keyed by a hash of the package version, the
code, the ontology and vocabulary files, the IRI base and the source bytes; a
changed input makes a new key, never a stale answer.
"""

from __future__ import annotations

import contextlib
import copy
import errno
import fcntl
import hashlib
import json
import os
import shutil
import sys
import tempfile
import warnings
from collections.abc import Iterator, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from kg import __version__
from kg.errors import DatasetError, SourceError, UsageError
from kg.graph.iri import inferred_graph_of, is_inferred_graph, resolve_base
from kg.resources import corpus_files, internal_query, ontology_file

FORMAT_VERSION = 4
DATASET_FILE = "dataset.nq"
TRIG_FILE = "dataset.trig"
MANIFEST_FILE = "manifest.json"
LOG_FILE = "build-log.json"
STORE_DIR = "store"
STORE_FILE = "store.json"
VOID_FILE = "void.ttl"
PLANS_DIR = "plans"
PARTS_DIR = "parts"
UNHASHED = (MANIFEST_FILE, LOG_FILE, STORE_FILE)  # the files whose bytes differ from build to build
CACHE_ENV = "XDG_CACHE_HOME"
_ONTOLOGY_FILES = ("plan.ttl", "departments.ttl", "systems.ttl", "shapes.ttl")
_SAMPLED_GRAPHS = 4  # plans whose graphs' counts are checked on open, besides the authority, shared and ontology graphs


def cache_root() -> Path:
    """``$XDG_CACHE_HOME/plankg`` (default ``~/.cache/plankg``)."""
    root = os.environ.get(CACHE_ENV) or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(root) / "plankg"


def default_sources() -> list[Any]:
    """The embedded corpus: every plan shipped in the package."""
    return list(corpus_files())


def _source_bytes(source: Any) -> bytes:
    try:
        if isinstance(source, (str, os.PathLike)):
            return Path(source).read_bytes()
        return source.read_bytes()  # an importlib.resources Traversable
    except FileNotFoundError:  # the words and exit code of kg.text.read, which `plankg build` reports
        raise SourceError(f"{source}: no such file; check the path, or omit it to read the embedded plan") from None
    except IsADirectoryError:
        raise SourceError(f"{source} is a folder: give the path of one plan file (.txt or .html), or use --dataset for a build folder") from None
    except OSError as error:
        raise SourceError(f"{source} cannot be read ({error.strerror or error}): check its permissions") from None


_PACKAGE = Path(__file__).resolve().parents[1]  # kg/, every stage (this file is kg/store/dataset.py)


def _code_files() -> list[Path]:
    """Every module of the package: a change to any stage's rules changes the cache key."""
    return sorted(_PACKAGE.rglob("*.py"))


def _code_fingerprint() -> bytes:
    """The package's own code: a change to the build rules makes a new cache key."""
    digest = hashlib.sha256()
    for path in _code_files():
        digest.update(path.relative_to(_PACKAGE).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.digest()


def cache_key(sources: Sequence[Any] | None = None, *, base: str | None = None, reasoner: str = "fast", validate: bool = True) -> str:
    """The cache key of a build of ``sources`` (default: the embedded corpus)."""
    digest = hashlib.sha256()
    digest.update(f"plankg {__version__} format {FORMAT_VERSION}\n".encode())
    digest.update(f"base {resolve_base(base)} reasoner {reasoner} validate {bool(validate)}\n".encode())
    digest.update(_code_fingerprint())
    for name in _ONTOLOGY_FILES:
        entry = ontology_file(name)
        digest.update(name.encode())
        digest.update(entry.read_bytes() if entry.is_file() else b"")
    for extra in sorted(filter(None, os.environ.get("PLANKG_SYSTEMS", "").split(os.pathsep))):
        digest.update(_source_bytes(extra))
    chosen = list(sources) if sources else default_sources()
    for source_hash in sorted(hashlib.sha256(_source_bytes(source)).hexdigest() for source in chosen):
        digest.update(source_hash.encode())
    return digest.hexdigest()[:32]


# -- the manifest ------------------------------------------------------------------------------


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def manifest_problem(data: Any) -> str | None:
    """What is wrong with the shape of a manifest (``None`` when nothing is)."""
    if not isinstance(data, dict):
        return "is not a JSON object"
    if data.get("format") != FORMAT_VERSION:
        return f"is of format {data.get('format')!r}, not {FORMAT_VERSION}"
    expected: dict[str, tuple[type, type]] = {
        "graphs": (str, int),
        "graph_sha256": (str, str),
        "counts": (str, int),
        "file_sha256": (str, str),
        "file_bytes": (str, int),
    }
    for key, (key_type, value_type) in expected.items():
        value = data.get(key)
        if not isinstance(value, dict) or not value:
            return f"has no {key!r} table"
        for name, item in value.items():
            if not isinstance(name, key_type) or not isinstance(item, value_type) or isinstance(item, bool):
                return f"has a malformed {key!r} entry {name!r}"
    if set(data["graphs"]) != set(data["graph_sha256"]) or set(data["file_sha256"]) != set(data["file_bytes"]):
        return "lists different graphs or files in its tables"
    if not isinstance(data.get("sources"), list) or not isinstance(data.get("files"), list):
        return "has no 'sources' or 'files' list"
    if not isinstance(data.get("base"), str):
        return "has no 'base'"
    return None


def is_complete(folder: Path) -> bool:
    """Whether ``folder`` holds a finished build of this format (manifest written last)."""
    manifest = folder / MANIFEST_FILE
    if not manifest.is_file() or not (folder / STORE_DIR).is_dir():
        return False
    data = _read_json(manifest)
    return isinstance(data, dict) and data.get("format") == FORMAT_VERSION


_PER_PLAN_FOLDERS = ("plans/", f"{PARTS_DIR}/")


def _damaged(folder: Path, what: str) -> DatasetError:
    return DatasetError(f"{folder}: {what}: the folder is damaged; run `plankg build -o {folder}` again")


def check_folder(folder: str | os.PathLike[str], *, per_plan_files: bool = False) -> Path:
    """``folder`` as a Path if it is a complete, undamaged build folder, else a :class:`DatasetError`.

    A build killed between its two renames is recovered first (see :func:`recover`).
    Every file's size is checked against the manifest, but for the per-plan dumps and
    parts (``plans/``, ``parts/``: three to four files a plan, which no reader opens)
    unless ``per_plan_files``: a build that reuses parts checks them, and ``plankg
    verify`` checks every file's sha256; so opening a folder costs about the same at
    one plan and at a thousand.
    """
    path = Path(folder)
    if not path.exists():
        for note in recover(path):
            print(f"plankg: {note}", file=sys.stderr)
    if not path.exists():
        raise DatasetError(f"{path}: no such build folder; run `plankg build -o {path}` first")
    if not path.is_dir():
        raise DatasetError(f"{path}: not a folder; give the folder `plankg build -o DIR` wrote")
    if not (path / MANIFEST_FILE).is_file() and not (path / DATASET_FILE).is_file():
        raise DatasetError(f"{path}: not a plankg build folder (no {MANIFEST_FILE}); run `plankg build -o {path}`")
    if not is_complete(path):
        raise DatasetError(
            f"{path}: the build is incomplete or from another plankg version (check {MANIFEST_FILE}); "
            f"run `plankg build -o {path}` again"
        )
    manifest = _manifest(path)
    problem = manifest_problem(manifest)
    if problem:
        raise _damaged(path, f"{MANIFEST_FILE} {problem}")
    for name, size in manifest["file_bytes"].items():
        if not per_plan_files and name.startswith(_PER_PLAN_FOLDERS):
            continue
        try:
            actual = (path / name).stat().st_size
        except OSError:
            raise _damaged(path, f"{name} is missing") from None
        if actual != size:
            raise _damaged(path, f"{name} holds {actual} bytes where {MANIFEST_FILE} lists {size}")
    _check_store_files(path)
    return path


def _store_record(folder: Path) -> dict[str, Any]:
    record = _read_json(folder / STORE_FILE)
    if not (isinstance(record, dict) and isinstance(record.get("files"), dict) and isinstance(record.get("quads"), int)):
        raise _damaged(folder, f"{STORE_FILE} is missing or malformed")
    return record


def _check_store_files(folder: Path) -> None:
    record = _store_record(folder)
    for name, entry in record["files"].items():
        try:
            size = (folder / STORE_DIR / name).stat().st_size
        except OSError:
            raise _damaged(folder, f"the store's file {name} is missing") from None
        if not isinstance(entry, dict) or size != entry.get("bytes"):
            raise _damaged(folder, f"the store's file {name} is not the size {STORE_FILE} lists")


def open_folder_store(folder: Path) -> Any:
    """The folder's on-disk ``pyoxigraph.Store``, opened read-only, after the cheap checks.

    Query with ``use_default_graph_as_union=True`` to see all graphs as one
    (as docs/graph-shape.md says a store must be configured).
    """
    import pyoxigraph

    try:
        store = pyoxigraph.Store.read_only(str(folder / STORE_DIR))
    except OSError as error:
        raise _damaged(folder, f"its store cannot be opened ({error})") from None
    manifest = _manifest(folder)
    graphs: dict[str, int] = manifest["graphs"]
    held = {graph.value for graph in store.named_graphs()}
    listed = {graph for graph, size in graphs.items() if size}  # a store holds no empty graph
    if held != listed:
        raise _damaged(folder, f"the store holds {len(held)} graphs where {MANIFEST_FILE} lists {len(listed)}")
    for graph in _sampled(graphs, manifest.get("base", "")):
        count = graph_size(store, graph)
        if count != graphs[graph]:
            raise _damaged(folder, f"the store's graph <{graph}> holds {count} triples where {MANIFEST_FILE} lists {graphs[graph]}")
    return store


def _sampled(graphs: dict[str, int], base: str) -> list[str]:
    """The graphs counted on open: the authority, shared and ontology graphs and a few plans' asserted
    and inferred graphs (all of them for a small build), so opening costs the same at 1 and 1,000 plans."""
    plans = sorted(graph for graph in graphs if graph.startswith(f"{base}plan/") and not is_inferred_graph(graph))
    if len(plans) <= _SAMPLED_GRAPHS:
        return sorted(graphs)
    others = sorted(graph for graph in graphs if not graph.startswith(f"{base}plan/"))
    step = max(1, len(plans) // _SAMPLED_GRAPHS)
    sampled = plans[::step][:_SAMPLED_GRAPHS]
    return others + sampled + [inferred for inferred in map(inferred_graph_of, sampled) if inferred in graphs]


def graph_size(store: Any, graph: str) -> int:
    """The number of triples of one named graph of a pyoxigraph store."""
    import pyoxigraph

    rows = list(
        store.query(internal_query("graph-size"), substitutions={pyoxigraph.Variable("graph"): pyoxigraph.NamedNode(graph)})
    )
    return int(rows[0]["n"].value) if rows else 0  # an empty graph has no group to count


def verify_folder(folder: str | os.PathLike[str]) -> dict[str, int]:
    """Check every file's sha256 and every graph's count against the manifest; raise
    :class:`DatasetError` naming the first problem. Returns what was checked."""
    import pyoxigraph

    path = check_folder(folder, per_plan_files=True)
    manifest = read_folder_manifest(path)
    for name, expected in sorted(manifest["file_sha256"].items()):
        if _sha256(path / name) != expected:
            raise _damaged(path, f"{name} does not have the sha256 {MANIFEST_FILE} lists")
    record = _store_record(path)
    for name, entry in sorted(record["files"].items()):
        if _sha256(path / STORE_DIR / name) != entry.get("sha256"):
            raise _damaged(path, f"the store's file {name} does not have the sha256 {STORE_FILE} lists")
    store = open_folder_store(path)
    quads = len(store)
    if quads != record["quads"] or quads != sum(manifest["graphs"].values()):
        raise _damaged(path, f"the store holds {quads} quads where {MANIFEST_FILE} lists {sum(manifest['graphs'].values())}")
    for graph, size in sorted(manifest["graphs"].items()):
        count = sum(1 for _ in store.quads_for_pattern(None, None, None, pyoxigraph.NamedNode(graph)))
        if count != size:
            raise _damaged(path, f"the store's graph <{graph}> holds {count} triples where {MANIFEST_FILE} lists {size}")
    return {"files": len(manifest["file_sha256"]) + len(record["files"]), "graphs": len(manifest["graphs"]), "quads": quads}


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as stream:
            for block in iter(lambda: stream.read(1 << 20), b""):
                digest.update(block)
    except OSError:
        return ""
    return digest.hexdigest()


def load_folder_dataset(folder: Path) -> Any:
    """The dataset as an ``rdflib.Dataset`` parsed from ``dataset.nq`` (its default graph is the union)."""
    from rdflib import Dataset

    graph = Dataset(default_union=True)
    try:
        with open(folder / DATASET_FILE, "rb") as stream, warnings.catch_warnings():
            # rdflib's own Dataset.parse uses its deprecated default_context
            warnings.filterwarnings("ignore", category=DeprecationWarning, module="rdflib")
            graph.parse(file=stream, format="nquads")
    except Exception as error:  # rdflib's parsers raise many kinds of errors
        raise DatasetError(f"{folder / DATASET_FILE}: cannot be parsed ({error}); run `plankg build` again") from None
    quads = sum(len(context) for context in graph.graphs())
    expected = sum(read_folder_manifest(folder)["graphs"].values())
    if quads != expected:
        raise _damaged(folder, f"{DATASET_FILE} holds {quads} quads where {MANIFEST_FILE} lists {expected}")
    return graph


def read_folder_manifest(folder: Path) -> dict[str, Any]:
    """The ``manifest.json`` of a build folder (counts, sources, graphs, base, checksums)."""
    return copy.deepcopy(_manifest(folder))


def _manifest(folder: Path) -> dict[str, Any]:
    """The manifest, read once per version of the file (opening a folder reads it twice); not to be changed."""
    path = Path(folder) / MANIFEST_FILE
    try:
        stat = path.stat()
    except OSError:
        raise _damaged(Path(folder), f"{MANIFEST_FILE} cannot be read") from None
    data = _manifest_at(str(path.resolve()), stat.st_mtime_ns, stat.st_size)
    if not isinstance(data, dict):
        raise _damaged(Path(folder), f"{MANIFEST_FILE} cannot be read as JSON")
    return data


@lru_cache(maxsize=4)
def _manifest_at(path: str, mtime_ns: int, size: int) -> Any:
    """A manifest read once per version of the file (opening a folder reads it twice)."""
    return _read_json(Path(path))


# -- writing: the lock, recovery, the staging folder ---------------------------------------------


def _umask() -> int:
    current = os.umask(0o022)
    os.umask(current)
    return current


def _lock_path(target: Path) -> Path:
    return target.resolve().parent / f".{target.name}.lock"


@contextlib.contextmanager
def build_lock(out: str | os.PathLike[str], wait: bool = False) -> Iterator[None]:
    """Hold the lock of the build folder ``out``; without ``wait``, fail at once if another
    process holds it."""
    target = Path(out)
    lock = _lock_path(target)
    try:
        lock.parent.mkdir(parents=True, exist_ok=True)
        handle = open(lock, "a+")
    except OSError as error:
        raise DatasetError(f"{lock.parent}: cannot write a build folder here ({error.strerror or error})") from None
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except OSError as error:
            if error.errno not in (errno.EAGAIN, errno.EACCES):
                raise
            raise DatasetError(
                f"{target}: another plankg build is writing this folder now; wait for it to finish, or build into another -o"
            ) from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def recover(out: str | os.PathLike[str]) -> list[str]:
    """Put back (or remove) what a killed build left beside ``out``; returns what was done.

    A build killed between its two renames leaves no ``out`` and the previous
    folder in ``.NAME.old.*/build``: it is renamed back. Once ``out`` is in
    place, set-aside folders and unfinished staging folders are removed. Nothing
    is touched while another build holds the lock.
    """
    target = Path(out)
    parent = target.resolve().parent
    if not parent.is_dir():
        return []
    leftovers = sorted(path for path in parent.glob(f".{target.name}.*") if path.is_dir())
    if not leftovers:
        return []
    notes: list[str] = []
    try:
        with build_lock(target):
            notes = _recover_locked(target, leftovers)
    except DatasetError:
        return []  # a build is running: what lies beside the folder is its own
    return notes


def recover_locked(out: str | os.PathLike[str]) -> list[str]:
    """:func:`recover` for a caller that holds the lock of ``out`` already."""
    target = Path(out)
    parent = target.resolve().parent
    leftovers = sorted(path for path in parent.glob(f".{target.name}.*") if path.is_dir()) if parent.is_dir() else []
    return _recover_locked(target, leftovers) if leftovers else []


def _recover_locked(target: Path, leftovers: list[Path]) -> list[str]:
    notes = []
    retired = [path for path in leftovers if path.name.startswith(f".{target.name}.old.")]
    if not target.exists():
        for folder in reversed(retired):
            if is_complete(folder / "build"):
                os.replace(folder / "build", target)
                notes.append(f"restored {target}: a build killed while swapping folders had set the previous one aside")
                break
    for folder in leftovers:
        shutil.rmtree(folder, ignore_errors=True)
    if leftovers and not notes:
        notes.append(f"removed {len(leftovers)} unfinished or set-aside folder(s) a killed build left beside {target}")
    return notes


class FolderWriter:
    """A new build folder written in a hidden sibling of ``out``, swapped in by :meth:`commit`.

    A reader never sees half a build: the files are written to the staging
    folder, the manifest last, and the old folder is replaced by two renames.
    Files of an earlier build that this one does not write go with it. Call
    :meth:`abort` (or leave a ``with`` block by an exception) to drop the staging folder.
    """

    def __init__(self, out: str | os.PathLike[str]) -> None:
        self.target = Path(out)
        if self.target.exists() and not self.target.is_dir():
            raise UsageError(f"{self.target}: exists and is not a folder; choose another -o")
        if self.target.exists() and not (is_complete(self.target) or not any(self.target.iterdir())):
            if not ((self.target / MANIFEST_FILE).exists() or (self.target / DATASET_FILE).exists()):
                raise UsageError(f"{self.target}: is a folder that is not a plankg build; choose an empty or new -o")
        parent = self.target.resolve().parent
        try:
            parent.mkdir(parents=True, exist_ok=True)
            self.staging = Path(tempfile.mkdtemp(prefix=f".{self.target.name}.", dir=parent))
            self.staging.chmod(0o777 & ~_umask())  # mkdtemp makes it private; a build folder is not
        except OSError as error:
            raise DatasetError(f"{parent}: cannot write a build folder here ({error.strerror or error})") from None
        self.written: list[str] = []

    def __enter__(self) -> FolderWriter:
        return self

    def __exit__(self, kind: Any, value: Any, traceback: Any) -> None:
        if kind is not None:
            self.abort()

    def path(self, name: str) -> Path:
        """Where the file ``name`` goes (its folder made); the caller writes it."""
        path = self.staging / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if name not in self.written:
            self.written.append(name)
        return path

    def write(self, name: str, data: bytes) -> None:
        try:
            self.path(name).write_bytes(data)
        except OSError as error:
            raise DatasetError(f"{self.target}: cannot write {name} ({error.strerror or error})") from None

    def checksums(self) -> tuple[dict[str, str], dict[str, int]]:
        """sha256 and size of every file written so far but the unhashed ones."""
        names = sorted(name for name in self.written if name not in UNHASHED)
        return {name: _sha256(self.staging / name) for name in names}, {name: (self.staging / name).stat().st_size for name in names}

    def record_store(self, quads: int) -> None:
        """Write ``store.json``: the store's files with their sizes and sha256."""
        folder = self.staging / STORE_DIR
        files = {
            path.relative_to(folder).as_posix(): {"bytes": path.stat().st_size, "sha256": _sha256(path)}
            for path in sorted(folder.rglob("*"))
            if path.is_file()
        }
        self.write(STORE_FILE, (json.dumps({"quads": quads, "files": files}, indent=1, sort_keys=True) + "\n").encode())

    def commit(self) -> Path:
        """Swap the staging folder in for ``out``."""
        target, staging = self.target, self.staging
        parent = target.resolve().parent
        try:
            if target.exists():
                retired = Path(tempfile.mkdtemp(prefix=f".{target.name}.old.", dir=parent))
                os.replace(target, retired / "build")
                os.replace(staging, target)
                shutil.rmtree(retired, ignore_errors=True)
            else:
                os.replace(staging, target)
        except OSError as error:
            self.abort()
            raise DatasetError(f"{target}: cannot write the build folder ({error.strerror or error})") from None
        return target

    def abort(self) -> None:
        shutil.rmtree(self.staging, ignore_errors=True)


def write_folder(files: dict[str, bytes], out: str | os.PathLike[str]) -> Path:
    """Write ``files`` (relative path → bytes) as the folder ``out``, atomically (no store)."""
    with FolderWriter(out) as writer:
        for name in sorted(files, key=lambda name: (name == MANIFEST_FILE, name)):  # manifest last
            writer.write(name, files[name])
        return writer.commit()


__all__ = [
    "DATASET_FILE",
    "FORMAT_VERSION",
    "FolderWriter",
    "MANIFEST_FILE",
    "PARTS_DIR",
    "STORE_DIR",
    "STORE_FILE",
    "build_lock",
    "cache_key",
    "cache_root",
    "check_folder",
    "graph_size",
    "load_folder_dataset",
    "manifest_problem",
    "open_folder_store",
    "read_folder_manifest",
    "recover",
    "recover_locked",
    "verify_folder",
    "write_folder",
]

"""The build folder on disk: where it is, whether it is complete, and loading it fast.

A build folder (``plankg build -o DIR``) holds::

    dataset.nq        every graph (each plan's, the authority, the inferred, the ontology): what queries load
    dataset.trig      the same, as TriG
    plans/ID.ttl      one plan's graph with the authority data it uses (also .nt and .jsonld)
    void.ttl          VoID + DCAT description (triples, classes, entities, sources, licence, examples)
    manifest.json     format and package version, sources with sha256, counts (written last)
    build-log.json    stage timings of the build that wrote the folder (the one file that differs run to run)

Later commands never re-parse or re-reason: :func:`open_store` loads
``dataset.nq`` into an in-memory pyoxigraph store (and imports nothing heavier).
Without a folder, the dataset of the embedded corpus (or of the given
``sources``) is built on first use and cached under
``$XDG_CACHE_HOME/plankg/`` (default ``~/.cache/plankg/``), keyed by a hash
of the package version, the code, the ontology and vocabulary files, the IRI
base and the source bytes; a changed input makes a new key, never a stale answer.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from kg import __version__
from kg.errors import DatasetError, SourceError, UsageError
from kg.graph.iri import resolve_base
from kg.resources import corpus_files, ontology_file

FORMAT_VERSION = 1
DATASET_FILE = "dataset.nq"
TRIG_FILE = "dataset.trig"
MANIFEST_FILE = "manifest.json"
LOG_FILE = "build-log.json"
VOID_FILE = "void.ttl"
PLANS_DIR = "plans"
CACHE_ENV = "XDG_CACHE_HOME"
_ONTOLOGY_FILES = ("plan.ttl", "departments.ttl", "systems.ttl", "shapes.ttl")


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


def is_complete(folder: Path) -> bool:
    """Whether ``folder`` holds a finished build of this format (manifest written last)."""
    manifest = folder / MANIFEST_FILE
    if not (manifest.is_file() and (folder / DATASET_FILE).is_file()):
        return False
    try:
        data = json.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(data, dict) and data.get("format") == FORMAT_VERSION


def check_folder(folder: str | os.PathLike[str]) -> Path:
    """``folder`` as a Path if it is a complete build folder, else a :class:`DatasetError` saying what to do."""
    path = Path(folder)
    if not path.exists():
        raise DatasetError(f"{path}: no such build folder; run `plankg build -o {path}` first")
    if not path.is_dir():
        raise DatasetError(f"{path}: not a folder; give the folder `plankg build -o DIR` wrote")
    if not (path / DATASET_FILE).is_file():
        raise DatasetError(f"{path}: not a plankg build folder (no {DATASET_FILE}); run `plankg build -o {path}`")
    if not is_complete(path):
        raise DatasetError(
            f"{path}: the build is incomplete or from another plankg version (check {MANIFEST_FILE}); "
            f"run `plankg build -o {path}` again"
        )
    return path


def open_folder_store(folder: Path) -> Any:
    """An in-memory ``pyoxigraph.Store`` holding every graph of the dataset.

    Query with ``use_default_graph_as_union=True`` to see all graphs as one
    (as docs/graph-shape.md says a store must be configured).
    """
    import pyoxigraph

    store = pyoxigraph.Store()
    try:
        store.bulk_load(path=str(folder / DATASET_FILE), format=pyoxigraph.RdfFormat.N_QUADS)
    except (OSError, SyntaxError, ValueError) as error:
        raise DatasetError(f"{folder / DATASET_FILE}: cannot be loaded ({error}); run `plankg build` again") from None
    _check_size(folder, len(store))
    return store


def _check_size(folder: Path, quads: int) -> None:
    """A dataset.nq cut short at a line end parses, so compare it with the manifest's graph sizes."""
    try:
        graphs = json.loads((folder / MANIFEST_FILE).read_text(encoding="utf-8")).get("graphs")
        expected = sum(int(size) for size in graphs.values())
    except (OSError, ValueError, TypeError, AttributeError):
        return  # is_complete() has vouched for the manifest; one without graph sizes cannot be checked
    if quads != expected:
        raise DatasetError(
            f"{folder / DATASET_FILE}: holds {quads} quads where {MANIFEST_FILE} lists {expected}: the folder is damaged; "
            f"run `plankg build -o {folder}` again"
        )


def load_folder_dataset(folder: Path) -> Any:
    """The dataset as an ``rdflib.Dataset`` (its default graph is the union of all graphs)."""
    from rdflib import Dataset

    graph = Dataset(default_union=True)
    try:
        with open(folder / DATASET_FILE, "rb") as stream, warnings.catch_warnings():
            # rdflib's own Dataset.parse uses its deprecated default_context
            warnings.filterwarnings("ignore", category=DeprecationWarning, module="rdflib")
            graph.parse(file=stream, format="nquads")
    except Exception as error:  # rdflib's parsers raise many kinds of errors
        raise DatasetError(f"{folder / DATASET_FILE}: cannot be parsed ({error}); run `plankg build` again") from None
    _check_size(folder, sum(len(context) for context in graph.graphs()))
    return graph


def read_folder_manifest(folder: Path) -> dict[str, Any]:
    """The ``manifest.json`` of a build folder (counts, sources, graphs, base)."""
    return json.loads((folder / MANIFEST_FILE).read_text(encoding="utf-8"))


def _umask() -> int:
    current = os.umask(0o022)
    os.umask(current)
    return current


def write_folder(files: dict[str, bytes], out: str | os.PathLike[str]) -> Path:
    """Write ``files`` (relative path → bytes) as the build folder ``out``, atomically.

    The files are written to a temporary sibling folder, then swapped in, so a
    reader never sees half a build; files of an earlier build in ``out`` that
    this build does not write are removed with it.
    """
    target = Path(out)
    if target.exists() and not target.is_dir():
        raise UsageError(f"{target}: exists and is not a folder; choose another -o")
    parent = target.resolve().parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=parent))
        staging.chmod(0o777 & ~_umask())  # mkdtemp makes it private; a build folder is not
    except OSError as error:
        raise DatasetError(f"{parent}: cannot write a build folder here ({error.strerror or error})") from None
    try:
        for name in sorted(files, key=lambda name: (name == MANIFEST_FILE, name)):  # manifest last
            path = staging / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(files[name])
        if target.exists():
            if not (is_complete(target) or not any(target.iterdir())):
                raise UsageError(f"{target}: is a folder that is not a plankg build; choose an empty or new -o")
            retired = Path(tempfile.mkdtemp(prefix=f".{target.name}.old.", dir=parent))
            os.replace(target, retired / "build")
            os.replace(staging, target)
            shutil.rmtree(retired, ignore_errors=True)
        else:
            try:
                os.replace(staging, target)
            except OSError:
                if is_complete(target):  # another process finished the same build first
                    shutil.rmtree(staging, ignore_errors=True)
                else:
                    raise
    except OSError as error:
        shutil.rmtree(staging, ignore_errors=True)
        raise DatasetError(f"{target}: cannot write the build folder ({error.strerror or error})") from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return target


__all__ = [
    "DATASET_FILE",
    "FORMAT_VERSION",
    "MANIFEST_FILE",
    "cache_key",
    "cache_root",
    "check_folder",
    "load_folder_dataset",
    "open_folder_store",
    "read_folder_manifest",
    "write_folder",
]

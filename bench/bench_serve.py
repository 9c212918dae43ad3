"""Load test of `plankg serve` beside Oxigraph's own server, on loopback, bounded in requests and time.

    .venv/bin/python bench/bench_serve.py                       # 100 synthetic plans, 8 clients, 3000 requests
    .venv/bin/python bench/bench_serve.py --dataset DIR --requests 1000

Builds the synthetic corpus (bench/synthetic.py, 100 plans) unless --dataset
names a build folder, starts ``plankg serve`` on it and ``oxigraph
serve-read-only --union-default-graph`` on the same N-Quads (after ``oxigraph
load``), both on free loopback ports, then sends each the same number of
requests from --clients threads with keep-alive connections. Two runs per server:

* **sparql**: the saved queries' text as the CLI sends it to an endpoint
  (parameters in a VALUES block), POSTed to each server's SPARQL endpoint:
  the same requests to both;
* **mix**: plankg gets a mix of saved queries over /sparql (40 %), /api/NAME
  calls (30 %) and IRI lookups as Turtle or HTML (30 %); Oxigraph gets the
  SPARQL that answers the same questions (the saved queries' text for the
  first two, a CONSTRUCT of the IRI's triples both ways for the lookups).

Every answer must be 2xx; any error or 5xx fails the run (exit 1). Prints
p50 / p95 latency and throughput per server and the throughput ratio
(goal: plankg ≥ 0.5× Oxigraph).
"""

from __future__ import annotations

import argparse
import http.client
import json
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "tests"))

from support import EXAMPLE_PARAMS, stop  # noqa: E402  (the tests' table of example values, and how they stop a server)

GOAL = 0.5
TIME_LIMIT = 900.0  # seconds a run may take before it stops by itself


@dataclass
class Request:
    method: str
    path: str
    body: bytes | None = None
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Outcome:
    latencies: list[float]
    statuses: dict[int, int]
    errors: list[str]
    seconds: float

    def summary(self) -> dict[str, float]:
        ordered = sorted(self.latencies)
        return {
            "requests": len(ordered),
            "p50_ms": 1000 * statistics.median(ordered) if ordered else 0.0,
            "p95_ms": 1000 * ordered[max(0, int(0.95 * len(ordered)) - 1)] if ordered else 0.0,
            "throughput_rps": len(ordered) / self.seconds if self.seconds else 0.0,
            "errors": len(self.errors) + sum(count for status, count in self.statuses.items() if status >= 300),
        }


def sparql_post(path: str, text: str) -> Request:
    return Request(
        "POST",
        path,
        urllib.parse.urlencode({"query": text}).encode("utf-8"),
        {"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/sparql-results+json"},
    )


def describe_query(iri: str) -> str:
    """bench/resource-description.rq with ?resource bound to ``iri`` (a VALUES block first in WHERE)."""
    from kg.sparql.binding import Term, serialize_term

    text = (ROOT / "bench" / "resource-description.rq").read_text(encoding="utf-8")
    opening = text.index("{", text.index("WHERE")) + 1
    return f"{text[:opening]}\n  VALUES ?resource {{ {serialize_term(Term(iri, is_iri=True))} }}{text[opening:]}"


def saved_texts() -> dict[str, str]:
    from kg.sparql.binding import bind_parameters, with_values_block
    from kg.sparql.registry import load_queries

    return {
        name: with_values_block(query.text, bind_parameters(query, EXAMPLE_PARAMS.get(name, {}), "zh-Hant"))
        for name, query in sorted(load_queries().items())
    }


def lookup_iris(dataset: Path, base: str, count: int, rng: random.Random) -> list[str]:
    """IRIs of departments, tasks, plans and sections found in the dataset's N-Quads."""
    found: set[str] = set()
    pattern = re.compile(r"^<(" + re.escape(base) + r"(?:org|plan)/[^>]+)>")
    with (dataset / "dataset.nq").open(encoding="utf-8") as lines:
        for line in lines:
            match = pattern.match(line)
            if match and "/graph" not in match.group(1):
                found.add(match.group(1))
    ordered = sorted(found)
    return [rng.choice(ordered) for _ in range(count)]


def probe(port: int, texts: dict[str, str], budget: float) -> tuple[dict[str, str], dict[str, str]]:
    """The saved queries Oxigraph's server answers within ``budget`` seconds, and why the others are left out."""
    kept: dict[str, str] = {}
    left_out: dict[str, str] = {}
    for name, text in texts.items():
        request = sparql_post("/query", text)
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=budget + 5)
        started = time.perf_counter()
        try:
            connection.request(request.method, request.path, body=request.body, headers=request.headers)
            response = connection.getresponse()
            response.read()
        except TimeoutError:
            left_out[name] = f"no answer within {budget + 5:.0f} s"
            continue
        finally:
            connection.close()
        elapsed = time.perf_counter() - started
        if response.status == 200 and elapsed <= budget:
            kept[name] = text
        else:
            left_out[name] = f"HTTP {response.status} after {elapsed:.1f} s"
    return kept, left_out


def plans(requests: int, kind: str, dataset: Path, base: str, rng: random.Random, texts: dict[str, str]) -> tuple[list[Request], list[Request]]:
    """The requests for plankg and for Oxigraph, in one shuffled order."""
    names = sorted(texts)
    iris = lookup_iris(dataset, base, requests, rng)
    ours: list[Request] = []
    theirs: list[Request] = []
    for index in range(requests):
        roll = rng.random() if kind == "mix" else 0.0
        name = names[index % len(names)]
        if roll < 0.4:
            ours.append(sparql_post("/sparql", texts[name]))
            theirs.append(sparql_post("/query", texts[name]))
        elif roll < 0.7:
            query = urllib.parse.urlencode(EXAMPLE_PARAMS.get(name, {}))
            ours.append(Request("GET", f"/api/{name}?{query}", None, {"Accept": "application/json"}))
            theirs.append(sparql_post("/query", texts[name]))
        else:
            iri = iris[index]
            accept = "text/html" if index % 3 == 0 else "text/turtle"
            ours.append(Request("GET", "/" + iri[len(base):], None, {"Accept": accept}))
            theirs.append(
                Request("POST", "/query", urllib.parse.urlencode({"query": describe_query(iri)}).encode(),
                        {"Content-Type": "application/x-www-form-urlencoded", "Accept": "text/turtle"})
            )
    return ours, theirs


def load(port: int, requests: list[Request], clients: int) -> Outcome:
    """Send ``requests`` from ``clients`` threads over keep-alive connections to 127.0.0.1:port."""
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    errors: list[str] = []
    lock = threading.Lock()
    position = iter(range(len(requests)))
    stop_at = time.monotonic() + TIME_LIMIT

    def client() -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        while time.monotonic() < stop_at:
            with lock:
                index = next(position, None)
            if index is None:
                break
            request = requests[index]
            started = time.perf_counter()
            try:
                connection.request(request.method, request.path, body=request.body, headers=request.headers)
                response = connection.getresponse()
                response.read()
                status = response.status
            except (OSError, http.client.HTTPException) as error:
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                with lock:
                    errors.append(f"{request.path}: {error}")
                continue
            elapsed = time.perf_counter() - started
            with lock:
                latencies.append(elapsed)
                statuses[status] = statuses.get(status, 0) + 1
                if status >= 300 and len(errors) < 5:
                    errors.append(f"{request.method} {request.path[:80]}: HTTP {status}")
        connection.close()

    threads = [threading.Thread(target=client) for _ in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return Outcome(latencies, statuses, errors, time.perf_counter() - started)


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for(port: int, path: str, seconds: float = 120.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", path)
            if connection.getresponse().status < 500:
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"no server answered on port {port}")


def start_plankg(dataset: Path, workers: int) -> tuple[subprocess.Popen[bytes], int]:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "kg", "serve", "--dataset", str(dataset), "--port", str(port), "--workers", str(workers), "--timeout", "60"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT,
    )
    wait_for(port, "/api/openapi.json")
    return process, port


def start_oxigraph(dataset: Path, scratch: Path, timeout: float) -> tuple[subprocess.Popen[bytes], int]:
    binary = shutil.which("oxigraph") or str(Path(sys.executable).with_name("oxigraph"))
    location = scratch / "oxigraph"
    subprocess.run([binary, "load", "--location", str(location), "--file", str(dataset / "dataset.nq")], check=True, capture_output=True)
    port = free_port()
    process = subprocess.Popen(
        [binary, "serve-read-only", "--location", str(location), "--bind", f"127.0.0.1:{port}", "--union-default-graph",
         "--timeout-s", str(max(1, round(timeout)))],  # as long as plankg serve's --timeout: answers are never cut
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    wait_for(port, "/query?query=ASK%7B%7D")
    return process, port


def build_corpus(plans_count: int, scratch: Path) -> Path:
    from kg.pipeline import build
    from synthetic import generate

    files = generate(plans_count, scratch / "corpus")
    started = time.perf_counter()
    result = build([str(path) for path in files], scratch / "build", validate=False)
    print(f"built {plans_count} plans in {time.perf_counter() - started:.1f} s: {result.counts['total']} triples", file=sys.stderr)
    return result.out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dataset", type=Path, help="a build folder (default: build the synthetic corpus)")
    parser.add_argument("--plans", type=int, default=100, help="synthetic plans to build (default 100)")
    parser.add_argument("--requests", type=int, default=3000, help="requests per run (default 3000)")
    parser.add_argument("--clients", type=int, default=8, help="concurrent clients (default 8)")
    parser.add_argument("--workers", type=int, default=4, help="plankg serve --workers (default 4)")
    parser.add_argument("--sparql-requests", type=int, help="requests of the sparql run (default: --requests)")
    parser.add_argument("--budget", type=float, default=2.0,
                        help="saved queries Oxigraph answers slower than this (seconds) are left out of the runs (default 2)")
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    arguments = parser.parse_args()
    from kg.pipeline import read_manifest

    with tempfile.TemporaryDirectory(prefix="plankg-bench-serve-") as scratch_name:
        scratch = Path(scratch_name)
        dataset = arguments.dataset or build_corpus(arguments.plans, scratch)
        manifest = read_manifest(dataset)
        base = manifest["base"]
        figures: dict[str, dict[str, dict[str, float]]] = {}
        ours_process, ours_port = start_plankg(dataset, arguments.workers)
        theirs_process, theirs_port = start_oxigraph(dataset, scratch, 60.0)
        failed = False
        try:
            texts, left_out = probe(theirs_port, saved_texts(), arguments.budget)
            for name, reason in left_out.items():
                print(f"left out {name}: Oxigraph's server answered {reason} (budget {arguments.budget:g} s)", file=sys.stderr)
            if not texts:
                raise SystemExit("no saved query is answered within the budget; raise --budget")
            for kind in ("sparql", "mix"):
                count = arguments.sparql_requests or arguments.requests if kind == "sparql" else arguments.requests
                ours, theirs = plans(count, kind, dataset, base, random.Random(2022), texts)
                load(ours_port, ours[: 2 * arguments.clients], arguments.clients)  # warm-up
                load(theirs_port, theirs[: 2 * arguments.clients], arguments.clients)
                ours_outcome = load(ours_port, ours, arguments.clients)
                theirs_outcome = load(theirs_port, theirs, arguments.clients)
                figures[kind] = {"plankg": ours_outcome.summary(), "oxigraph": theirs_outcome.summary()}
                print(f"{kind}: {figures[kind]}", file=sys.stderr)
                for name, outcome in (("plankg", ours_outcome), ("oxigraph", theirs_outcome)):
                    if outcome.errors or any(status >= 300 for status in outcome.statuses):
                        failed = True
                        print(f"{kind} {name}: errors {outcome.errors[:5]} statuses {outcome.statuses}", file=sys.stderr)
        finally:
            stop(ours_process)
            stop(theirs_process)
    print(f"{manifest['counts']['plans']} plans, {manifest['counts']['total']} triples; {arguments.clients} clients; "
          f"saved queries run: {', '.join(sorted(texts))}; left out (slower than {arguments.budget:g} s on Oxigraph): {', '.join(sorted(left_out)) or 'none'}")
    print(f"{'run':8} {'server':9} {'p50 ms':>8} {'p95 ms':>8} {'req/s':>8} {'errors':>7}")
    for kind, servers in figures.items():
        for name, summary in servers.items():
            print(f"{kind:8} {name:9} {summary['p50_ms']:8.1f} {summary['p95_ms']:8.1f} {summary['throughput_rps']:8.1f} {summary['errors']:7d}")
        ratio = servers["plankg"]["throughput_rps"] / servers["oxigraph"]["throughput_rps"]
        figures[kind]["ratio"] = {"throughput": ratio}
        print(f"{kind:8} plankg/oxigraph throughput {ratio:.2f}× (goal ≥ {GOAL:g}×)")
    if arguments.json:
        arguments.json.write_text(json.dumps(figures, indent=1) + "\n", encoding="utf-8")
    if failed:
        sys.exit(1)


if __name__ == "__main__":
    main()

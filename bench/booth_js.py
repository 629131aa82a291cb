"""The booth's one-of-4 encryption in JS, per group backend, under node and in Chromium.

``phieukin bench booth_js [--ballots N] [--rounds R] [--no-chromium]`` (or
``.venv/bin/python bench/booth_js.py``): for each round, each backend (libsodium's wasm build
and @noble/curves, alternating which goes first so the shared machine's load hits both alike):

* node: ``js/bench/booth.mjs``, per ballot the process CPU time (user + system) and the wall;
* Chromium (Debian's, via Playwright): ``js/bench/booth_page.html`` served with the booth's CSP
  (``phieukin.lib.csp.policy(wasm=True)``) and the two vendored bundles; per ballot the
  renderer main thread's CPU time (DevTools ``Performance.getMetrics`` ThreadTime, read before
  and after each ballot) and the in-page wall (``performance.now``). The driver's own cost per
  reading is measured with an empty call and reported as ``overhead_cpu_ms`` (not subtracted).

Every timed ballot is distinct (its own card code, choice and randomness; see
``js/bench/booth_workload.mjs``); one warm-up ballot per run is reported apart (``first_ms``).
Reported: median CPU and minimum wall (load only adds time), the median wall, and the load
average before and after. The target (issue 15): one-of-4 encryption ≤ 10 ms CPU in node and
in Chromium. The full result goes to ``bench/results/booth_js-<UTC>.json``.
"""

from __future__ import annotations

import argparse
import contextlib
import http.server
import json
import os
import platform
import shutil
import statistics
import subprocess
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from phieukin.lib import csp

REPO = Path(__file__).resolve().parents[1]
RESULTS = REPO / "bench" / "results"
JS_BENCH = REPO / "js" / "bench"
VENDOR = REPO / "src" / "phieukin" / "voting" / "static" / "voting" / "vendor"
CHROMIUM = Path("/usr/bin/chromium")
BACKENDS = ("sodium", "noble")
TARGET_MS = 10.0


def _summary(cpu: list[float], wall: list[float]) -> dict[str, float]:
    return {
        "median_cpu_ms": statistics.median(cpu),
        "min_wall_ms": min(wall),
        "median_wall_ms": statistics.median(wall),
    }


def run_node(backend: str, ballots: int) -> dict[str, Any]:
    node = shutil.which("node")
    if node is None:
        return {"skipped": "node is not installed"}
    done = subprocess.run(
        [node, str(JS_BENCH / "booth.mjs"), "--backend", backend, "--ballots", str(ballots)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
        cwd=REPO / "js",
    )
    if done.returncode != 0:
        return {"skipped": f"node failed: {done.stderr.strip()[-400:]}"}
    out: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    out.update(_summary(out["cpu_ms"], out["wall_ms"]))
    return out


@contextlib.contextmanager
def _serve() -> Iterator[str]:
    """The bench page and the bundles on a free localhost port, under the booth's CSP."""
    files = {
        "/": JS_BENCH / "booth_page.html",
        "/booth_page.mjs": JS_BENCH / "booth_page.mjs",
        "/booth_workload.mjs": JS_BENCH / "booth_workload.mjs",
        "/phieukin-crypto.js": VENDOR / "phieukin-crypto.js",
        "/phieukin-sodium.js": VENDOR / "phieukin-sodium.js",
    }
    policy = csp.policy(wasm=True)

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            path = files.get(self.path.split("?")[0])
            if path is None:
                self.send_error(404)
                return
            body = path.read_bytes()
            kind = "text/html" if path.suffix == ".html" else "text/javascript"
            self.send_response(200)
            self.send_header("Content-Type", f"{kind}; charset=utf-8")
            self.send_header("Content-Security-Policy", policy)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            return

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def _thread_ms(cdp: Any) -> float:
    metrics = cdp.send("Performance.getMetrics")["metrics"]
    return 1000.0 * next(m["value"] for m in metrics if m["name"] == "ThreadTime")


def run_chromium_once(browser: Any, base: str, backend: str, ballots: int) -> dict[str, Any]:
    page = browser.new_page()
    try:
        page.goto(f"{base}/")
        page.wait_for_selector("html[data-ready=true]", state="attached", timeout=60_000)
        cdp = page.context.new_cdp_session(page)
        cdp.send("Performance.enable", {"timeDomain": "threadTicks"})
        started = page.evaluate(f"bench.start({json.dumps(backend)}, {ballots})")
        if started["backend"] != backend:
            return {"skipped": f"asked for {backend}, got {started['backend']}: {started}"}
        overhead = []
        for _ in range(10):
            before = _thread_ms(cdp)
            page.evaluate("bench.nothing()")
            overhead.append(_thread_ms(cdp) - before)
        cpu, wall = [], []
        for i in range(ballots):
            before = _thread_ms(cdp)
            wall.append(float(page.evaluate(f"bench.encrypt({i})")))
            cpu.append(_thread_ms(cdp) - before)
    finally:
        page.close()
    out = {**started, "ballots": ballots, "cpu_ms": cpu, "wall_ms": wall}
    out["overhead_cpu_ms"] = statistics.median(overhead)
    out.update(_summary(cpu, wall))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="phieukin bench booth_js", description=__doc__)
    parser.add_argument("--ballots", type=int, default=30, help="timed ballots per run")
    parser.add_argument("--rounds", type=int, default=3, help="runs per backend and place")
    parser.add_argument("--no-chromium", action="store_true")
    args = parser.parse_args(argv)

    load_before = os.getloadavg()
    runs: list[dict[str, Any]] = []
    browser_cm: Any = contextlib.nullcontext(None)
    chromium_note = ""
    if not args.no_chromium:
        try:
            from playwright.sync_api import sync_playwright
        except ImportError:
            chromium_note = "playwright is not installed"
        else:
            if CHROMIUM.exists():
                browser_cm = sync_playwright()
            else:
                chromium_note = f"{CHROMIUM} missing (python -m tests.setup_browser)"
    with browser_cm as pw, _serve() as base:
        browser = (
            pw.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
            if pw is not None
            else None
        )
        chromium_version = browser.version if browser is not None else ""
        try:
            for r in range(args.rounds):
                order = BACKENDS if r % 2 == 0 else BACKENDS[::-1]
                for backend in order:
                    load = os.getloadavg()
                    node = run_node(backend, args.ballots)
                    runs.append({"place": "node", "round": r, "load": load, **node})
                    if browser is not None:
                        load = os.getloadavg()
                        got = run_chromium_once(browser, base, backend, args.ballots)
                        runs.append({"place": "chromium", "round": r, "load": load, **got})
                    print(f"  round {r + 1}/{args.rounds} {backend} done", flush=True)
        finally:
            if browser is not None:
                browser.close()
    load_after = os.getloadavg()

    summary: dict[str, dict[str, Any]] = {}
    for place in ("node", "chromium"):
        for backend in BACKENDS:
            mine = [x for x in runs if x["place"] == place and x["backend"] == backend]
            mine = [x for x in mine if "cpu_ms" in x]
            if not mine:
                continue
            cpu = [c for x in mine for c in x["cpu_ms"]]
            wall = [w for x in mine for w in x["wall_ms"]]
            summary[f"{place}/{backend}"] = {
                **_summary(cpu, wall),
                "ballots": len(cpu),
                "runs_median_cpu_ms": [x["median_cpu_ms"] for x in mine],
                "first_ms": [x["first_ms"] for x in mine],
                "init_ms": [x["init_ms"] for x in mine],
                **({"overhead_cpu_ms": mine[0]["overhead_cpu_ms"]} if place == "chromium" else {}),
            }
    result = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": f"{platform.node()} {platform.machine()}, {os.cpu_count()} cores",
        "loadavg_before": load_before,
        "loadavg_after": load_after,
        "ballots_per_run": args.ballots,
        "rounds": args.rounds,
        "target_ms": TARGET_MS,
        "chromium": chromium_note or chromium_version,
        "node": next((x["node"] for x in runs if x.get("node")), None),
        "summary": summary,
        "runs": runs,
    }
    before, after = (", ".join(f"{x:.2f}" for x in la) for la in (load_before, load_after))
    print(f"\nbooth one-of-4 encryption (node {result['node']}, Chromium {result['chromium']})")
    print(f"load average {before} -> {after}")
    print(f"{'where/backend':<18} {'median CPU':>11} {'min wall':>9} {'median wall':>12}  target")
    for name, s in summary.items():
        ok = "met" if s["median_cpu_ms"] <= TARGET_MS else "MISSED"
        print(
            f"{name:<18} {s['median_cpu_ms']:>8.2f} ms {s['min_wall_ms']:>6.2f} ms"
            f" {s['median_wall_ms']:>9.2f} ms  ≤ {TARGET_MS:g} ms {ok}"
        )
    if chromium_note:
        print(f"chromium skipped: {chromium_note}")
    for backend in BACKENDS:
        for place in ("node", "chromium"):
            s = summary.get(f"{place}/{backend}")
            if s and "overhead_cpu_ms" in s and backend == "sodium":
                print(f"chromium driver overhead per reading: {s['overhead_cpu_ms']:.2f} ms CPU")
    RESULTS.mkdir(exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    path = RESULTS / f"booth_js-{stamp}.json"
    path.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {path.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

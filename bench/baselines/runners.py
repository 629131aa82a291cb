"""Run the peer baselines (ElectionGuard 1.4, Belenios 2.0) and our JS encryption as subprocesses.

``bench/crypto.py`` imports this module. Each runner returns a JSON-ready dict, or
``{"skipped": reason}`` when its tool is absent, so one missing peer never sinks the whole run
and the report says plainly what was not measured and why.
"""

from __future__ import annotations

import contextlib
import glob
import http.server
import json
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from phieukin.lib import csp

REPO = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
EG_VENV = REPO / ".bench-venv-eg"
EG_VERSION = "electionguard==1.4.0"


def _find_old_python() -> str | None:
    """A Python 3.10 or 3.9 interpreter (ElectionGuard 1.4.0 does not import on 3.11+)."""
    home = Path.home() / ".pyenv" / "versions"
    for minor in ("3.10", "3.9"):
        found = sorted(glob.glob(str(home / f"{minor}.*" / "bin" / "python")), reverse=True)
        if found:
            return found[0]
        on_path = shutil.which(f"python{minor}")
        if on_path:
            return on_path
    return None


def _ensure_eg_venv() -> Path | str:
    """The venv's python, creating the venv on first use; a reason string when impossible."""
    python = EG_VENV / "bin" / "python"
    if python.exists():
        return python
    base = _find_old_python()
    if base is None:
        return "no Python 3.9/3.10 found (pyenv or PATH); ElectionGuard 1.4.0 needs one"
    print(f"  creating {EG_VENV.name} with {base} and installing {EG_VERSION} ...", flush=True)
    steps = [
        [base, "-m", "venv", str(EG_VENV)],
        [str(python), "-m", "pip", "install", "-q", EG_VERSION],
    ]
    for step in steps:
        done = subprocess.run(step, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            return f"could not set up {EG_VENV.name}: {done.stderr.strip()[-300:]}"
    return python


def _run_json(cmd: list[str], what: str, timeout: float) -> dict[str, Any]:
    """Run ``cmd`` and parse the JSON object on its last stdout line."""
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, check=False, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"skipped": f"{what} timed out after {timeout:.0f} s"}
    except FileNotFoundError as exc:
        return {"skipped": f"{what}: {exc}"}
    if done.returncode != 0:
        return {"skipped": f"{what} failed: {done.stderr.strip()[-400:]}"}
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if not lines:
        return {"skipped": f"{what} printed no JSON"}
    return json.loads(lines[-1])


def run_electionguard(quick: bool) -> dict[str, Any]:
    """ElectionGuard 1.4.0 one-of-4 and 16-contest timings (ms), or a skip reason."""
    python = _ensure_eg_venv()
    if isinstance(python, str):
        return {"skipped": python}
    reps, tally = ("2", "4") if quick else ("7", "20")
    script = str(HERE / "electionguard_bench.py")
    return _run_json(
        [str(python), script, "--reps", reps, "--tally-ballots", tally], "ElectionGuard", 900
    )


def run_belenios(quick: bool) -> dict[str, Any]:
    """Belenios 2.0 per-ballot ``election verify`` slope (ms), or a skip reason."""
    if shutil.which("belenios-tool") is None:
        return {"skipped": "belenios-tool is not installed (Debian: apt-get install belenios-tool)"}
    small, large = ("20", "100") if quick else ("100", "1000")
    script = str(HERE / "belenios_bench.py")
    return _run_json([sys.executable, script, "--small", small, "--large", large], "Belenios", 1800)


def run_js(quick: bool) -> dict[str, Any]:
    """Our JS ballot encryption under node (ms), or a skip reason."""
    node = shutil.which("node")
    if node is None:
        return {"skipped": "node is not installed"}
    script = REPO / "js" / "bench" / "encrypt.mjs"
    return _run_json([node, str(script), "--reps", "10" if quick else "40"], "JS under node", 600)


def run_chromium(quick: bool) -> dict[str, Any]:
    """Our JS ballot encryption in headless Chromium (Playwright + Debian's chromium), in ms."""
    chromium = Path("/usr/bin/chromium")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return {"skipped": "playwright is not installed"}
    if not chromium.exists():
        return {"skipped": "no /usr/bin/chromium (python tests/setup_browser.py installs it)"}
    files = {
        "/": REPO / "js" / "bench" / "chromium.html",
        "/chromium.mjs": REPO / "js" / "bench" / "chromium.mjs",
        "/workload.mjs": REPO / "js" / "bench" / "workload.mjs",
        "/phieukin-crypto.js": REPO / "src/phieukin/voting/static/voting/vendor/phieukin-crypto.js",
        "/phieukin-sodium.js": REPO / "src/phieukin/voting/static/voting/vendor/phieukin-sodium.js",
    }
    with _serve(files) as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(chromium), args=["--no-sandbox"])
        try:
            page = browser.new_page()
            page.goto(f"{base}/?reps={5 if quick else 20}")
            page.wait_for_selector("html[data-done=true]", state="attached", timeout=300_000)
            result = page.evaluate("window.benchResult")
        finally:
            browser.close()
    if "error" in result:
        return {"skipped": f"Chromium run failed: {result['error']}"}
    return result


@contextlib.contextmanager
def _serve(files: dict[str, Path]) -> Iterator[str]:
    """Serve exactly ``files`` (URL path -> file) on a free localhost port, with a strict CSP."""

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
            # The booth's CSP (no eval; wasm allowed for libsodium): the bundles must run under it.
            self.send_header("Content-Security-Policy", csp.policy(wasm=True))
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            return

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def run_libchoice() -> dict[str, Any]:
    """noble vs libsodium (wasm) scalar multiplication under node, µs (needs js/node_modules)."""
    node = shutil.which("node")
    if node is None:
        return {"skipped": "node is not installed"}
    if not (REPO / "js" / "node_modules" / "libsodium-wrappers-sumo").exists():
        return {"skipped": "js/node_modules is absent (cd js && npm ci)"}
    return _run_json([node, str(REPO / "js" / "bench" / "libchoice.mjs")], "libchoice", 300)

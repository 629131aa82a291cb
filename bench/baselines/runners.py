"""Run the peer baselines (ElectionGuard 1.4, Belenios 2.0) and our JS encryption as subprocesses.

``bench/crypto.py`` imports this module. Each runner returns a JSON-ready dict, or
``{"skipped": reason}`` when its tool is absent, so one missing peer never sinks the whole run
and the report says plainly what was not measured and why.
"""

from __future__ import annotations

import glob
import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

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

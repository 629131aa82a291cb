"""Web imports as background jobs: a thread per import, its state in a JSON file.

Why a thread and a file rather than a task queue: phieukin runs on a single machine (a
conference-room laptop or one server with gunicorn's threaded workers), with no broker to
install; an import is a rare, staff-only action. The view saves the upload, starts the thread
and returns at once; the page polls the status file (htmx), which survives the worker that
wrote it and can be read by any worker. A job whose process died is reported as such, not
left "running" for ever.

Files: ``DATA_DIR/imports/<job id>.json`` (state, progress, result or errors: the errors
include cell values, so the files are removed after ``KEEP_SECONDS``) and
``<job id>.upload`` (deleted as soon as the import ends).
"""

from __future__ import annotations

import json
import logging
import os
import threading
import time
import uuid
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection
from django.utils.translation import gettext_noop

from phieukin.organizations.importing.errors import ImportFileError, ImportInvalid
from phieukin.organizations.importing.runner import run_import
from phieukin.organizations.importing.validate_orgs import Scope

logger = logging.getLogger(__name__)
KEEP_SECONDS = 24 * 3600
STALE_SECONDS = 600  # a running job that has not written progress for this long has died
_threads: dict[str, threading.Thread] = {}


def jobs_dir() -> Path:
    folder = Path(settings.DATA_DIR) / "imports"
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    return folder


def _write(job_id: str, state: dict[str, Any]) -> None:
    """Atomic replace: a poller never reads half a file."""
    path = jobs_dir() / f"{job_id}.json"
    tmp = path.with_suffix(f".{threading.get_ident()}.tmp")
    tmp.write_text(json.dumps(state, ensure_ascii=False, default=str), encoding="utf-8")
    os.replace(tmp, path)


def read_job(job_id: str) -> dict[str, Any] | None:
    """The job's state, or None if there is no such job (or it was cleaned up)."""
    try:
        uuid.UUID(job_id)
        state: dict[str, Any] = json.loads(
            (jobs_dir() / f"{job_id}.json").read_text(encoding="utf-8")
        )
    except (ValueError, OSError):
        return None
    if state["state"] in {"queued", "running"} and time.time() - state["touched"] > STALE_SECONDS:
        state["state"] = "failed"
        state["error"] = {
            "code": "stale",
            "message": gettext_noop("The import stopped unexpectedly; nothing was written."),
            "params": {},
        }
    return state


def start_import(
    *, user_id: int, filename: str, data: bytes, scope: Scope | None, dry_run: bool = False
) -> str:
    """Save the upload, record the job and start importing it in a background thread."""
    _clean_old()
    job_id = str(uuid.uuid4())
    upload = jobs_dir() / f"{job_id}.upload"
    upload.write_bytes(data)
    upload.chmod(0o600)
    now = time.time()
    _write(
        job_id,
        {
            "id": job_id,
            "user_id": user_id,
            "filename": filename,
            "dry_run": dry_run,
            "state": "queued",
            "stage": "reading",
            "done": 0,
            "total": 0,
            "started": now,
            "touched": now,
        },
    )
    thread = threading.Thread(
        target=_run, args=(job_id, filename, scope, dry_run), name=f"import-{job_id}", daemon=True
    )
    _threads[job_id] = thread
    thread.start()
    return job_id


def wait(job_id: str, timeout: float = 60) -> None:
    """Block until the job's thread ends (tests, and a CLI that reuses the job machinery)."""
    thread = _threads.get(job_id)
    if thread is not None:
        thread.join(timeout)


def _run(job_id: str, filename: str, scope: Scope | None, dry_run: bool) -> None:
    state = read_job(job_id) or {}
    upload = jobs_dir() / f"{job_id}.upload"
    last = 0.0

    def progress(stage: str, done: int, total: int) -> None:
        nonlocal last
        now = time.monotonic()
        if stage == state.get("stage") and now - last < 0.3 and done < total:
            return
        last = now
        state.update(state="running", stage=stage, done=done, total=total, touched=time.time())
        _write(job_id, state)

    try:
        actor = get_user_model().objects.filter(pk=state.get("user_id")).first()
        result = run_import(
            [(filename, upload.read_bytes())],
            dry_run=dry_run,
            progress=progress,
            scope=scope,
            actor=actor,
        )
        state.update(state="done", result=result.as_dict())
    except ImportInvalid as invalid:
        state.update(
            state="invalid",
            errors=[e.as_dict() for e in invalid.errors],
            total_errors=invalid.total,
        )
    except ImportFileError as error:
        state.update(state="failed", error=error.as_dict())
    except Exception:  # a bug must still end the job with a message, never a silent hang
        logger.exception("import job %s crashed", job_id)
        state.update(
            state="failed",
            error={
                "code": "internal",
                "params": {},
                "message": gettext_noop(
                    "The import failed because of an internal error; nothing was written."
                ),
            },
        )
    finally:
        connection.close()  # this thread's own connection
        upload.unlink(missing_ok=True)
        state["touched"] = time.time()
        _write(job_id, state)
        _threads.pop(job_id, None)


def _clean_old() -> None:
    cutoff = time.time() - KEEP_SECONDS
    for path in jobs_dir().glob("*"):
        try:
            if path.stat().st_mtime < cutoff:
                path.unlink()
        except OSError:
            continue

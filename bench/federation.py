"""Bundle size and import-and-verify time with ballot records (docs/deploy.md, "Federation").

    DATABASE_URL=… PHIEUKIN_DATA_DIR=… phieukin bench federation BUNDLE KEYFILE \
        [--records 60] [--voters 30] [--jobs 2]

Takes an exported bundle (e.g. a province of ``phieukin demo --scale national``, which has
ratings but no ballot records), adds ``--records`` synthetic election records of ``--voters``
ballots each (``record.simulate``, honest and complete), re-signs the manifest with the
sender's seed in KEYFILE, and times ``verify_bundle`` in this process against the database
of the importing installation (where the sender is registered). Prints size and seconds; the
verification of ballot records grows linearly with their ballots.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import time
import zipfile

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "phieukin.web.settings")

import django

django.setup()

from nacl.signing import SigningKey  # noqa: E402 - after django.setup()

from phieukin.federation import bundle as fmt  # noqa: E402
from phieukin.federation.errors import BundleRefusedError  # noqa: E402
from phieukin.federation.verify import verify_bundle  # noqa: E402
from phieukin.record.simulate import simulate_election  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("bundle")
    parser.add_argument("keyfile")
    parser.add_argument("--records", type=int, default=60)
    parser.add_argument("--voters", type=int, default=30)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    with open(args.keyfile, encoding="utf-8") as handle:
        key = SigningKey(bytes.fromhex(handle.read().strip()))
    with zipfile.ZipFile(args.bundle) as archive:
        files = {n: archive.read(n) for n in archive.namelist()}
    started = time.perf_counter()
    for k in range(args.records):
        sim = simulate_election(args.voters, seed=f"bench-{k}", jobs=args.jobs)
        files[f"{fmt.BALLOTS_DIR}sim-{k}.jsonl"] = b"".join(e.line() for e in sim.events)
    print(
        f"simulated {args.records} records of {args.voters} ballots in "
        f"{time.perf_counter() - started:.1f} s"
    )
    manifest = json.loads(files[fmt.MANIFEST])
    rest = {n: v for n, v in files.items() if n not in {fmt.MANIFEST, fmt.SIGNATURE}}
    manifest["files"] = fmt.file_entries(rest)
    body = fmt.canonical(manifest)
    rest[fmt.MANIFEST], rest[fmt.SIGNATURE] = body, key.sign(body).signature.hex().encode()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        for name, data in rest.items():
            archive.writestr(name, data)
    data = out.getvalue()
    expanded = sum(len(v) for v in rest.values())
    print(f"bundle: {len(data):,} bytes ({expanded:,} expanded), {len(rest)} files")
    started = time.perf_counter()
    try:
        checked = verify_bundle(data, jobs=args.jobs)
        outcome = f"verified ({checked.subjects} subjects, {checked.ballots} records)"
    except BundleRefusedError as exc:
        outcome = f"refused [{exc.code}] {exc.english}"
    seconds = time.perf_counter() - started
    print(f"verify_bundle (jobs={args.jobs}): {seconds:.2f} s — {outcome}")
    print(f"load average: {os.getloadavg()}")


if __name__ == "__main__":
    main()

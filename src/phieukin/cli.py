"""The ``phieukin`` command.

Pure sub-commands (``verify``) never load Django, so an auditor can check a record with
nothing but ``phieukin.crypto`` and ``phieukin.record``. Every other sub-command is a Django
management command of the same name (``import`` maps to ``import_data``), so an app adds a
command to the CLI by adding a management command.
"""

from __future__ import annotations

import os
import runpy
import sys
from pathlib import Path

USAGE = """\
usage: phieukin COMMAND [ARGS...]

commands:
  demo [--serve] [--reset]        load the realistic demo (and serve it)
  serve [--lan] [--port N]        run the web server
  import FILE [--kind K]          import organizations or members from CSV/XLSX
  verify RECORD [--receipt R]     independently verify an election record (no database)
  trustee STEP --state --key      counting-board member's offline ceremony and decryption tool
  cards --state --key --out PDF   issue the ballot cards on this computer (codes only in the PDF)
  bundle export PERIOD [--out F]  write a period's signed bundle for the superior installation
  bundle import FILE              verify a subordinate's bundle completely, then import it
  bundle push FILE --url --token  send a bundle to the superior's API (also: key, peer add|list)
  bench NAME                      run a benchmark from bench/NAME.py (e.g. crypto)
  manage ARGS...                  any Django management command
  <command> ARGS...               any other management command (audit, backup, restore, ...)
"""

# CLI name -> management command name, where they differ.
ALIASES = {"import": "import_data"}


def _run_django(argv: list[str]) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "phieukin.web.settings")
    from django.core.management import execute_from_command_line

    from phieukin.lib.env import ConfigError

    try:
        execute_from_command_line(argv)
    except ConfigError as exc:
        print(f"phieukin: configuration error: {exc}", file=sys.stderr)
        return 2
    return 0


def _run_bench(args: list[str]) -> int:
    if not args:
        print("usage: phieukin bench NAME [ARGS...]", file=sys.stderr)
        return 2
    name, rest = args[0], args[1:]
    candidates = [Path.cwd() / "bench", Path(__file__).resolve().parents[2] / "bench"]
    for folder in candidates:
        script = folder / f"{name}.py"
        if script.is_file():
            sys.argv = [str(script), *rest]
            runpy.run_path(str(script), run_name="__main__")
            return 0
    print(f"phieukin: no benchmark named {name!r} (looked in bench/)", file=sys.stderr)
    return 2


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in {"-h", "--help", "help"}:
        print(USAGE)
        return 0
    command, rest = args[0], args[1:]
    if command == "verify":
        from phieukin.record.cli import verify_main

        return verify_main(rest)
    if command == "bench":
        return _run_bench(rest)
    if command == "manage":
        return _run_django(["phieukin manage", *rest])
    return _run_django(["phieukin", ALIASES.get(command, command), *rest])


if __name__ == "__main__":
    sys.exit(main())

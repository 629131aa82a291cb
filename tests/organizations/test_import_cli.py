"""``phieukin import``: English report on stderr, non-zero exit, nothing written on error."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from phieukin.cli import main
from phieukin.organizations.models import Member, Organization

from .fixtures.importing import MEMBERS, members_csv, orgs_csv, snapshot

pytestmark = pytest.mark.django_db


def _write(tmp_path: Path, name: str, data: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


def test_it_imports_files_and_prints_counts(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    orgs, members = _write(tmp_path, "o.csv", orgs_csv()), _write(tmp_path, "m.csv", members_csv())
    call_command("import_data", orgs, members)
    out, err = capsys.readouterr()
    assert "organizations: 5 created, 0 updated, 0 unchanged" in out
    assert "members: 3 created, 0 updated, 0 unchanged" in out
    assert "[" in err and "100%" in err  # the progress bar
    assert Member.objects.count() == 3
    call_command("import_data", orgs, members, "--no-progress")
    out, err = capsys.readouterr()
    assert "nothing to change" in out and err == ""


def test_it_reports_bad_rows_in_english_and_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    call_command("import_data", _write(tmp_path, "o.csv", orgs_csv()), "--no-progress")
    capsys.readouterr()
    before = snapshot()
    bad = members_csv([MEMBERS[0].replace("02/09/1975", "02/09/2999"), MEMBERS[1]])
    with pytest.raises(CommandError) as caught:
        call_command("import_data", _write(tmp_path, "m.csv", bad), "--no-progress")
    assert caught.value.returncode == 1
    assert "1 error(s); nothing was imported." in str(caught.value)
    err = capsys.readouterr().err
    assert (
        "line 2, column 'Ngày sinh', value '02/09/2999': The date 02/09/2999 is in the future."
        in err
    )
    assert snapshot() == before


def test_it_reports_an_unusable_file_and_exits_2(tmp_path: Path) -> None:
    with pytest.raises(CommandError) as caught:
        call_command("import_data", _write(tmp_path, "x.csv", b"\x00\x01garbage"))
    assert caught.value.returncode == 2
    assert "not a CSV or Excel" in str(caught.value)
    with pytest.raises(CommandError) as caught:
        call_command("import_data", str(tmp_path / "missing.csv"))
    assert caught.value.returncode == 2


# run_from_argv closes every connection when it ends, so this one needs committed data.
@pytest.mark.django_db(transaction=True)
def test_it_runs_as_phieukin_import_with_the_exit_status(tmp_path: Path) -> None:
    assert main(["import", _write(tmp_path, "o.csv", orgs_csv()), "--no-progress"]) == 0
    assert Organization.objects.count() == 5
    with pytest.raises(SystemExit) as caught:
        main(["import", _write(tmp_path, "bad.csv", orgs_csv(["X,Chi bộ X,Chi bộ,NOPE"]))])
    assert caught.value.code == 1


def test_it_validates_only_on_a_dry_run(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    call_command("import_data", _write(tmp_path, "o.csv", orgs_csv()), "--dry-run")
    assert "dry run" in capsys.readouterr().out
    assert Organization.objects.count() == 0

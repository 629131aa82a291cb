"""The downloaded record is exactly what ``phieukin verify`` accepts, and it names tampering."""

from __future__ import annotations

from django.urls import reverse

from phieukin.record.cli import verify_main

from .test_results import published  # noqa: F401 - the fixture


def test_it_downloads_a_record_the_offline_verifier_accepts(client, published, tmp_path, capsys):  # noqa: F811
    response = client.get(reverse("voting:record", args=[published.pk]))
    assert response["Content-Disposition"].endswith('.jsonl"')
    path = tmp_path / "record.jsonl"
    path.write_bytes(response.content)
    assert verify_main([str(path)]) == 0
    assert published.result["head"] in capsys.readouterr().out
    lines = response.content.splitlines(keepends=True)
    lines[5] = lines[5].replace(b'"trustee":', b'"trustee": ', 1)  # one byte off canonical form
    path.write_bytes(b"".join(lines))
    assert verify_main([str(path)]) != 0

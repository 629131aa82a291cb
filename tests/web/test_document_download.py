"""Agenda documents download only for those who may see the conference, as an attachment
under a safe ASCII name."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from phieukin.meetings.models import AgendaDocument
from phieukin.meetings.views import download_name
from tests.web.site import Site, logged_in

CONTENT = b"%PDF-1.7\n% bao cao\n"


@pytest.fixture
def document(site: Site, settings: Any, tmp_path: Any) -> AgendaDocument:
    settings.MEDIA_ROOT = str(tmp_path)
    doc = AgendaDocument.objects.get(agenda_item__conference=site.conference)
    doc.title = 'Báo cáo "Đảng" ../../etc/passwd\r\nX: y'
    doc.file.save("evil name.PDF", ContentFile(CONTENT), save=False)
    doc.save()
    return doc


def test_it_serves_the_file_as_an_attachment(site: Site, document: AgendaDocument) -> None:
    url = reverse("meetings:document_download", args=[document.pk])
    response = logged_in(site.staff).get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == CONTENT
    disposition = response["Content-Disposition"]
    assert disposition == 'attachment; filename="bao-cao-dang-etc-passwd-x-y.pdf"'
    assert response["Content-Type"] == "application/octet-stream"


def test_it_hides_the_file_from_an_outsider(site: Site, document: AgendaDocument) -> None:
    url = reverse("meetings:document_download", args=[document.pk])
    assert logged_in(site.outsider).get(url).status_code == 404


def test_it_sends_anonymous_users_to_log_in(client: Any, document: AgendaDocument) -> None:
    response = client.get(reverse("meetings:document_download", args=[document.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_it_answers_404_for_a_document_without_file(site: Site) -> None:
    doc = AgendaDocument.objects.get(agenda_item__conference=site.conference)
    url = reverse("meetings:document_download", args=[doc.pk])
    assert logged_in(site.staff).get(url).status_code == 404


def test_it_links_the_download_from_the_conference_page(
    site: Site, document: AgendaDocument
) -> None:
    page = logged_in(site.staff).get(
        reverse("meetings:conference_detail", args=[site.conference.pk])
    )
    assert reverse("meetings:document_download", args=[document.pk]) in page.content.decode()


def test_it_falls_back_to_a_generic_name() -> None:
    doc = AgendaDocument(title="«»", file="agenda/2024/x.exe;rm")
    assert download_name(doc) == "tai-lieu"

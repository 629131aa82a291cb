from __future__ import annotations

from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "phieukin.web"
    label = "web"
    verbose_name = "phieukin"

    def ready(self) -> None:
        """Give the federation's bundles the Mẫu 04 dossier list (federation does not import
        reports: docs/architecture.md §2; the project joins them here)."""
        from phieukin.federation.dossier import register_dossier_builder

        register_dossier_builder(_form_04)


def _form_04(organization: object, period: object) -> dict[str, bytes]:
    from phieukin.reports.documents import build_organization_dossier

    data = build_organization_dossier(organization, period, fmt="docx")  # type: ignore[arg-type]
    return {"mau-04-danh-muc-ho-so.docx": data}

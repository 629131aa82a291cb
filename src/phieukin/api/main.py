"""The API object. Routers are added here, one per app (DESIGN §3)."""

from __future__ import annotations

from ninja import NinjaAPI

api = NinjaAPI(title="phieukin API", version="1", urls_namespace="api")


@api.get("/health", auth=None, summary="Liveness check")
def health(request: object) -> dict[str, str]:
    return {"status": "ok"}

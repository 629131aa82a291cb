"""The API object. Routers are added here, one per app (docs/architecture.md §1)."""

from __future__ import annotations

from ninja import NinjaAPI, Swagger

from phieukin.api import accounts, federation, voting
from phieukin.api.auth import TokenAuth
from phieukin.api.errors import install_error_handlers

# Every endpoint needs a bearer token unless it says auth=None. Swagger UI's assets are served
# from ninja's own static files (ninja is in INSTALLED_APPS): no CDN.
api = NinjaAPI(
    title="phieukin API",
    version="1",
    urls_namespace="api",
    auth=TokenAuth(),
    docs=Swagger(),
    docs_url="/docs",
)
install_error_handlers(api)
api.add_router("/accounts", accounts.router)
api.add_router("/voting", voting.router)
api.add_router("/federation", federation.router)


@api.get("/health", auth=None, summary="Liveness check")
def health(request: object) -> dict[str, str]:
    return {"status": "ok"}

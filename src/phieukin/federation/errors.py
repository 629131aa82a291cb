"""The federation's typed errors: a stable English ``code`` and a translatable reason.

``BundleRefusedError`` is the one refusal of an import; its ``code`` names the check that
failed (docs/deploy.md, "Federation"), its message says why in the reader's language.
"""

from __future__ import annotations

from phieukin.lib.errors import TranslatableError


class FederationError(TranslatableError):
    code = "federation_error"


class PeerError(FederationError):
    code = "invalid_peer"


class BundleRefusedError(FederationError):
    """The bundle failed a check; nothing was written."""

    status = 400

    def __init__(self, code: str, message: object, /, **params: object) -> None:
        self.code = code
        super().__init__(message, **params)  # type: ignore[arg-type]


class ExportError(FederationError):
    code = "export_failed"

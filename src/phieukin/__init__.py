"""phieukin — phiếu kín: quality rating with an end-to-end verifiable secret ballot."""

from __future__ import annotations

__version__ = "0.1.0"

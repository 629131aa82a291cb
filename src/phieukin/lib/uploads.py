"""Validate an uploaded file by size and by *content* (never by its name or the browser's
Content-Type alone): reusable by every app that accepts uploads (imports, documents).

    kind = validate_upload(request.FILES["file"], kinds={"csv", "xlsx"}, max_bytes=50 * MB)

Raises ``UploadRejectedError`` (a typed, translated error; catalogue in ``lib/locale``) and
reads at most a bounded prefix of the file. Office files (XLSX, DOCX)
are ZIP containers: they are opened and their uncompressed size bounded, so a zip bomb is
refused before any parser touches it.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import IO, Any

from django.utils.translation import gettext_lazy as _

from phieukin.lib.errors import TranslatableError

MB = 1024 * 1024
MAX_ZIP_RATIO = 100  # uncompressed / compressed, beyond which an office file is refused
SNIFF_BYTES = 64 * 1024


class UploadRejectedError(TranslatableError):
    code = "upload_rejected"


def _is_text(head: bytes) -> bool:
    """Plain text in any of the encodings imports accept (decoding is the importer's job)."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True  # UTF-16 with a byte-order mark (Excel's "Unicode text")
    binary = set(range(9)) | set(range(14, 32)) - {27}
    return not any(byte in binary for byte in head[:8192])


def _zip_has(file: IO[bytes], member_prefix: str) -> bool:
    try:
        with zipfile.ZipFile(file) as archive:
            infos = archive.infolist()
            total = sum(i.file_size for i in infos)
            packed = max(1, sum(i.compress_size for i in infos))
            names = {i.filename for i in infos}
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
    if total > MAX_ZIP_RATIO * packed or total > 500 * MB:
        raise UploadRejectedError(_("The file expands to an unreasonable size and was refused."))
    return "[Content_Types].xml" in names and any(n.startswith(member_prefix) for n in names)


@dataclass(frozen=True)
class Kind:
    extensions: tuple[str, ...]
    label: str
    sniff: Callable[[bytes, IO[bytes]], bool]


KINDS: dict[str, Kind] = {
    "csv": Kind((".csv", ".txt"), "CSV", lambda head, f: _is_text(head)),
    "xlsx": Kind(
        (".xlsx",), "Excel (XLSX)", lambda head, f: head[:4] == b"PK\x03\x04" and _zip_has(f, "xl/")
    ),
    "docx": Kind(
        (".docx",),
        "Word (DOCX)",
        lambda head, f: head[:4] == b"PK\x03\x04" and _zip_has(f, "word/"),
    ),
    "pdf": Kind((".pdf",), "PDF", lambda head, f: head.startswith(b"%PDF-")),
    "png": Kind((".png",), "PNG", lambda head, f: head.startswith(b"\x89PNG\r\n\x1a\n")),
    "jpeg": Kind((".jpg", ".jpeg"), "JPEG", lambda head, f: head.startswith(b"\xff\xd8\xff")),
}


def validate_upload(upload: Any, *, kinds: Collection[str], max_bytes: int) -> str:
    """Return which of ``kinds`` the file is; raise ``UploadRejectedError`` otherwise.

    ``upload`` is a Django ``UploadedFile`` (``name``, ``size``, ``seek``/``read``) or any
    binary file object with a ``name``. The file position is left at 0.
    """
    unknown = set(kinds) - KINDS.keys()
    if unknown:
        raise ValueError(f"unknown upload kinds: {sorted(unknown)}")
    size = getattr(upload, "size", None)
    if size is None:
        upload.seek(0, 2)
        size = upload.tell()
    if size == 0:
        raise UploadRejectedError(_("The file is empty."))
    if size > max_bytes:
        raise UploadRejectedError(
            _("The file is too large (%(size)s MB; the limit is %(limit)s MB)."),
            size=f"{size / MB:.1f}",
            limit=f"{max_bytes / MB:.1f}",
        )
    name = str(getattr(upload, "name", "") or "").lower()
    upload.seek(0)
    head = upload.read(SNIFF_BYTES)
    for key in kinds:
        kind = KINDS[key]
        upload.seek(0)
        if name.endswith(kind.extensions) and kind.sniff(head, upload):
            upload.seek(0)
            return key
    upload.seek(0)
    allowed = ", ".join(KINDS[k].label for k in kinds)
    raise UploadRejectedError(
        _("The file's content is not an accepted type (accepted: %(allowed)s)."), allowed=allowed
    )

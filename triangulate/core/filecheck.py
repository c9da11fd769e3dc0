"""What an uploaded document really is: its content must be what its name says.

A file is accepted only when its name ends in one of the kinds below and its bytes are that
kind (the "magic bytes" at its start; for Word and Excel documents, the parts inside the zip
that only those documents have). A picture renamed ``letter.pdf``, a program renamed
``report.docx`` or a macro-enabled workbook renamed ``.xlsx`` is refused, as is an empty file
or one over the size limit (``ATTACHMENT_MAX_BYTES``).
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath

from django.conf import settings

DEFAULT_MAX_BYTES = 10 * 1024 * 1024


@dataclass(frozen=True)
class FileKind:
    label: str  # with its article: "a PDF", "an Excel workbook"
    content_type: str


PDF = FileKind("a PDF", "application/pdf")
PNG = FileKind("a PNG image", "image/png")
JPEG = FileKind("a JPEG image", "image/jpeg")
DOCX = FileKind(
    "a Word document", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
)
XLSX = FileKind(
    "an Excel workbook", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
)
TEXT = FileKind("a text file", "text/plain; charset=utf-8")

KINDS = {
    ".pdf": PDF,
    ".png": PNG,
    ".jpg": JPEG,
    ".jpeg": JPEG,
    ".docx": DOCX,
    ".xlsx": XLSX,
    ".txt": TEXT,
}
ALLOWED_TEXT = "PDF, PNG, JPEG, Word (.docx), Excel (.xlsx) or text (.txt)"
# Control characters a plain-text letter or note may hold: tab, line feed, form feed, return.
TEXT_CONTROLS = {"\t", "\n", "\f", "\r"}


class FileRefused(ValueError):
    """The file is not one we accept; the message says why, in words for the user."""


def max_bytes() -> int:
    return int(getattr(settings, "ATTACHMENT_MAX_BYTES", DEFAULT_MAX_BYTES))


def _size_text(size: int) -> str:
    return f"{size / (1024 * 1024):.0f} MB" if size >= 1024 * 1024 else f"{size // 1024} KB"


def _office_parts(upload, folder: str) -> bool:
    """Whether the zip holds a Word (``word/``) or Excel (``xl/``) document without macros."""
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
            if "[Content_Types].xml" not in names:
                return False
            if any(name.lower().endswith("vbaproject.bin") for name in names):
                return False
            return any(name.startswith(f"{folder}/") for name in names)
    except (zipfile.BadZipFile, OSError, ValueError):
        return False


def _is_text(upload) -> bool:
    upload.seek(0)
    try:
        text = upload.read().decode("utf-8-sig")
    except UnicodeDecodeError:
        return False
    return not any(ch < " " and ch not in TEXT_CONTROLS for ch in text)


def _matches(kind: FileKind, head: bytes, upload) -> bool:
    if kind is PDF:
        return head.startswith(b"%PDF-")
    if kind is PNG:
        return head.startswith(b"\x89PNG\r\n\x1a\n")
    if kind is JPEG:
        return head.startswith(b"\xff\xd8\xff")
    if kind in (DOCX, XLSX):
        return head.startswith(b"PK\x03\x04") and _office_parts(
            upload, "word" if kind is DOCX else "xl"
        )
    return _is_text(upload)


def check(upload) -> FileKind:
    """The kind of ``upload`` (a Django ``UploadedFile``, or any file with ``name``, ``size``,
    ``read`` and ``seek``), or :class:`FileRefused` saying why it is not accepted."""
    name = PurePosixPath(upload.name or "").name
    kind = KINDS.get(PurePosixPath(name).suffix.lower())
    if kind is None:
        raise FileRefused(f"The selected file must be a {ALLOWED_TEXT}")
    if not upload.size:
        raise FileRefused("The selected file is empty")
    limit = max_bytes()
    if upload.size > limit:
        raise FileRefused(f"The selected file must be smaller than {_size_text(limit)}")
    upload.seek(0)
    head = upload.read(16)
    try:
        if not _matches(kind, head, upload):
            raise FileRefused(f"The selected file is not {kind.label}, though its name says it is")
    finally:
        upload.seek(0)
    return kind

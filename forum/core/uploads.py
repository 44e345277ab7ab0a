"""Uploaded files: their type read from their content (never from their name), a safe name, and the storage
folder outside the static tree (``STORAGE_DIR``, one folder the backups include).

A view that takes a file larger than the site's ``MAX_CONTENT_LENGTH`` says so with :func:`accepts_upload`: its
requests may carry that many bytes, all others keep the small limit."""

from __future__ import annotations

import io
import os
import secrets
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path

from flask import Flask, current_app, request
from flask_babel import lazy_gettext as _l
from werkzeug.utils import secure_filename

from forum.core.errors import MESSAGES, DomainError

MB = 1024 * 1024
#: what a form with one file adds to the file itself (the other fields, the multipart boundaries)
FORM_OVERHEAD = MB

MESSAGES.update(
    {
        "file_required": _l("Choose a file."),
        "file_too_large": _l("This file is too large: at most %(max)s MB."),
        "file_type": _l("This type of file is not accepted (whatever its name says). Accepted: %(types)s."),
        "file_empty": _l("This file is empty."),
    }
)


@dataclass(frozen=True)
class FileType:
    mime: str
    extension: str
    label: str
    #: shown in the browser (images, PDF); anything else is downloaded
    inline: bool = False
    #: text whose words a document may embed (Markdown, plain text)
    text: bool = False


PDF = FileType("application/pdf", "pdf", "PDF", inline=True)
PNG = FileType("image/png", "png", "PNG", inline=True)
JPEG = FileType("image/jpeg", "jpg", "JPEG", inline=True)
DOCX = FileType("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx", "DOCX")
XLSX = FileType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx", "XLSX")
ODT = FileType("application/vnd.oasis.opendocument.text", "odt", "ODT")
ODS = FileType("application/vnd.oasis.opendocument.spreadsheet", "ods", "ODS")
MARKDOWN = FileType("text/markdown", "md", "Markdown", text=True)
TEXT = FileType("text/plain", "txt", "TXT", text=True)

DOCUMENTS = (PDF, DOCX, ODT, XLSX, ODS, PNG, JPEG)
DOCUMENTS_AND_TEXT = (*DOCUMENTS, MARKDOWN, TEXT)
_OPEN_DOCUMENT = {ODT.mime: ODT, ODS.mime: ODS}
_MARKDOWN_NAMES = (".md", ".markdown")


def accepts_upload(max_bytes: int):
    """Mark a view whose form carries a file of up to ``max_bytes`` (checked again by :func:`read_upload`)."""

    def mark(view):
        view.max_upload = max_bytes
        return view

    return mark


def init_uploads(app: Flask) -> None:
    """Raise the request size limit for the views marked with :func:`accepts_upload`, before anything reads the
    form (the CSRF check does): registered before the CSRF extension."""

    @app.before_request
    def _upload_limit():
        view = app.view_functions.get(request.endpoint or "")
        limit = getattr(view, "max_upload", None)
        if limit:
            request.max_content_length = limit + FORM_OVERHEAD


def upload_limit() -> int:
    """The largest file the current page takes, in MB (for the message that refuses a larger one)."""
    view = current_app.view_functions.get(request.endpoint or "")
    limit = getattr(view, "max_upload", None) or current_app.config.get("MAX_CONTENT_LENGTH") or 0
    return max(1, limit // MB)


def read_upload(
    storage, *, max_bytes: int, accepted: tuple[FileType, ...], field: str = "file"
) -> tuple[bytes, FileType, str]:
    """The file's bytes, its type as its content says, and a safe name ending in that type's extension.
    DomainError('invalid') naming the field and the limit otherwise; nothing is kept."""
    if storage is None or not getattr(storage, "filename", ""):
        raise DomainError("invalid", fields={field: ["file_required"]})
    data = storage.stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise DomainError("invalid", fields={field: [("file_too_large", {"max": max_bytes // MB})]})
    if not data:
        raise DomainError("invalid", fields={field: ["file_empty"]})
    kind = sniff(data, storage.filename, accepted)
    if kind is None:
        raise DomainError("invalid", fields={field: [("file_type", {"types": ", ".join(t.label for t in accepted)})]})
    return data, kind, safe_name(storage.filename, kind)


def sniff(data: bytes, name: str, accepted: tuple[FileType, ...]) -> FileType | None:
    """The accepted type the bytes really are, or None (an HTML page named .pdf, a program named .docx)."""
    found = _sniff(data, name)
    return found if found in accepted else None


def _sniff(data: bytes, name: str) -> FileType | None:
    if data.startswith(b"%PDF-"):
        return PDF
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    if data.startswith(b"PK\x03\x04"):
        return _sniff_zip(data)
    return _sniff_text(data, name)


def _sniff_zip(data: bytes) -> FileType | None:
    """Office documents are ZIP files: OpenDocument names its type in a first ``mimetype`` entry, Office Open
    XML has its main part. Only names and that one small entry are read (a ZIP bomb is never inflated)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if "mimetype" in names and archive.getinfo("mimetype").file_size < 100:
                return _OPEN_DOCUMENT.get(archive.read("mimetype").decode("ascii", "replace").strip())
            if "[Content_Types].xml" in names:
                if "word/document.xml" in names:
                    return DOCX
                if "xl/workbook.xml" in names:
                    return XLSX
    except (zipfile.BadZipFile, OSError, KeyError, ValueError, NotImplementedError):
        return None
    return None


def _sniff_text(data: bytes, name: str) -> FileType | None:
    """UTF-8 text without control characters that is not markup (HTML, SVG, XML are refused: a browser would
    run what they hold)."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    if any(unicodedata.category(c) == "Cc" and c not in "\t\n\r\f" for c in text):
        return None
    head = text.lstrip().lower()
    if head.startswith("<") or "<script" in head[:4096] or "<svg" in head[:4096] or "<html" in head[:4096]:
        return None
    return MARKDOWN if name.lower().endswith(_MARKDOWN_NAMES) else TEXT


def safe_name(name: str, kind: FileType) -> str:
    """The uploaded name without any path, reduced to safe characters, with the extension of its real type."""
    base = secure_filename(unicodedata.normalize("NFKD", os.path.basename(name.replace("\\", "/"))))
    stem = base.rsplit(".", 1)[0] if "." in base else base
    return f"{(stem or 'document')[:100]}.{kind.extension}"


# -- the storage folder ---------------------------------------------------------


def storage_dir() -> Path:
    path = Path(current_app.config["STORAGE_DIR"])
    path.mkdir(parents=True, exist_ok=True)
    return path


def store(data: bytes, folder: str, kind: FileType) -> str:
    """Write the file under a random name in ``folder`` of the storage (written whole, then renamed);
    its key (``folder/name``)."""
    directory = storage_dir() / folder
    directory.mkdir(parents=True, exist_ok=True)
    key = f"{folder}/{secrets.token_hex(16)}.{kind.extension}"
    partial = storage_dir() / f"{key}.part"
    partial.write_bytes(data)
    os.replace(partial, storage_dir() / key)
    return key


def stored_path(key: str) -> Path:
    """The file of ``key``, which must lie inside the storage folder."""
    root = storage_dir().resolve()
    path = (root / key).resolve()
    if root not in path.parents:
        raise DomainError("not_found")
    return path


def forget(key: str | None) -> None:
    """Delete the stored file (missing already: nothing to do)."""
    if key:
        stored_path(key).unlink(missing_ok=True)


def type_of(mime: str) -> FileType:
    return next(t for t in DOCUMENTS_AND_TEXT if t.mime == mime)

"""What a document may be, judged by its bytes: a PDF without active content or a DOCX without macros.

The browser's file name and MIME type are never trusted. A PDF is scanned for the names that start
code or other files (JavaScript, launch actions, embedded files), also inside its compressed
streams and with ``#xx`` escapes undone; a DOCX must be a Word package and carry no VBA project.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib

from cohorts.errors import CohortRuleError

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
#: PDF names that run code, open other programs or carry files: such a PDF is refused
ACTIVE_PDF_NAMES = frozenset({b"JavaScript", b"JS", b"Launch", b"EmbeddedFile", b"EmbeddedFiles", b"RichMedia",
                              b"XFA"})
#: inflated stream bytes scanned at most (a compression bomb stops the scan, and is refused)
MAX_INFLATED = 50 * 1024 * 1024
#: a DOCX's parts may unpack to at most this many bytes
MAX_UNPACKED = 100 * 1024 * 1024
_PDF_NAME = re.compile(rb"/((?:[^\s/<>\[\]()%{}#]|#[0-9A-Fa-f]{2})+)")
_PDF_STREAM = re.compile(rb"stream\r?\n(.*?)endstream", re.DOTALL)
_HEX_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
FIELD = "file"


def _refuse(message: str) -> CohortRuleError:
    return CohortRuleError(message, FIELD)


def check_size(size: int, limit: int) -> None:
    if size == 0:
        raise _refuse("The file is empty.")
    if size > limit:
        raise _refuse(f"The file is {size / 1_000_000:.1f} MB; the limit is {limit / 1_000_000:.0f} MB.")


def _pdf_names(chunk: bytes) -> set[bytes]:
    return {_HEX_ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), m.group(1)) for m in _PDF_NAME.finditer(chunk)}


def _inflated_streams(data: bytes):
    budget = MAX_INFLATED
    for match in _PDF_STREAM.finditer(data):
        inflater = zlib.decompressobj()
        try:
            chunk = inflater.decompress(match.group(1), budget + 1)
        except zlib.error:
            continue  # not Flate: its bytes were scanned as they are
        budget -= len(chunk)
        if budget < 0:
            raise _refuse("This PDF could not be checked (it unpacks to far too much). Save it again as a plain PDF.")
        yield chunk


def check_pdf(data: bytes) -> None:
    names = _pdf_names(data)
    for chunk in _inflated_streams(data):
        names |= _pdf_names(chunk)
    if names & ACTIVE_PDF_NAMES:
        raise _refuse("This PDF contains active content (scripts, actions or attached files), so it was refused. "
                      "Export or print it again as a plain PDF and upload that.")


def check_docx(data: bytes) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            infos = package.infolist()
    except (zipfile.BadZipFile, ValueError):
        raise _refuse("This file is not a Word document (.docx). Upload a PDF or a .docx file.") from None
    names = {info.filename for info in infos}
    if "[Content_Types].xml" not in names or "word/document.xml" not in names:
        raise _refuse("This file is not a Word document (.docx). Upload a PDF or a .docx file.")
    if any(name.lower().endswith("vbaproject.bin") or "/activex/" in name.lower() for name in names):
        raise _refuse("This Word document contains macros, so it was refused. Save it as a plain .docx "
                      "(Word Document, not Macro-Enabled) and upload that.")
    if sum(info.file_size for info in infos) > MAX_UNPACKED:
        raise _refuse("This Word document unpacks to far too much to be checked. Save it again and upload that.")


def content_type_of(data: bytes) -> str:
    """PDF or DOCX, read from the content; anything else, or active content, is refused."""
    if data.startswith(b"%PDF-"):
        check_pdf(data)
        return PDF
    if data.startswith(b"PK\x03\x04"):
        check_docx(data)
        return DOCX
    raise _refuse("Upload a PDF or a Word document (.docx): this file is neither.")

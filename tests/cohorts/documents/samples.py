"""Small PDF and DOCX files, clean and dangerous, built in memory for the document tests."""

from __future__ import annotations

import io
import zipfile
import zlib

CLEAN_PDF = (b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
             b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")


def pdf_with(body: bytes) -> bytes:
    return CLEAN_PDF.replace(b"trailer", body + b"\ntrailer")


def compressed_pdf_with(body: bytes) -> bytes:
    stream = zlib.compress(body)
    return pdf_with(b"3 0 obj << /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream
                    + b"\nendstream\nendobj")


def docx(*, extra: dict[str, bytes] | None = None, document: bool = True) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        if document:
            package.writestr("word/document.xml", "<w:document/>")
        for name, data in (extra or {}).items():
            package.writestr(name, data)
    return buffer.getvalue()

"""Documents are judged by their bytes: PDF or DOCX, within the size limit, without active content."""

from __future__ import annotations

import pytest

from cohorts.documents.validation import DOCX, PDF, check_size, content_type_of
from cohorts.errors import CohortRuleError
from tests.cohorts.documents.samples import CLEAN_PDF, compressed_pdf_with, docx, pdf_with


def refusal(data: bytes) -> str:
    with pytest.raises(CohortRuleError) as caught:
        content_type_of(data)
    assert caught.value.problems[0][0] == "file"
    return caught.value.problems[0][1]


def test_clean_pdf_and_docx_are_recognised_by_content():
    assert content_type_of(CLEAN_PDF) == PDF
    assert content_type_of(docx()) == DOCX


@pytest.mark.parametrize("data", [b"hello, I am a CV", b"\x89PNG\r\n\x1a\n....", b"PK\x03\x04broken zip",
                                  b"<html><script>alert(1)</script></html>"])
def test_other_content_is_refused_whatever_its_name(data):
    assert "Word document" in refusal(data)


def test_a_zip_that_is_not_a_word_document_is_refused():
    assert "not a Word document" in refusal(docx(document=False))


@pytest.mark.parametrize("body", [
    b"4 0 obj << /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >> endobj",
    b"4 0 obj << /S /JS (x) >> endobj",
    b"4 0 obj << /S /Launch /F (calc.exe) >> endobj",
    b"4 0 obj << /EmbeddedFiles 5 0 R >> endobj",
    b"4 0 obj << /S /J#61vaScript >> endobj",  # a #xx escape hides nothing
])
def test_pdfs_with_active_content_are_refused(body):
    assert "active content" in refusal(pdf_with(body))


def test_active_content_inside_a_compressed_stream_is_found():
    assert "active content" in refusal(compressed_pdf_with(b"<< /S /JavaScript /JS (app.alert(1)) >>"))


def test_harmless_names_that_start_alike_pass():
    assert content_type_of(pdf_with(b"4 0 obj << /JSON 1 /Launcher 2 >> endobj")) == PDF


@pytest.mark.parametrize("name", ["word/vbaProject.bin", "word/activeX/activeX1.xml"])
def test_docx_with_macros_is_refused(name):
    assert "macros" in refusal(docx(extra={name: b"x"}))


def test_size_limit_and_empty_file():
    check_size(10, 10)
    with pytest.raises(CohortRuleError, match="limit is"):
        check_size(6_000_000, 5_000_000)
    with pytest.raises(CohortRuleError, match="empty"):
        check_size(0, 10)

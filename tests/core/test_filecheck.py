"""A document is accepted only when its content is what its name says, and within the size
limit."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from triangulate.core import filecheck
from triangulate.core.filecheck import FileRefused

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 20
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 20


def office(folder: str, *, macros: bool = False) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(f"{folder}/document.xml", "<document/>")
        if macros:
            archive.writestr(f"{folder}/vbaProject.bin", b"\x00")
    return buffer.getvalue()


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("letter.pdf", PDF, "application/pdf"),
        ("photo.PNG", PNG, "image/png"),
        ("photo.jpeg", JPEG, "image/jpeg"),
        ("photo.jpg", JPEG, "image/jpeg"),
        ("report.docx", office("word"), filecheck.DOCX.content_type),
        ("figures.xlsx", office("xl"), filecheck.XLSX.content_type),
        (
            "note.txt",
            "Amira said: \u201cI want to stay at Nan's\u201d\r\n\t".encode(),
            "text/plain; charset=utf-8",
        ),
    ],
)
def test_each_allowed_kind_is_accepted_by_its_content(name, content, content_type):
    file = upload(name, content)
    assert filecheck.check(file).content_type == content_type
    assert file.tell() == 0  # left ready to store


@pytest.mark.parametrize(
    ("name", "content", "says"),
    [
        ("letter.pdf", PNG, "not a PDF"),
        ("photo.png", JPEG, "not a PNG image"),
        ("photo.jpg", PDF, "not a JPEG image"),
        ("report.docx", office("xl"), "not a Word document"),
        ("report.docx", b"MZ\x90\x00" + b"\x00" * 60, "not a Word document"),
        ("figures.xlsx", office("xl", macros=True), "not an Excel workbook"),
        ("figures.xlsx", b"PK\x03\x04 broken zip", "not an Excel workbook"),
        ("note.txt", b"\x00\x01\x02binary", "not a text file"),
        ("note.txt", b"\xff\xfe\xfa not utf-8", "not a text file"),
    ],
)
def test_a_file_that_is_not_what_its_name_says_is_refused(name, content, says):
    with pytest.raises(FileRefused, match=says):
        filecheck.check(upload(name, content))


@pytest.mark.parametrize("name", ["run.exe", "page.html", "image.svg", "letter.doc", "noname"])
def test_other_kinds_are_refused_whatever_they_hold(name):
    with pytest.raises(FileRefused, match="must be a PDF, PNG, JPEG"):
        filecheck.check(upload(name, PDF))


def test_an_empty_file_is_refused():
    with pytest.raises(FileRefused, match="empty"):
        filecheck.check(upload("letter.pdf", b""))


def test_the_size_limit_is_a_setting(settings):
    settings.ATTACHMENT_MAX_BYTES = 1024 * 1024
    filecheck.check(upload("letter.pdf", PDF + b" " * (1024 * 1024 - len(PDF))))
    with pytest.raises(FileRefused, match="smaller than 1 MB"):
        filecheck.check(upload("letter.pdf", PDF + b" " * (1024 * 1024)))

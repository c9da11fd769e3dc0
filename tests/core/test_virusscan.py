"""The virus-scan hook speaks clamd's INSTREAM protocol, and never pretends to have scanned."""

import socket
import struct
import threading

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from triangulate.core import virusscan

EICAR_MARK = b"EICAR-STANDARD-ANTIVIRUS-TEST-FILE"


class FakeClamd:
    """A clamd that reads one INSTREAM and answers FOUND when the stream holds the EICAR
    marker, OK otherwise. It keeps what it received, to check the framing."""

    def __init__(self, path):
        self.path = str(path)
        self.received = b""
        self.server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.server.bind(self.path)
        self.server.listen(1)
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _read(self, conn, n):
        data = b""
        while len(data) < n:
            data += conn.recv(n - len(data))
        return data

    def _serve(self):
        conn, _ = self.server.accept()
        with conn:
            assert self._read(conn, len(b"zINSTREAM\0")) == b"zINSTREAM\0"
            while True:
                (length,) = struct.unpack("!L", self._read(conn, 4))
                if length == 0:
                    break
                self.received += self._read(conn, length)
            verdict = b"Win.Test.EICAR_HDB-1 FOUND" if EICAR_MARK in self.received else b"OK"
            conn.sendall(b"stream: " + verdict + b"\0")
        self.server.close()


@pytest.fixture
def clamd(tmp_path, settings):
    fake = FakeClamd(tmp_path / "clamd.sock")
    settings.CLAMD_SOCKET = fake.path
    return fake


def test_without_a_scanner_nothing_is_scanned_and_it_says_so(settings):
    settings.CLAMD_SOCKET = ""
    result = virusscan.scan(SimpleUploadedFile("letter.txt", b"hello"))
    assert result.scanned is False
    assert "Not scanned" in result.detail


def test_a_clean_file_is_streamed_whole_and_passes(clamd):
    content = b"A letter from school. " * 10000  # more than one 64 KB chunk
    result = virusscan.scan(SimpleUploadedFile("letter.txt", content))
    clamd.thread.join(5)
    assert result.scanned is True and "no virus found" in result.detail
    assert clamd.received == content


def test_a_virus_is_refused_with_its_name(clamd):
    with pytest.raises(virusscan.ScanRefused) as refused:
        virusscan.scan(SimpleUploadedFile("letter.txt", b"X5O!P%@AP " + EICAR_MARK))
    assert refused.value.signature == "Win.Test.EICAR_HDB-1"


def test_a_configured_scanner_that_cannot_be_reached_refuses(settings, tmp_path):
    settings.CLAMD_SOCKET = str(tmp_path / "nobody-listens.sock")
    with pytest.raises(virusscan.ScannerUnavailable):
        virusscan.scan(SimpleUploadedFile("letter.txt", b"hello"))

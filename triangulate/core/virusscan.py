"""The virus-scan hook: ClamAV's daemon (clamd), when a setting names its socket.

``CLAMD_SOCKET`` is the path of clamd's Unix socket (``/run/clamav/clamd.ctl``) or
``tcp://host:port``. The file is streamed to clamd with its ``INSTREAM`` command (4-byte
big-endian chunk lengths, a zero length to end) and clamd's one-line answer read back:
``stream: OK`` or ``stream: <signature> FOUND``.

With no ``CLAMD_SOCKET`` nothing is scanned, and the upload records that it was not scanned:
no scan is ever pretended. With one, a file is stored only when clamd says it is clean; a
virus, an error or a scanner that cannot be reached refuses the upload.
"""

from __future__ import annotations

import socket
import struct
from dataclasses import dataclass

from django.conf import settings

CHUNK = 64 * 1024


class ScanRefused(ValueError):
    """clamd found a virus in the file (``signature`` names it)."""

    def __init__(self, signature: str):
        super().__init__(f"clamd found {signature}")
        self.signature = signature


class ScannerUnavailable(RuntimeError):
    """A scanner is configured but could not scan the file (unreachable, timed out, error)."""


@dataclass(frozen=True)
class ScanResult:
    scanned: bool
    detail: str


NOT_SCANNED = ScanResult(False, "Not scanned: no virus scanner is configured")


def configured_address() -> str:
    return (getattr(settings, "CLAMD_SOCKET", "") or "").strip()


def _connect(address: str, timeout: float) -> socket.socket:
    if address.startswith("tcp://"):
        host, _, port = address.removeprefix("tcp://").rpartition(":")
        return socket.create_connection((host, int(port)), timeout=timeout)
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.settimeout(timeout)
    try:
        sock.connect(address.removeprefix("unix://"))
    except OSError:
        sock.close()
        raise
    return sock


def instream(chunks, *, address: str, timeout: float = 30.0) -> str:
    """Send the bytes in ``chunks`` to clamd at ``address`` and return its answer."""
    with _connect(address, timeout) as sock:
        sock.sendall(b"zINSTREAM\0")
        for chunk in chunks:
            for start in range(0, len(chunk), CHUNK):
                part = chunk[start : start + CHUNK]
                sock.sendall(struct.pack("!L", len(part)) + part)
        sock.sendall(struct.pack("!L", 0))
        reply = b""
        while not reply.endswith(b"\0"):
            received = sock.recv(4096)
            if not received:
                break
            reply += received
    return reply.rstrip(b"\0").decode("utf-8", "replace").strip()


def scan(upload) -> ScanResult:
    """Scan ``upload`` with clamd when one is configured; :data:`NOT_SCANNED` when none is.

    Raises :class:`ScanRefused` for a virus and :class:`ScannerUnavailable` when the
    configured scanner could not give an answer.
    """
    address = configured_address()
    if not address:
        return NOT_SCANNED
    upload.seek(0)
    try:
        answer = instream(
            upload.chunks() if hasattr(upload, "chunks") else iter(lambda: upload.read(CHUNK), b""),
            address=address,
            timeout=float(getattr(settings, "CLAMD_TIMEOUT_SECONDS", 30)),
        )
    except (OSError, ValueError) as error:
        raise ScannerUnavailable(str(error)) from error
    finally:
        upload.seek(0)
    verdict = answer.removeprefix("stream:").strip()
    if verdict == "OK":
        return ScanResult(True, "Scanned by ClamAV: no virus found")
    if verdict.endswith(" FOUND"):
        raise ScanRefused(verdict.removesuffix(" FOUND").strip())
    raise ScannerUnavailable(answer or "no answer from clamd")

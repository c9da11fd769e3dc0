"""Display data for governance pages (never HTML: templates build the markup)."""

from __future__ import annotations

import base64
import io

import qrcode
import qrcode.image.svg


def qr_code_data_uri(text: str) -> str:
    """``text`` as a QR code: an SVG drawn by qrcode's SVG factory, carried inside the page
    as a data URI, so the secret it holds never travels in a URL of its own."""
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=4)
    buffer = io.BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def grouped_secret(key_hex: str) -> str:
    """An authenticator key as base32 in groups of four, for typing in by hand."""
    secret = base64.b32encode(bytes.fromhex(key_hex)).decode("ascii").rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))

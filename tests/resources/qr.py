"""Reading a QR code back from a PDF's page, with the same decoder as the door's page (the vendored jsQR, in Node)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

JSQR = Path(__file__).resolve().parents[2] / "static" / "vendor" / "jsQR-1.4.0.js"


def decode_qr_of_page(page, tmp_path) -> str:
    """The text of the (square) QR code image on a pypdf page."""
    if shutil.which("node") is None:
        pytest.skip("Node is needed to run jsQR")
    image = [i.image for i in page.images if i.image.width == i.image.height][0].convert("RGBA")
    raw = tmp_path / "qr.rgba"
    raw.write_bytes(image.tobytes())
    script = (
        f"const jsQR = require({str(JSQR)!r}); const data = require('fs').readFileSync({str(raw)!r});"
        f"const code = jsQR(new Uint8ClampedArray(data), {image.width}, {image.height});"
        "process.stdout.write(code ? code.data : '');"
    )
    return subprocess.run(["node", "-e", script], capture_output=True, text=True, timeout=60, check=True).stdout

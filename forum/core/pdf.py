"""Drawing helpers for the A4 sheets printed from Forum (the wall's sheets, the stand's poster): text that fits
its box in the largest size that holds, and a QR code as an image (crisp in print, readable back by a decoder)."""

from __future__ import annotations

import io

from reportlab.lib.utils import ImageReader, simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth

#: black on white: the sheets are printed on office printers, often in black and white
INK = (0, 0, 0)


def fit(
    text: str,
    font: str,
    largest: float,
    smallest: float,
    width: float,
    max_lines: int,
    *,
    max_height: float | None = None,
    leading: float = 1.15,
) -> tuple[float, list[str]]:
    """The largest size from ``largest`` down to ``smallest`` at which ``text`` holds in ``max_lines`` lines of
    ``width`` (a long word included) and in ``max_height``; its lines (cut with an ellipsis at the smallest size
    if it never holds)."""

    def holds(size: float, lines: list[str]) -> bool:
        return (
            len(lines) <= max_lines
            and max(stringWidth(line, font, size) for line in lines) <= width
            and (max_height is None or len(lines) * size * leading <= max_height)
        )

    size = largest
    lines = simpleSplit(text, font, size, width) or [""]
    while not holds(size, lines) and size > smallest:
        size = max(smallest, size * 0.92)
        lines = simpleSplit(text, font, size, width) or [""]
    if max_height is not None:
        max_lines = max(1, min(max_lines, int(max_height // (size * leading))))
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1].rstrip(" .,;:") + "…"
    return size, lines


def draw_lines(
    canvas,
    lines: list[str],
    font: str,
    size: float,
    x: float,
    y: float,
    *,
    leading: float = 1.15,
    centred_in: float | None = None,
) -> float:
    """Draw ``lines`` downwards from the baseline ``y``; the y below the last line."""
    canvas.setFont(font, size)
    canvas.setFillColorRGB(*INK)
    for line in lines:
        if centred_in is None:
            canvas.drawString(x, y, line)
        else:
            canvas.drawCentredString(x + centred_in / 2, y, line)
        y -= size * leading
    return y


def draw_qr(canvas, url: str, x: float, y: float, size: float, *, scale: int = 10) -> None:
    """A QR code of ``url``, ``size`` points wide, its lower left corner at (x, y); ``scale`` pixels per module.
    A fixed mask: searching the best of eight took most of the time of 1,000 certificates."""
    import segno

    image = io.BytesIO()
    segno.make_qr(url, error="m", mask=2).save(image, kind="png", scale=scale, border=4)
    image.seek(0)
    canvas.drawImage(ImageReader(image), x, y, width=size, height=size)

"""Text on the printed sheets holds its box: a long word shrinks the size, a height caps the lines."""

from reportlab.pdfbase.pdfmetrics import stringWidth

from forum.core.pdf import fit


def test_a_long_word_shrinks_the_text_until_it_holds_the_width():
    size, lines = fit("Reconnaissance du métier", "Helvetica-Bold", 96, 36, 500, 5)
    assert size < 96
    assert all(stringWidth(line, "Helvetica-Bold", size) <= 500 for line in lines)


def test_a_height_caps_the_lines_and_cuts_with_an_ellipsis():
    text = "mot " * 200
    size, lines = fit(text, "Helvetica", 40, 20, 300, 50, max_height=100)
    assert size == 20 and len(lines) * size * 1.15 <= 100 and lines[-1].endswith("…")


def test_short_text_keeps_the_largest_size():
    assert fit("Atelier", "Helvetica-Bold", 96, 36, 500, 4) == (96, ["Atelier"])

"""Read the text of a PDF as a person would: ``pdf_text(path_or_bytes)``.

Uses poppler's ``pdftotext`` (Debian package poppler-utils) and falls back to pypdf when it is
not installed. Whitespace runs are kept as pdftotext gives them; use ``normalise`` to compare.
"""

import os
import shutil
import subprocess
import tempfile
from io import BytesIO
from pathlib import Path


def pdf_text(source, layout=False):
    """The text of a PDF given as a path or as bytes."""
    data = source if isinstance(source, bytes | bytearray) else None
    if shutil.which("pdftotext"):
        return _pdftotext(source, data, layout)
    return _pypdf_text(data if data is not None else Path(source).read_bytes())


def _pdftotext(source, data, layout):
    args = ["pdftotext", "-enc", "UTF-8"]
    if layout:
        args.append("-layout")
    if data is None:
        path = os.fspath(source)
        return subprocess.run(
            [*args, path, "-"], capture_output=True, check=True, timeout=60
        ).stdout.decode("utf-8")
    with tempfile.NamedTemporaryFile(suffix=".pdf") as pdf:
        pdf.write(data)
        pdf.flush()
        return subprocess.run(
            [*args, pdf.name, "-"], capture_output=True, check=True, timeout=60
        ).stdout.decode("utf-8")


def _pypdf_text(data):
    from pypdf import PdfReader

    reader = PdfReader(BytesIO(bytes(data)))
    return "\n\f".join(page.extract_text() or "" for page in reader.pages)


def normalise(text):
    """Collapse every whitespace run (including non-breaking spaces) to one space."""
    return " ".join(text.replace("\u00a0", " ").replace("\u202f", " ").split())


def pdf_page_count(source):
    from pypdf import PdfReader

    data = source if isinstance(source, bytes | bytearray) else Path(source).read_bytes()
    return len(PdfReader(BytesIO(bytes(data))).pages)


# The colour of the charts' bars and columns (results/bar_chart.html, column_chart.html).
CHART_BLUE = (0x1D, 0x4E, 0xD8)


def rendered_page(pdf_path, number, directory, resolution=40):
    """Page ``number`` (from 1) of a PDF file as poppler's ``pdftoppm`` draws it (RGB)."""
    from PIL import Image

    subprocess.run(
        ["pdftoppm", "-r", str(resolution), "-png", "-f", str(number), "-l", str(number)]
        + [os.fspath(pdf_path), os.fspath(Path(directory) / "page")],
        check=True,
        timeout=60,
    )
    (png,) = Path(directory).glob("page*.png")
    return Image.open(png).convert("RGB")


def ink(image, colour=None):
    """How many pixels of a page are dark (text, borders, bars), or, given ``colour``, close
    to that colour (the charts' bars, which no text is printed in)."""
    data = image.tobytes()
    pixels = list(zip(data[0::3], data[1::3], data[2::3], strict=True))
    if colour is None:
        return sum(1 for red, green, blue in pixels if (red + green + blue) / 3 < 200)
    return sum(
        1 for pixel in pixels if all(abs(a - b) < 40 for a, b in zip(pixel, colour, strict=True))
    )

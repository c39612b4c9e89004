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

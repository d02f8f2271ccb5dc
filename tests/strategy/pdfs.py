"""Reading PDFs back with poppler-utils (pdftotext, pdfinfo, pdffonts)."""

import subprocess
import tempfile
from pathlib import Path


def pdf_file(pdf: bytes) -> Path:
    handle = tempfile.NamedTemporaryFile(suffix=".pdf", delete=False)
    handle.write(pdf)
    handle.close()
    return Path(handle.name)


def pdf_tool(tool: str, pdf: bytes, *args: str) -> str:
    """Runs a poppler tool (pdftotext, pdfinfo, pdffonts) on the PDF, returns its output."""
    path = pdf_file(pdf)
    try:
        out = ["-"] if tool == "pdftotext" else []
        result = subprocess.run(
            [tool, *args, str(path), *out], capture_output=True, check=True, timeout=60
        )
        return result.stdout.decode("utf-8")
    finally:
        path.unlink()


def pdf_text(pdf: bytes, first: int | None = None, last: int | None = None) -> str:
    args = []
    if first:
        args += ["-f", str(first)]
    if last:
        args += ["-l", str(last)]
    return pdf_tool("pdftotext", pdf, *args)


def flat(text: str) -> str:
    """Text with every run of white space (line ends in table cells) as one space."""
    return " ".join(text.split())


def page_count(pdf: bytes) -> int:
    for line in pdf_tool("pdfinfo", pdf).splitlines():
        if line.startswith("Pages:"):
            return int(line.split()[1])
    raise AssertionError("pdfinfo gave no page count")

"""Turning the paper pages' HTML into PDF: the guarded file fetcher, one document at a time, and
a batch's documents made side by side in worker processes and joined into one file to print.

Kept apart from the rest of the package so that a worker process imports only WeasyPrint, pypdf
and this module: the HTML it is given already holds every word in its language.
"""
from __future__ import annotations

import base64
import io
from concurrent.futures import ProcessPoolExecutor, as_completed
from multiprocessing import get_context
from pathlib import Path

# Symbols are addressed under this made-up origin; nothing else is fetched.
ASSET_BASE = "https://assets.paper.invalid/"


class AssetFetcher:
    """Gives WeasyPrint the questionnaire's symbols and the QR images, and nothing else: no
    network, no other file, whatever a stylesheet or a piece of data asks for."""

    # WeasyPrint reads this (as on its own URLFetcher): a refused address is left out of the
    # document with a warning, rather than stopping it.
    _fail_on_errors = False

    def __init__(self, symbols_dir: Path):
        self.symbols = {path.name: path for path in Path(symbols_dir).glob("*.svg")}

    def __call__(self, url: str, headers=None):
        from weasyprint.urls import URLFetcherResponse

        if url.startswith("data:image/png;base64,"):
            body = base64.b64decode(url.split(",", 1)[1])
            return URLFetcherResponse(url, body, {"Content-Type": "image/png"})
        name = url.removeprefix(ASSET_BASE + "symbols/")
        if url.startswith(ASSET_BASE + "symbols/") and name in self.symbols:
            return URLFetcherResponse(url, self.symbols[name].read_bytes(), {"Content-Type": "image/svg+xml"})
        raise ValueError(f"Not one of the form's own files: {url[:80]}")

    fetch = __call__


def write_pdf(html: str, symbols_dir: Path, *, tagged: bool = True, cache: dict | None = None) -> bytes:
    """One document. Tagged (PDF/UA-1) for a form someone may read on screen; a print run for
    the post room need not be, and is made faster without."""
    # Imported here: WeasyPrint takes a moment to load, and only the paper pages need it.
    from weasyprint import HTML

    options = {"pdf_variant": "pdf/ua-1"} if tagged else {}
    return HTML(string=html, base_url=ASSET_BASE, url_fetcher=AssetFetcher(symbols_dir)).write_pdf(
        cache=cache, **options)


def _print_run(html: str, symbols_dir: str) -> bytes:
    return write_pdf(html, Path(symbols_dir), tagged=False)


def print_runs(parts: list[str], symbols_dir: Path, processes: int, done=None) -> bytes:
    """Make each HTML part into PDF, ``processes`` at a time, and join them in order into one
    file. ``done(number_of_parts_finished)`` is called as they finish, to show progress."""
    pdfs: list[bytes | None] = [None] * len(parts)
    if processes > 1 and len(parts) > 1:
        # "spawn": a fresh interpreter, so nothing of the dispatcher (its database connections)
        # is copied into the workers.
        with ProcessPoolExecutor(max_workers=processes, mp_context=get_context("spawn")) as pool:
            futures = {pool.submit(_print_run, html, str(symbols_dir)): index for index, html in enumerate(parts)}
            for finished, future in enumerate(as_completed(futures), start=1):
                pdfs[futures[future]] = future.result()
                if done:
                    done(finished)
    else:
        cache: dict = {}
        for index, html in enumerate(parts):
            pdfs[index] = write_pdf(html, symbols_dir, tagged=False, cache=cache)
            if done:
                done(index + 1)
    return join_pdfs(pdfs)


def join_pdfs(pdfs: list[bytes]) -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    for pdf in pdfs:
        writer.append(io.BytesIO(pdf))
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()

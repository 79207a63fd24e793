"""Scans made from real pages, for the OCR tests and eval/ocr_cer.py.

The corpus has image-only scans in English and Russian only, and no noisy OCR layer made
on purpose; these helpers make the other cases from real documents:

- `as_scan`: a page of a born-digital PDF (the AKN resolutions rendered in six languages,
  tests/fixtures) rasterised by pdfium and wrapped in a new PDF as one grey image: what a
  scanner gives, with optional noise;
- `with_noise_layer`: a real scan with an OCR layer (corpus/dev A_L.632.en.pdf, 1971) whose
  layer is replaced by invisible text that is noise, as the 1950s Security Council records'
  layers are (`:: '. :~. ':'~' ',"'`).
"""

from __future__ import annotations

import ctypes
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
import pypdfium2.raw as raw

#: what an old OCR layer of a bad scan reads like (issue 10 quotes the 1950 record's)
NOISE = (":: '. :~. ':'~' ',\"", "~ .' : '' ,. :~ '.", "'. ,~ :: ' .'' ~. :")


def rasterise(pdf_path: Path, index: int, dpi: int) -> np.ndarray:
    """A page as grey pixels (rows x columns)."""
    pdf = pdfium.PdfDocument(str(pdf_path))
    try:
        bitmap = pdf[index].render(scale=dpi / 72, grayscale=True)
        grey = np.frombuffer(bytes(bitmap.buffer), dtype=np.uint8).reshape(bitmap.height, bitmap.stride)
        return grey[:, : bitmap.width].copy()
    finally:
        pdf.close()


def degrade(pixels: np.ndarray, sigma: float, specks: float, seed: int) -> np.ndarray:
    """Gaussian noise and salt-and-pepper specks, reproducibly."""
    rng = np.random.default_rng(seed)
    grey = pixels.astype(np.float32) + (rng.normal(0.0, sigma, pixels.shape) if sigma else 0.0)
    mask = rng.random(pixels.shape)
    grey[mask < specks / 2] = 0
    grey[mask > 1 - specks / 2] = 255
    return np.clip(grey, 0, 255).astype(np.uint8)


def image_pdf(pages: list[np.ndarray], dpi: int, out: Path) -> Path:
    """A PDF whose pages are these grey images at `dpi`, and nothing else."""
    doc = pdfium.PdfDocument.new()
    for pixels in pages:
        height, width = pixels.shape
        page = doc.new_page(width * 72 / dpi, height * 72 / dpi)
        bitmap = pdfium.PdfBitmap.new_native(width, height, raw.FPDFBitmap_Gray)
        np.ctypeslib.as_array(bitmap.buffer).reshape(height, bitmap.stride)[:, :width] = pixels
        image = pdfium.PdfImage.new(doc)
        image.set_bitmap(bitmap)
        image.set_matrix(pdfium.PdfMatrix().scale(width * 72 / dpi, height * 72 / dpi))
        page.insert_obj(image)
        page.gen_content()
    doc.save(str(out))
    return out


def as_scan(pdf_path: Path, out: Path, *, dpi: int = 300, sigma: float = 0.0, specks: float = 0.0) -> Path:
    """Every page of a born-digital PDF as a scan."""
    n = len(pdfium.PdfDocument(str(pdf_path)))
    pages = [degrade(rasterise(pdf_path, k, dpi), sigma, specks, seed=k) for k in range(n)]
    return image_pdf(pages, dpi, out)


def with_noise_layer(scan_path: Path, out: Path) -> Path:
    """A scan with an OCR layer whose every page's layer is replaced by invisible noise."""
    pdf = pdfium.PdfDocument(str(scan_path))
    for page in pdf:
        handle = page.raw
        for k in reversed(range(raw.FPDFPage_CountObjects(handle))):
            obj = raw.FPDFPage_GetObject(handle, k)
            if raw.FPDFPageObj_GetType(obj) == raw.FPDF_PAGEOBJ_TEXT:
                raw.FPDFPage_RemoveObject(handle, obj)
                raw.FPDFPageObj_Destroy(obj)
        height = page.get_height()
        for line in range(30):
            obj = raw.FPDFPageObj_NewTextObj(pdf.raw, b"Courier", 11.0)
            text = NOISE[line % len(NOISE)] * 3
            utf16 = (text + "\0").encode("utf-16-le")
            raw.FPDFText_SetText(obj, ctypes.cast(ctypes.c_char_p(utf16), ctypes.POINTER(raw.FPDF_WCHAR)))
            raw.FPDFTextObj_SetTextRenderMode(obj, raw.FPDF_TEXTRENDERMODE_INVISIBLE)
            raw.FPDFPageObj_Transform(obj, 1, 0, 0, 1, 72, height - 72 - 20 * line)
            raw.FPDFPage_InsertObject(handle, obj)
        raw.FPDFPage_GenerateContent(handle)
    pdf.save(str(out))
    return out

"""Hostile files made from real ones, for the tests of issue 9 and the fuzzer (tests/fuzz.py).

Each builder starts from a real document of the corpus and does to it what an attacker
or a broken disk would: inflate a DOCX part, nest Akoma Ntoso a thousand deep, break a
deflate stream, flip bytes. They write into a folder the caller owns (a test's tmp dir).
"""

from __future__ import annotations

import random
import re
import zipfile
from pathlib import Path

#: A paragraph of a real resolution (A/RES/78/8, English), repeated to inflate a DOCX.
PARAGRAPH = (
    b"<w:p><w:r><w:t>Recalling its resolution 68/218 of 20 December 2013 and all other relevant "
    b"resolutions of the General Assembly,</w:t></w:r></w:p>"
)


def inflated_docx(real: Path, out: Path, inflated_bytes: int) -> Path:
    """`real` with its word/document.xml replaced by `inflated_bytes` of paragraphs,
    streamed into the ZIP so the test never holds them in memory (the file stays small)."""
    chunk = PARAGRAPH * 2000
    with zipfile.ZipFile(real) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for info in zin.infolist():
            if info.filename != "word/document.xml":
                z.writestr(info, zin.read(info.filename))
                continue
            with z.open("word/document.xml", "w", force_zip64=True) as f:
                f.write(
                    b'<?xml version="1.0"?><w:document xmlns:w='
                    b'"http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
                )
                for _ in range(max(1, inflated_bytes // len(chunk))):
                    f.write(chunk)
                f.write(b"</w:body></w:document>")
    return out


def many_entries_docx(real: Path, out: Path, entries: int) -> Path:
    """`real` with `entries` tiny extra parts."""
    with zipfile.ZipFile(real) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in zin.infolist():
            z.writestr(info, zin.read(info.filename))
        for i in range(entries):
            z.writestr(f"customXml/extra{i}.xml", b"<a/>")
    return out


def broken_deflate_docx(real: Path, out: Path) -> Path:
    """`real` whose word/document.xml deflate stream starts with a block of the reserved
    type (zlib: "invalid block type"); the ZIP directory still says the part is fine."""
    data = bytearray(real.read_bytes())
    with zipfile.ZipFile(real) as z:
        info = z.getinfo("word/document.xml")
    # local header: 30 bytes + name + extra, then the compressed data
    name_len = int.from_bytes(data[info.header_offset + 26 : info.header_offset + 28], "little")
    extra_len = int.from_bytes(data[info.header_offset + 28 : info.header_offset + 30], "little")
    start = info.header_offset + 30 + name_len + extra_len
    data[start] = 0xFF  # BFINAL=1, BTYPE=11: a block type deflate does not have
    out.write_bytes(bytes(data))
    return out


def deep_akn(real: Path, out: Path, depth: int) -> Path:
    """A real Akoma Ntoso resolution with one paragraph wrapped in `depth` nested <hcontainer>."""
    text = real.read_text(encoding="utf-8")
    m = re.search(r"<(?:akn:)?mainBody[^>]*>", text)
    assert m, f"{real}: no mainBody"
    prefix = "akn:" if m.group(0).startswith("<akn:") else ""
    opening = f"<{prefix}hcontainer name='x'>" * depth
    closing = f"</{prefix}hcontainer>" * depth
    out.write_text(text[: m.end()] + opening + closing + text[m.end() :], encoding="utf-8")
    return out


def flipped(real: Path, out: Path, seed: int, flips: int = 12) -> Path:
    """`real` with `flips` random bytes changed (a seed makes it the same file every run)."""
    rng = random.Random(seed)
    data = bytearray(real.read_bytes())
    for _ in range(flips):
        i = rng.randrange(len(data))
        data[i] = rng.randrange(256)
    out.write_bytes(bytes(data))
    return out

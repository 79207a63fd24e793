"""The command line as a user meets it: output formats, bad input, folders."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import EXPECTED, FIXTURES
from undocs import __version__


def undocs(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "undocs", *args], capture_output=True, text=True, env={**os.environ, **(env or {})}
    )


BAD = {
    "empty.pdf": "empty file",
    "junk.pdf": "unrecognised binary data",
    "truncated.pdf": "not a readable PDF",
    "image_only.pdf": "a scan that OCR cannot read",  # a 100-dpi JPEG of a page, stretched
    "latin1.txt": "not UTF-8",
    "empty.txt": "empty file",
    "blank.txt": "no text",
    "binary.txt": "unrecognised binary data",
    "A_RES_78_8.fr.doc": "legacy Word .doc is not supported yet",
}


@pytest.mark.parametrize("name,reason", sorted(BAD.items()))
def test_bad_input_is_one_clear_line_and_exit_2(name: str, reason: str) -> None:
    path = FIXTURES / name
    res = undocs("parse", str(path))
    assert res.returncode == 2
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1, res.stderr
    assert str(path) in lines[0] and reason in lines[0]
    assert "Traceback" not in res.stderr and res.stdout == ""


def test_real_scan_without_text_layer_is_refused_when_ocr_is_off(corpus: Path) -> None:
    res = undocs("parse", "--ocr", "never", str(corpus / "A_RES_2758(XXVI).ru.pdf"))
    assert res.returncode == 2 and "no text layer" in res.stderr and "--ocr never" in res.stderr


def test_a_scanned_page_of_a_printed_volume_is_read_as_the_resolution_it_is_named_for(
    corpus: Path, tmp_path: Path
) -> None:
    """OCR reads the page (Russian, by its name); it prints six resolutions of the twenty-sixth
    session under a running head and no masthead: the record is the one its name asks for,
    as eval/expected/dev has it from the page image. Under a name that asks for none of them,
    it is refused, the resolutions it prints named."""
    res = undocs("parse", "--json", "--no-blocks", str(corpus / "A_RES_2758(XXVI).ru.pdf"))
    assert res.returncode == 0, res.stderr
    rec = json.loads(res.stdout)
    want = json.loads((EXPECTED / "A_RES_2758(XXVI).ru.pdf.json").read_text(encoding="utf-8"))
    for field in ("symbol", "organ", "session", "date", "title", "doc_type"):
        assert rec[field] == want[field], field
    renamed = tmp_path / "page.ru.pdf"
    shutil.copy(corpus / "A_RES_2758(XXVI).ru.pdf", renamed)
    res = undocs("parse", str(renamed))
    assert res.returncode == 2 and "printed volume" in res.stderr and "Traceback" not in res.stderr
    assert "A/RES/2751 (XXVI)" in res.stderr and "A/RES/2758 (XXVI)" in res.stderr


def test_huge_text_file_is_refused_naming_the_limit(tmp_path: Path) -> None:
    big = tmp_path / "huge.txt"
    with big.open("wb") as f:  # 200 MB, sparse: costs no disk and no memory
        f.truncate(200 * 1024 * 1024)
    res = undocs("parse", str(big))
    assert res.returncode == 2
    assert "over the 64 MiB limit" in res.stderr and "UNDOCS_MAX_BYTES" in res.stderr


def test_folder_goes_on_past_bad_files_and_reports_them_at_the_end(tmp_path: Path, corpus: Path) -> None:
    for name in ("empty.pdf", "latin1.txt"):
        shutil.copy(FIXTURES / name, tmp_path / name)
    shutil.copy(corpus / "A_C.2_72_3.fr.txt", tmp_path / "seed.txt")
    shutil.copy(corpus / "A_RES_78_8.en.pdf", tmp_path / "res.pdf")
    res = undocs("parse", str(tmp_path), "--jsonl")
    assert res.returncode == 2
    records = [json.loads(line) for line in res.stdout.splitlines()]
    assert sorted(r["symbol"] for r in records) == ["A/C.2/72/3", "A/RES/78/8"]
    assert "2 of 4 files failed" in res.stderr
    assert "Traceback" not in res.stderr


def test_json_for_several_files_is_an_array(corpus: Path) -> None:
    res = undocs("parse", str(corpus / "A_RES_78_8.en.xml"), str(corpus / "A_RES_78_8.fr.xml"), "--json", "--no-blocks")
    assert res.returncode == 0
    data = json.loads(res.stdout)
    assert [d["language"] for d in data] == ["en", "fr"]
    assert all("blocks" not in d for d in data)


def test_markdown_shows_masthead_and_numbered_paragraphs(corpus: Path) -> None:
    res = undocs("parse", str(corpus / "A_RES_80_4.en.pdf"), "--markdown")
    assert res.returncode == 0
    assert res.stdout.startswith("# A/RES/80/4")
    assert "| agenda item | 38 Necessity of ending" in res.stdout
    assert "\n5. Decides to include in the provisional agenda" in res.stdout
    assert "[^1]: A/80/83." in res.stdout


def test_summary_is_the_default(corpus: Path) -> None:
    res = undocs("parse", str(corpus / "A_C.2_72_3.fr.txt"))
    assert res.returncode == 0
    assert res.stdout.startswith("A/C.2/72/3  [fr]  letter  2017-11-22")


def test_version_says_which_build_runs() -> None:
    res = undocs("--version")
    built = "yes" if os.environ.get("UNDOCS_COMPILED") == "1" else "no"
    assert res.returncode == 0 and res.stdout.strip() == f"undocs {__version__} (compiled: {built})"

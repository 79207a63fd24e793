"""Issue 9: the fuzzer (tests/fuzz.py) in `make test`: a few hundred mutations of real
corpus files of every format, run on whichever build this suite runs on (plain, or the
compiled one through PYTHONPATH), in a process of its own so its peak memory is its own.
0 escaped exceptions, 0 cases over the time budget, peak memory under the ceiling.
`make fuzz` runs the long version (thousands of cases).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

FUZZ = Path(__file__).with_name("fuzz.py")


def test_mutated_corpus_files_give_a_record_or_the_librarys_error(real: Path) -> None:
    res = subprocess.run(
        [sys.executable, str(FUZZ), "--cases", "400", "--seed", "7", "--budget", "20", "--per-format", "10", "--json"],
        capture_output=True,
        text=True,
        timeout=1800,
        env=dict(os.environ),
    )
    report = json.loads(res.stdout)
    assert report["escapes"] == [], report["escapes"]
    assert report["over_budget"] == [], report["over_budget"]
    assert report["peak_rss_mib"] < report["memory_ceiling_mib"]
    # the run did what it says: every format mutated, some mutations read through, most refused
    assert set(report["by_format"]) == {"pdf", "docx", "xml", "text"}
    assert all(n >= 90 for n in report["by_format"].values())
    assert 0 < report["outcomes"].get("record", 0) < report["cases"]
    assert res.returncode == 0

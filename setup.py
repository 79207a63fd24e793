"""Optional compiled build of the parser's hot modules, as Black ships its own.

    UNDOCS_MYPYC=1 pip install --no-build-isolation .    (needs gcc, Python headers, mypy)

The source stays plain Python and runs as is (editable installs are never compiled);
mypyc turns the modules below into C extensions that parse text about 1.35 times as
fast. Their type hints are checked at run time there, so `make lint` type-checks them
and `make test` runs the whole suite on both builds.
"""

from __future__ import annotations

import os

from setuptools import setup

#: The stages every document goes through, line by line and paragraph by paragraph.
COMPILED = [
    "undocs/clean.py",
    "undocs/record.py",
    "undocs/symbols.py",
    "undocs/lang/__init__.py",
    "undocs/extract/__init__.py",
    "undocs/extract/lines.py",
    "undocs/extract/text.py",
    "undocs/extract/pdf.py",
    "undocs/parse/__init__.py",
    "undocs/parse/body.py",
    "undocs/parse/furniture.py",
    "undocs/parse/language.py",
    "undocs/parse/front/__init__.py",
    "undocs/parse/front/items.py",
    "undocs/parse/front/title.py",
    "undocs/extract/bidi.py",
    "undocs/extract/layout.py",
    "undocs/parse/references.py",
    "undocs/parse/values.py",
]

ext_modules = []
if os.environ.get("UNDOCS_MYPYC") == "1":
    from mypyc.build import mypycify

    ext_modules = mypycify([f"src/{path}" for path in COMPILED], opt_level="3", debug_level="0")

setup(ext_modules=ext_modules)

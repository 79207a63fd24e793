"""undocs: United Nations official documents as data.

>>> import undocs
>>> record = undocs.parse("A_C.2_72_3.fr.txt")
>>> record.symbol, record.agenda_items[0].number
('A/C.2/72/3', '19 (a)')
"""

from undocs.errors import ParseError, UndocsError
from undocs.parse import parse, parse_many, parse_source
from undocs.record import Block, Record

__version__ = "0.1.0"
__all__ = [
    "parse",
    "parse_many",
    "parse_source",
    "Record",
    "Block",
    "ParseError",
    "UndocsError",
    "__version__",
    "compiled",
]


def compiled() -> bool:
    """Whether this is the mypyc build (setup.py): the parser's stages as C extensions."""
    import importlib

    return str(importlib.import_module("undocs.parse.body").__file__).endswith((".so", ".pyd"))

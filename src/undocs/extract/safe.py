"""Reading containers from strangers: XML without entities, the network or deep nesting,
and ZIP parts inflated against a budget (`limits.Limits`).

Why here: a DOCX is a ZIP of XML parts and Akoma Ntoso is XML; a 2 MB file can inflate
to gigabytes or nest a thousand levels (and our walkers recurse). Both readers go through
these two functions, so the limits hold for every format that unpacks.
"""

from __future__ import annotations

import zipfile
import zlib
from functools import cache
from pathlib import Path

from lxml import etree

from undocs.errors import ParseError, TooLarge
from undocs.limits import Limits

__all__ = ["parse_xml", "Package"]


@cache
def _deeper_than(depth: int) -> etree.XPath:
    return etree.XPath("boolean(" + "/*" * (depth + 1) + ")")


def parse_xml(data: bytes, path: Path, limits: Limits, what: str = "XML") -> etree._Element:
    """The root element; entities are not expanded, nothing is fetched, and a tree nested
    deeper than `limits.max_xml_depth` is refused (libxml2 itself stops at 256)."""
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False, remove_comments=True, remove_pis=True
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        if "depth" in str(exc).lower():
            raise ParseError(path, f"{what} nests elements too deeply (libxml2's limit of 256)") from None
        raise ParseError(path, f"{what} is not well-formed ({exc})") from None
    if root is None:
        raise ParseError(path, f"{what} holds no element")
    if _deeper_than(limits.max_xml_depth)(root.getroottree()):
        raise ParseError(path, f"{what} nests elements more than {limits.max_xml_depth} deep (UNDOCS_MAX_XML_DEPTH)")
    return root


class Package:
    """A ZIP package whose parts are inflated against one budget for the whole file."""

    def __init__(self, data: bytes, path: Path, limits: Limits):
        import io

        self.path, self.limits = path, limits
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(data))
        except (zipfile.BadZipFile, ValueError) as exc:
            raise ParseError(path, f"not a readable DOCX ({exc})") from None
        entries = len(self.zip.infolist())
        if entries > limits.max_entries:
            raise TooLarge(
                path, f"the package has {entries} entries, over the limit of {limits.max_entries} (UNDOCS_MAX_ENTRIES)"
            )
        self.left = limits.max_inflated

    def names(self) -> set[str]:
        return set(self.zip.namelist())

    def read(self, name: str) -> bytes:
        """The part's bytes; KeyError if it is absent; TooLarge past the inflation budget,
        counted on the bytes actually inflated (a part's declared size can lie)."""
        try:
            with self.zip.open(name) as part:
                data = part.read(self.left + 1)
        except KeyError:
            raise
        except (zipfile.BadZipFile, zlib.error, EOFError, RuntimeError, NotImplementedError, ValueError) as exc:
            raise ParseError(self.path, f"part {name} of the package is damaged ({exc})") from None
        if len(data) > self.left:
            raise TooLarge(
                self.path,
                f"the package inflates to more than {self.limits.max_inflated / 2**20:.0f} MiB "
                f"(at part {name}; UNDOCS_MAX_INFLATED)",
            )
        self.left -= len(data)
        return data

    def xml(self, name: str) -> etree._Element:
        return parse_xml(self.read(name), self.path, self.limits, f"part {name}")

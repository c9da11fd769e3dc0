"""Name normalisation and phonetic keys used by register search and matching."""

from __future__ import annotations

from functools import lru_cache

import jellyfish

from triangulate.core import identifiers


@lru_cache(maxsize=65536)
def normalise_name(value: str) -> str:
    """The one name normalisation (``core.identifiers.normalise_name``), cached."""
    return identifiers.normalise_name(value)


@lru_cache(maxsize=65536)
def name_key(value: str) -> str:
    """A phonetic key (Metaphone of the first word) so that 'Kaitlin' finds 'Caitlin'."""
    name = normalise_name(value)
    if not name:
        return ""
    return jellyfish.metaphone(name.split(" ")[0])[:40]

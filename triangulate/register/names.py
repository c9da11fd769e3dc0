"""Name normalisation and phonetic keys used by register search and matching."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import jellyfish


@lru_cache(maxsize=65536)
def normalise_name(value: str) -> str:
    """Lower case, accents removed, punctuation dropped, single spaces."""
    text = unicodedata.normalize("NFKD", value or "")
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"[^a-zA-Z\s-]", "", text).replace("-", " ")
    return re.sub(r"\s+", " ", text).strip().lower()


@lru_cache(maxsize=65536)
def name_key(value: str) -> str:
    """A phonetic key (Metaphone of the first word) so that 'Kaitlin' finds 'Caitlin'."""
    name = normalise_name(value)
    if not name:
        return ""
    return jellyfish.metaphone(name.split(" ")[0])[:40]

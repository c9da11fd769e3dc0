"""The two thresholds that split scored pairs into links, review and rejections."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Thresholds:
    """Match probabilities: at or above ``accept`` links are made; from ``review`` up to
    ``accept`` a person decides; below ``review`` pairs are rejected."""

    accept: float = 0.95
    review: float = 0.5

    def __post_init__(self):
        if not 0 < self.review <= self.accept < 1:
            raise ValueError("Thresholds must satisfy 0 < review <= accept < 1")

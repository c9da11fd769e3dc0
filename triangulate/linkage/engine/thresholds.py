"""The two thresholds that split scored pairs into links, review and rejections."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Thresholds:
    """Match probabilities: at or above ``accept`` links are made; from ``review`` up to
    ``accept`` a person decides; below ``review`` pairs are rejected.

    The defaults were chosen on a tuning set kept apart from every set accuracy is reported
    on (`python -m bench heldout tune`; docs/benchmarks.md, ADR 0022)."""

    accept: float = 0.7
    review: float = 0.05

    def __post_init__(self):
        if not 0 < self.review <= self.accept < 1:
            raise ValueError("Thresholds must satisfy 0 < review <= accept < 1")

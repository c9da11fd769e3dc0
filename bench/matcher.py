"""Matching one new record (a referral at the front door) against the linked register.

The trained model is reused as it is: candidates come from in-memory indexes on the model's
own blocking rules, the comparison levels are the model's own SQL (run by DuckDB on the
few candidate pairs), and the weights are the model's m and u probabilities with the same
term-frequency adjustments Splink applies. A query takes milliseconds, not a linkage run.

It lives with the benchmarks (`bench/referral_latency.py`) and its tests, not in the product:
the front door matches through `register.services.matching`.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass

import duckdb
import pandas as pd

from triangulate.linkage.engine.standardise import (
    RARE_WORD_MAX_RECORDS,
    address_words,
    standardise_one,
)

_RULE_PART = re.compile(
    r"(substr\()?l\.([a-z_]+)(?:,\s*(\d+),\s*(\d+)\))?\s*=\s*(?:substr\()?r\.([a-z_]+)"
)


@dataclass(frozen=True)
class Match:
    unique_id: str
    match_probability: float
    match_weight: float


def _key_parts(rule: str) -> list[tuple[str, str, int | None, int | None]]:
    parts = []
    for clause in re.split(r"\s+and\s+", rule):
        m = _RULE_PART.search(clause)
        if m is None:
            raise ValueError(f"Cannot index blocking rule {rule!r}")
        _substr, left, start, length, right = m.groups()
        parts.append((left, right, int(start) if start else None, int(length) if length else None))
    return parts


def _values(row: dict, column: str, start: int | None, length: int | None) -> list:
    """The blocking keys a column gives: one value, each element of a list, or none."""
    value = row.get(column)
    if value is None:
        return []
    if isinstance(value, list | tuple):
        return list(value)
    return [value[start - 1 : start - 1 + length] if start else value]


def _keys(row: dict, parts, side: int) -> list[tuple]:
    """Every key of one blocking rule for a record (``side`` 0: left column, 1: right)."""
    return list(itertools.product(*(_values(row, p[side], p[2], p[3]) for p in parts)))


class Matcher:
    """Holds the standardised register and answers ``match(record)`` queries."""

    def __init__(self, model: dict, register: pd.DataFrame):
        self.model = model
        self.records = register.set_index("unique_id", drop=False)
        self._rows = self.records.to_dict("index")
        prior = model["probability_two_random_records_match"]
        self.prior_weight = math.log2(prior / (1 - prior))
        self.rules = [
            _key_parts(r["blocking_rule"] if isinstance(r, dict) else r)
            for r in model["blocking_rules_to_generate_predictions"]
        ]
        self.indexes: list[dict[tuple, list[str]]] = []
        for parts in self.rules:
            index: dict[tuple, list[str]] = defaultdict(list)
            for uid, row in self._rows.items():
                for key in _keys(row, parts, 0):
                    index[key].append(uid)
            self.indexes.append(dict(index))
        # A query's address word is rare if, with the query, it stays within the limit.
        words = Counter(w for a in register["address"].dropna() for w in address_words(a))
        self._rare_words = {w for w, n in words.items() if n < RARE_WORD_MAX_RECORDS}
        self._levels = []
        self._tf: dict[str, dict[str, float]] = {}
        cases = []
        for comparison in model["comparisons"]:
            name = comparison["output_column_name"]
            levels = comparison["comparison_levels"]
            non_null = [lv for lv in levels if not lv.get("is_null_level")]
            whens = []
            for level in levels:
                gamma = (
                    -1 if level.get("is_null_level") else len(non_null) - 1 - non_null.index(level)
                )
                if level["sql_condition"] != "ELSE":
                    whens.append(f"WHEN {level['sql_condition']} THEN {gamma}")
                tf_column = level.get("tf_adjustment_column")
                if tf_column and tf_column not in self._tf:
                    counts = register[tf_column].value_counts()
                    self._tf[tf_column] = (counts / counts.sum()).to_dict()
            cases.append(f"CASE {' '.join(whens)} ELSE 0 END AS gamma_{name}")
            self._levels.append((name, non_null))
        self._sql = f"SELECT unique_id_r, {', '.join(cases)} FROM pairs"  # noqa: S608 - the model's own SQL
        self._connection = duckdb.connect(":memory:")

    def candidates(self, query: dict) -> list[str]:
        found: dict[str, None] = {}
        for parts, index in zip(self.rules, self.indexes, strict=True):
            for key in _keys(query, parts, 1):
                for uid in index.get(key, ()):
                    found[uid] = None
        return list(found)

    def _weight(self, level: dict, query: dict, candidate: dict) -> float:
        m, u = level.get("m_probability"), level.get("u_probability")
        if m is None or u is None:
            return 0.0
        weight = math.log2(m / u)
        tf_column = level.get("tf_adjustment_column")
        if tf_column:
            table = self._tf[tf_column]
            tf = max(table.get(query.get(tf_column), 0.0), table.get(candidate.get(tf_column), 0.0))
            tf = max(tf, level.get("tf_minimum_u_value", 0.0) or 0.0)
            if tf > 0:
                weight += level.get("tf_adjustment_weight", 1.0) * math.log2(u / tf)
        return weight

    def match(
        self, record: dict, *, source: str = "referral", threshold: float = 0.5, limit: int = 10
    ) -> list[Match]:
        """Register entries that may be this record, most likely first."""
        query = standardise_one({**record, "record_id": record.get("record_id") or "query"}, source)
        rare = [w for w in address_words(query["address"]) if w in self._rare_words]
        query["address_rare_words"] = rare or None
        uids = self.candidates(query)
        if not uids:
            return []
        right = self.records.loc[uids].add_suffix("_r")
        left = pd.DataFrame([query] * len(uids)).add_suffix("_l")
        pairs = pd.concat([left.reset_index(drop=True), right.reset_index(drop=True)], axis=1)
        self._connection.register("pairs", pairs)
        gammas = self._connection.execute(self._sql).fetchdf()
        self._connection.unregister("pairs")
        results = []
        for row in gammas.to_dict("records"):
            candidate = self._rows[row["unique_id_r"]]
            weight = self.prior_weight
            for name, non_null in self._levels:
                gamma = int(row[f"gamma_{name}"])
                if gamma >= 0:
                    weight += self._weight(non_null[len(non_null) - 1 - gamma], query, candidate)
            probability = 2**weight / (1 + 2**weight)
            if probability >= threshold:
                results.append(Match(row["unique_id_r"], probability, weight))
        results.sort(key=lambda m: (-m.match_probability, m.unique_id))
        return results[:limit]

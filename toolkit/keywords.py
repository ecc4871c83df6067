"""Keyphrases of a post: frequent, specific runs of one to three content words.

Candidates are runs of non-stopwords inside a sentence (stopwords and punctuation break runs).
A phrase's score is its frequency, weighted up for appearing in the title or headings and for
being multi-word (more specific). Matching uses light-stemmed keys so "الشبكات" and "شبكات",
or "brands" and "brand", count together; the phrase is shown in its most frequent surface form.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass

import regex

from .lang import WORD, Language, display_form, is_stopword, word_key

_RUN_BREAK = regex.compile(r"[.!?؟…،؛,;:()\[\]\"«»“”/|—–\n]")
_HAS_LETTER = regex.compile(r"\p{L}")


@dataclass(frozen=True)
class Keyphrase:
    words: tuple[str, ...]  # surface form, as the writer spelled it
    key: tuple[str, ...]  # matching keys
    score: float
    count: int

    @property
    def text(self) -> str:
        return " ".join(self.words)


def _runs(text: str, language: Language) -> list[list[str]]:
    runs: list[list[str]] = []
    for chunk in _RUN_BREAK.split(text):
        run: list[str] = []
        for w in WORD.findall(chunk):
            if is_stopword(w, language) or not _HAS_LETTER.search(w) or len(w) < 2:
                if run:
                    runs.append(run)
                run = []
            else:
                run.append(w)
        if run:
            runs.append(run)
    return runs


def extract_keyphrases(
    text: str, language: Language, *, title: str = "", headings: list[str] | None = None, top: int = 20
) -> list[Keyphrase]:
    """The ``top`` keyphrases of ``text``, best first; deterministic for the same input."""
    counts: Counter[tuple[str, ...]] = Counter()
    surface_counts: Counter[tuple[tuple[str, ...], tuple[str, ...]]] = Counter()  # one flat counter: cheap
    first_seen: dict[tuple[str, ...], int] = {}
    position = 0
    for run in _runs(text, language):
        keys = [word_key(w, language) for w in run]
        shown = [display_form(w, language) for w in run]
        for n in (1, 2, 3):
            for i in range(len(run) - n + 1):
                key = tuple(keys[i : i + n])
                counts[key] += 1
                surface_counts[key, tuple(shown[i : i + n])] += 1
                if key not in first_seen:
                    first_seen[key] = position
                position += 1
    boost_keys: dict[tuple[str, ...], float] = {}
    for source, weight in [(title, 3.0)] + [(h, 1.5) for h in (headings or [])]:
        for run in _runs(source, language):
            for n in (1, 2, 3):
                for i in range(len(run) - n + 1):
                    phrase = tuple(word_key(w, language) for w in run[i : i + n])
                    boost_keys[phrase] = boost_keys.get(phrase, 0.0) + weight

    best_surface: dict[tuple[str, ...], tuple[int, tuple[str, ...]]] = {}
    for (key, surface), c in surface_counts.items():
        if (c, surface) > best_surface.get(key, (0, ())):
            best_surface[key] = (c, surface)

    scored: list[Keyphrase] = []
    for key, c in counts.items():
        n = len(key)
        boost = boost_keys.get(key, 0.0)
        if n > 1 and c < 2 and boost < 3.0:
            continue  # a multi-word run seen once is an accident of phrasing, unless the title has it
        if any(len(k) < 2 for k in key):
            continue
        score = (c + boost) * (1.0, 1.7, 2.1)[n - 1] / math.log2(2 + first_seen[key] / 200)
        surface = best_surface[key][1]
        scored.append(Keyphrase(words=surface, key=key, score=round(score, 6), count=c))
    scored.sort(key=lambda k: (-k.score, k.key))
    return _drop_contained(scored, counts)[:top]


def _drop_contained(phrases: list[Keyphrase], counts: Counter[tuple[str, ...]]) -> list[Keyphrase]:
    """Drop a phrase that mostly occurs inside one longer phrase ("الاجتماعي" in "التواصل الاجتماعي")."""
    longer_counts: dict[tuple[str, ...], int] = defaultdict(int)
    for key, c in counts.items():
        if len(key) == 1 or c < 2:
            continue
        for n in range(1, len(key)):
            for i in range(len(key) - n + 1):
                sub = key[i : i + n]
                longer_counts[sub] = max(longer_counts[sub], c)
    return [p for p in phrases if longer_counts.get(p.key, 0) < 0.7 * p.count]

"""Rank a post's sentences by how much of the post each one carries.

Score = keyphrase coverage (sum of the scores of the keyphrases a sentence mentions, damped by
its length) x a position prior (early sentences and section openers state the point) x a length
prior (fragments and run-ons make poor captions). Deterministic: ties break on position.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import regex

from ..keywords import Keyphrase
from ..lang import is_question, split_sentences, word_key, words
from .models import Language, Post

_NUMBER = regex.compile(r"[0-9٠-٩]+(?:[.,٫][0-9٠-٩]+)?\s*(?:%|٪|x\b|مرة|مرات|ضعف|million|billion|مليون|مليار)?")
_URL = regex.compile(r"https?://|www\.")


@dataclass(frozen=True)
class Sentence:
    text: str
    section: int
    position: int  # order in the post
    first_in_section: bool
    from_bullet: bool
    score: float
    n_words: int

    @property
    def is_question(self) -> bool:
        return is_question(self.text)

    @property
    def has_statistic(self) -> bool:
        return bool(regex.search(r"[0-9٠-٩]", self.text)) and bool(_NUMBER.search(self.text))


def sentences_of(post: Post) -> list[tuple[str, int, bool, bool]]:
    """(sentence, section index, first in section, from a bullet) in reading order."""
    out: list[tuple[str, int, bool, bool]] = []
    seen: set[str] = set()  # posts repeat themselves ("key takeaways"): keep the first telling
    for si, section in enumerate(post.sections):
        first = True
        for from_bullet, blocks in ((False, section.paragraphs), (True, section.bullets)):
            for block in blocks:
                for s in split_sentences(block):
                    key = " ".join(words(s)).casefold()
                    if key in seen:
                        continue
                    seen.add(key)
                    out.append((s, si, first, from_bullet))
                    first = False
    return out


def rank_sentences(post: Post, keyphrases: list[Keyphrase]) -> list[Sentence]:
    """Every sentence with its salience score, in reading order."""
    language: Language = post.language
    phrase_scores = {k.key: k.score for k in keyphrases}
    max_n = max((len(k) for k in phrase_scores), default=1)
    title_keys = {word_key(w, language) for w in words(post.title)}
    raw = sentences_of(post)
    total = max(len(raw), 1)
    ranked: list[Sentence] = []
    for pos, (text, si, first, bullet) in enumerate(raw):
        ws = words(text)
        keys = [word_key(w, language) for w in ws]
        coverage = 0.0
        seen: set[tuple[str, ...]] = set()
        for n in range(1, max_n + 1):
            for i in range(len(keys) - n + 1):
                gram = tuple(keys[i : i + n])
                if gram in phrase_scores and gram not in seen:
                    seen.add(gram)
                    coverage += phrase_scores[gram]
        n_words = len(ws)
        coverage /= math.sqrt(max(n_words, 1))
        title_overlap = len(title_keys.intersection(keys)) / max(len(title_keys), 1)
        position_prior = 1.0 + 0.6 * (1 - pos / total) + (0.25 if first else 0.0)
        length_prior = 1.0 if 8 <= n_words <= 40 else 0.55 if n_words < 8 else 0.75
        noise = 0.3 if _URL.search(text) else 1.0
        score = (coverage + 1.0) * (1 + title_overlap) * position_prior * length_prior * noise
        ranked.append(Sentence(text, si, pos, first, bullet, round(score, 6), n_words))
    return ranked


def by_salience(sentences: list[Sentence]) -> list[Sentence]:
    return sorted(sentences, key=lambda s: (-s.score, s.position))

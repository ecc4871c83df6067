"""Language-aware text basics for Arabic and English: detection, sentences, clauses, words.

Arabic needs care that English does not: ``؟`` and ``؛`` end sentences and clauses, ``،`` is a
clause comma, pasted text often has no space after a full stop ("الآخرين.يمكن") and a space
*before* a comma ("الشديدة ، يظل"), and the same word appears with prefixes (و، ال، بال، لل)
and with or without harakat. Keyword matching works on a normalised key; output keeps the
writer's own surface form.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from importlib import resources
from typing import Literal

import regex

Language = Literal["ar", "en"]

_ARABIC_LETTER = regex.compile(r"\p{Script=Arabic}")
_LATIN_LETTER = regex.compile(r"\p{Script=Latin}")

WORD = regex.compile(r"[\p{L}\p{M}\p{N}_]+(?:['’][\p{L}]+)?")
_HARAKAT = regex.compile(r"[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")  # marks + tatweel
_SPACE_BEFORE_PUNCT = regex.compile(r"(?<=[\p{L}\p{N}\)\]\"”»])[ \t]+([،؛؟,;:!?%٪])(?=\s|$|[\p{L}])")
_NO_SPACE_AFTER_STOP = regex.compile(r"(?<=\p{Script=Arabic}{2})([.؟!؛])(?=\p{Script=Arabic})")
_MULTI_SPACE = regex.compile(r"[ \t\u00a0]{2,}")

# One place for what ends a sentence or a clause, Arabic and English (closing quotes may follow).
SENTENCE_END = (".", "!", "?", "؟", "…")
CLAUSE_END = (":", "؛", ";")
CLOSERS = ("»", "”", '"', ")", "]", "’", "'")
QUESTION_END = ("?", "؟")
# A clause opening with a subordinator ("if", "when", "إذا", "عندما") needs the clause after it.
SUBORDINATOR = regex.compile(
    r"(?i)^(?:if|when|whenever|because|although|though|while|unless|since|as|once|after|before|"
    r"إذا|إن|لو|عندما|حين|حينما|لأن|لما|مع أن|رغم|بينما|كلما|بعد أن|قبل أن)\b"
)
_ABBREVIATIONS = {
    "e.g", "i.e", "etc", "vs", "mr", "mrs", "ms", "dr", "prof", "inc", "ltd", "co", "jr", "sr",
    "st", "no", "fig", "approx", "dept", "est", "u.s", "u.k", "a.m", "p.m",
}
# Split after sentence punctuation (and closing quotes/brackets) followed by space and not a
# lowercase Latin letter (which signals an abbreviation or a decimal continuing the sentence).
_SENTENCE_SPLIT = regex.compile(r"(?<=[.!?؟…][\"'”’»)\]]*)\s+(?=[^\p{Ll}])")
_CLAUSE_SPLIT = regex.compile(r"(?<=[،؛,;:])\s+")


def detect_language(text: str) -> Language:
    """``ar`` when Arabic letters make up at least 30% of the letters, else ``en``."""
    text = text[:3000]  # a long text's opening is a fair sample
    arabic = len(_ARABIC_LETTER.findall(text))
    latin = len(_LATIN_LETTER.findall(text))
    if arabic + latin == 0:
        return "en"
    return "ar" if arabic / (arabic + latin) >= 0.3 else "en"


def clean_text(text: str) -> str:
    """NFC, tidy spaces around punctuation, and restore missing spaces after Arabic full stops."""
    text = unicodedata.normalize("NFC", text)
    text = _NO_SPACE_AFTER_STOP.sub(r"\1 ", text)
    text = _SPACE_BEFORE_PUNCT.sub(r"\1", text)
    text = _MULTI_SPACE.sub(" ", text)
    return text.strip()


def split_sentences(text: str) -> list[str]:
    """Sentences of one paragraph (call per paragraph: line breaks are boundaries already)."""
    text = clean_text(text)
    if not text:
        return []
    pieces = _SENTENCE_SPLIT.split(text)
    sentences: list[str] = []
    for piece in pieces:
        piece = piece.strip()
        if not piece:
            continue
        if sentences and _ends_with_abbreviation(sentences[-1]):
            sentences[-1] = f"{sentences[-1]} {piece}"
        else:
            sentences.append(piece)
    return sentences


def _ends_with_abbreviation(sentence: str) -> bool:
    if not sentence.endswith("."):
        return False
    last = sentence[:-1].rsplit(None, 1)[-1].lower().lstrip("(")
    return last in _ABBREVIATIONS or (len(last) == 1 and last.isalpha() and last.isascii())


def split_clauses(sentence: str) -> list[str]:
    """Clauses of a sentence, split after ``،`` ``؛`` ``,`` ``;`` ``:`` (punctuation kept)."""
    return [c for c in _CLAUSE_SPLIT.split(sentence) if c.strip()]


def words(text: str) -> list[str]:
    return WORD.findall(text)


_AR_PREFIXES = ("وبال", "وال", "فال", "بال", "كال", "لل", "ال")


_ARABIC_FOLD = str.maketrans("أإآٱىةؤئ", "اااايهوي")


def normalize_arabic(word: str) -> str:
    """Strip harakat and tatweel, unify alef/yaa/taa marbuta forms: for matching, never for output."""
    w = _HARAKAT.sub("", word)
    return w.translate(_ARABIC_FOLD)


@lru_cache(maxsize=65536)
def word_key(word: str, language: Language) -> str:
    """A matching key: case-folded English, or light-stemmed normalised Arabic (prefixes off)."""
    if language == "en" or not _ARABIC_LETTER.search(word):
        w = word.casefold().replace("’", "'")
        if len(w) > 4 and w.endswith("ies"):
            return w[:-3] + "y"
        if len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is")):
            return w[:-1]
        return w
    w = normalize_arabic(word)
    for prefix in _AR_PREFIXES:
        if w.startswith(prefix) and len(w) - len(prefix) >= 3:
            w = w[len(prefix):]
            break
    if len(w) >= 5 and w.endswith(("ات", "ون", "ين")):
        w = w[:-2]
    if len(w) >= 4 and w.endswith("ه"):
        w = w[:-1]
    return w


@lru_cache(maxsize=65536)
def display_form(word: str, language: Language) -> str:
    """The word as a hashtag or keyword shows it: Arabic conjunction/preposition prefixes removed."""
    if language != "ar" or not _ARABIC_LETTER.search(word):
        return word
    w = _HARAKAT.sub("", word)
    for prefix, replacement in (("وبال", "ال"), ("وال", "ال"), ("فال", "ال"), ("بال", "ال"), ("كال", "ال")):
        if w.startswith(prefix) and len(w) - len(prefix) >= 3:
            return replacement + w[len(prefix):]
    if w.startswith("لل") and len(w) >= 5:
        return "ال" + w[2:]
    return w


@lru_cache(maxsize=2)
def stopwords(language: Language) -> frozenset[str]:
    """Function words, as matching keys, from the bundled lists."""
    raw = resources.files("toolkit.data").joinpath(f"stopwords_{language}.txt").read_text("utf-8")
    if language == "ar":
        return frozenset(normalize_arabic(w) for w in raw.split())
    return frozenset(w.casefold() for w in raw.split())


@lru_cache(maxsize=65536)
def is_stopword(word: str, language: Language) -> bool:
    if _ARABIC_LETTER.search(word):
        return normalize_arabic(word) in stopwords("ar")
    w = word.casefold()
    return w in stopwords("en") or (language == "en" and len(w) <= 1) or w.isdigit()


def ends_sentence(text: str, *, or_clause: bool = False, closer_ends: bool = False) -> bool:
    """Whether ``text`` ends a sentence: a mark, maybe followed by closing quotes or brackets ("… «هكذا».").
    ``or_clause`` also accepts a clause end (``:`` ``؛`` ``;``); ``closer_ends`` a bare closing quote or
    bracket (a quoted line pasted without its full stop)."""
    text = text.rstrip()
    if closer_ends and text.endswith(CLOSERS):
        return True
    marks = SENTENCE_END + CLAUSE_END if or_clause else SENTENCE_END
    return text.rstrip("".join(CLOSERS)).endswith(marks)


def is_question(text: str) -> bool:
    return text.rstrip().rstrip("".join(CLOSERS)).endswith(QUESTION_END)

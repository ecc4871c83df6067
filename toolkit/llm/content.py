"""What a model may not put in an output, whatever its shape: the content checks.

Model text is untrusted: a post can carry an injected instruction, and a model can echo it, add a
link, leave markup or template debris, drift into another script, or repeat a credential a
server put in its context. Every text field of an answer is checked here before anything is
composed; each problem is a ``Violation`` the model is told about once (exactly what and where),
and that replaces the output with the offline draft when the second answer has it too.
Details never quote the offending text, so warnings and logs cannot carry it further.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

import regex

from ..repurpose.models import Language
from ..repurpose.validate import Violation
from .schemas import (
    Answer,
    CaptionsAnswer,
    CarouselAnswer,
    HashtagsAnswer,
    ThreadAnswer,
)

RULES = frozenset({"link", "markup", "template_syntax", "wrong_script", "instruction", "secret"})

_URL = regex.compile(
    r"(?i)\b(?:https?://|ftp://|www\.)[^\s<>\"')\]]+"
    r"|\b(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?:com|net|org|io|ly|co|me|app|dev|ai|info|biz|xyz|example|link|"
    r"site|online|top|click|ru|cn|tk|gl|gd|to)\b(?:/[^\s<>\"')\]]*)?")
_MARKUP = regex.compile(
    r"<\s*/?\s*[a-zA-Z][a-zA-Z0-9-]*(?:\s[^<>]*)?/?\s*>"  # HTML tags
    r"|&(?:[a-zA-Z]{2,8}|#\d{2,6});"  # HTML entities
    r"|!?\[[^\]\n]{1,200}\]\([^)\s]{1,500}\)"  # markdown links and images
    r"|\*\*|__|```|^\s{0,3}#{1,6}\s",  # bold, code fences, headings
    regex.MULTILINE)
_MARKUP_CHARS = "<&[*_`#"  # one of these is in every match of _MARKUP
_TEMPLATE = regex.compile(r"\{%|%\}|\{\{|\}\}|\{#|#\}|\$\{")
# Instruction-like echoes, in two halves: the English one needs a Latin letter (or one that folds to it), the
# Arabic one an Arabic letter, so a text in one script skips the other half (the slowest pattern here).
_INSTRUCTION_LATIN = regex.compile(
    r"(?i)\b(?:ignore|disregard|forget|override)\b.{0,40}\b(?:instructions?|prompts?|rules|directions)\b"
    r"|\bsystem\s+(?:prompt|message|instructions?)\b|\bnew\s+instructions?\b|\bjailbreak\b"
    r"|\bas\s+an?\s+(?:ai|language\s+model|assistant)\b|\b(?:i\s+am|i'm)\s+an?\s+(?:ai|language\s+model)\b"
    r"|\byou\s+are\s+(?:now\s+)?(?:an?\s+)?(?:ai|assistant|chatgpt|dan)\b|^\s*(?:system|assistant|user)\s*:"
    r"|</?\s*post\s*>|\[/?post\]",
    regex.MULTILINE)
_INSTRUCTION_ARABIC = regex.compile(
    r"(?:تجاهل|انس|تجاوز)\S*\s+(?:\S+\s+){0,3}(?:التعليمات|الأوامر|التوجيهات)|كنموذج\s+لغوي|بصفتي\s+(?:نموذج|مساعد)")
_LATINISH = regex.compile(r"(?i)[a-z]")  # with the same case folding as the English half
_CREDENTIAL = regex.compile(r"\b(?:sk|rk|pk)-[A-Za-z0-9_-]{16,}|\bBearer\s+[A-Za-z0-9._~+/=-]{16,}|\bAKIA[0-9A-Z]{16}\b")
# Runs, not single characters: the counts are the same, with a match per word instead of one per letter.
_LETTER = regex.compile(r"\p{L}+")
_SCRIPT_OF = {"ar": regex.compile(r"\p{Script=Arabic}+"), "en": regex.compile(r"\p{Script=Latin}+")}
_THIRD = regex.compile(r"(?:(?=\p{L})[^\p{Script=Arabic}\p{Script=Latin}])+")
_TAG_WHERE = regex.compile(r"hashtags\[\d+\]$")
NAMES = {"ar": "Arabic", "en": "English"}
MIN_SHARE = 0.6  # of a text's letters in the output language's script (brand names in the other one are fine)
MAX_THIRD = 0.05  # of its letters in neither Arabic nor Latin script (a Chinese sentence in an English caption)


Field = Literal["text", "tag", "label"]  # a label (a caption's angle) is an English keyword, never shown as copy


def texts(answer: Answer, prefix: str) -> Iterator[tuple[str, str, Field]]:
    """(where, text, field) for every text field a model wrote; ``prefix`` is ``captions[x`` and the like."""
    if isinstance(answer, CaptionsAnswer):
        for i, c in enumerate(answer.captions):
            where = f"{prefix}#{i}]"
            yield from ((f"{where}.{name}", value, "text") for name, value in
                        (("hook", c.hook), ("cta", c.cta), ("title", c.title)))
            yield f"{where}.angle", c.angle, "label"
            yield from ((f"{where}.body[{j}]", b, "text") for j, b in enumerate(c.body))
            yield from ((f"{where}.hashtags[{j}]", t, "tag") for j, t in enumerate(c.hashtags))
    elif isinstance(answer, ThreadAnswer):
        yield f"{prefix}].hook", answer.hook, "text"
        yield f"{prefix}].cta", answer.cta, "text"
        yield from ((f"{prefix}].posts[{j}]", p, "text") for j, p in enumerate(answer.posts))
        yield from ((f"{prefix}].hashtags[{j}]", t, "tag") for j, t in enumerate(answer.hashtags))
    elif isinstance(answer, CarouselAnswer):
        for i, s in enumerate(answer.slides, start=1):
            yield f"{prefix}].slides[{i}].title", s.title, "text"
            yield f"{prefix}].slides[{i}].body", s.body, "text"
            yield from ((f"{prefix}].slides[{i}].bullets[{j}]", b, "text") for j, b in enumerate(s.bullets))
    else:
        assert isinstance(answer, HashtagsAnswer)
        yield from ((f"hashtags[{j}]", t.tag, "tag") for j, t in enumerate(answer.hashtags))


def is_tag(where: str) -> bool:
    """True for a violation located at one hashtag (``...hashtags[3]``): dropping the tag repairs it."""
    return bool(_TAG_WHERE.search(where))


def script_share(text: str, language: Language) -> tuple[float, float, int]:
    """(share of letters in the language's script, share in a third script, letters) of ``text``."""
    if text.isascii():  # the common English case, without three regex passes
        letters = sum(map(str.isalpha, text))
        return (1.0 if language == "en" or not letters else 0.0), 0.0, letters
    letters = _length(_LETTER, text)
    if not letters:
        return 1.0, 0.0, 0
    return _length(_SCRIPT_OF[language], text) / letters, _length(_THIRD, text) / letters, letters


def _length(pattern: regex.Pattern[str], text: str) -> int:
    """Characters ``pattern`` matches in ``text``."""
    return sum(map(len, pattern.findall(text)))


def _instruction(text: str) -> bool:
    if not text.isascii() and _INSTRUCTION_ARABIC.search(text):
        return True
    return bool(_LATINISH.search(text) and _INSTRUCTION_LATIN.search(text))


def _links(text: str, allowed: str | None) -> list[str]:
    keep = allowed.rstrip("/").casefold() if allowed else None
    found = []
    for m in _URL.finditer(text):
        url = m.group(0).rstrip(".,;:!?؟،").rstrip("/")
        if keep is not None and url.casefold() in (keep, keep.split("://", 1)[-1]):
            continue
        found.append(url)
    return found


def text_problems(where: str, text: str, *, language: Language, link: str | None, secret: str | None,
                  field: Field = "text") -> list[Violation]:
    """Every content rule one piece of model text breaks."""
    out = _pattern_problems(where, text, link=link, secret=secret)
    if field == "label":
        return out
    hashtag = field == "tag"
    share, third, letters = script_share(text, language)
    if letters >= (2 if hashtag else 4) and (share < MIN_SHARE or third > MAX_THIRD):
        what = "hashtag" if hashtag else "text"
        why = "uses another script" if third > MAX_THIRD else f"is not in {NAMES[language]}"
        out.append(Violation(where=where, rule="wrong_script",
                             detail=f"this {what} {why}: write it in {NAMES[language]} ({share:.0%} of its letters are)"))
    return out


def _pattern_problems(where: str, text: str, *, link: str | None, secret: str | None) -> list[Violation]:
    """The rules found by pattern: secrets, links, template syntax, markup, instructions."""
    out: list[Violation] = []
    if secret and secret in text or _CREDENTIAL.search(text):
        out.append(Violation(where=where, rule="secret", detail="contains an API key or token: never repeat credentials"))
    if links := _links(text, link):
        allowed = f"the only link allowed is {link}" if link else "write no links at all"
        out.append(Violation(where=where, rule="link", detail=f"contains {len(links)} link(s) the brief did not give: "
                                                               f"remove them ({allowed})"))
    if _TEMPLATE.search(text):
        out.append(Violation(where=where, rule="template_syntax",
                             detail="contains template tags or placeholders (curly braces with % or #, double braces): write plain text"))
    if any(c in text for c in _MARKUP_CHARS) and _MARKUP.search(text):
        out.append(Violation(where=where, rule="markup",
                             detail="contains markup (HTML tags or entities, markdown links, bold or headings): write plain text"))
    if _instruction(text):
        out.append(Violation(where=where, rule="instruction",
                             detail="repeats an instruction or talks about prompts or being an AI: write only copy about the post"))
    return out


def answer_problems(answer: Answer, prefix: str, *, language: Language, link: str | None,
                    secret: str | None) -> list[Violation]:
    """Every content rule the answer breaks, field by field."""
    out: list[Violation] = []
    for where, text, field in texts(answer, prefix):
        out.extend(text_problems(where, text, language=language, link=link, secret=secret, field=field))
    return out

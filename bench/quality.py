"""Editorial quality of the offline engine on an annotated corpus of real, messy posts.

    python bench/quality.py                       # the corpus in tests/data/quality
    python bench/quality.py --corpus DIR          # any folder with posts/ and annotations.json
    python bench/quality.py --show 3              # also print the first captions of each post

Each post is repurposed to every platform with a brief that has a brand hashtag and a link, then
measured against what a person annotated (format: tests/data/quality/SOURCE.md):

- title       the result's title is the article's real title
- chrome      outputs (captions, thread posts, slides, hashtag sets) carrying any page-chrome string
- kp X/IG/LI  share of key points present in the X thread, the Instagram carousel and the LinkedIn
              captions (a point is present when all of its keywords are, after light normalisation;
              a last line gives the same shares counting points with at least half their keywords)
- midthought  share of lines ending mid-thought: ',' '،' ';' a dangling connector, cut with '…', or ':'
              not followed by the list it introduces
- similar     mean pairwise similarity of caption variants on LinkedIn, Instagram, Facebook, YouTube
              (word-sequence ratio, 1 = identical)
- tags bad    hashtags that are malformed (glued Arabic preposition or conjunction, mixed script),
              name the source's own brand, or captions/sets missing the brief's brand tag
- list/stat   list hooks whose number is not the post's list count; statistic hooks with no number
- ms          wall time to repurpose the post to every platform (parse included)
"""

from __future__ import annotations

import argparse
import difflib
import json
import statistics
import sys
import time
import unicodedata
from pathlib import Path

import regex

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from toolkit.repurpose.engine import repurpose  # noqa: E402
from toolkit.repurpose.load import load_source  # noqa: E402
from toolkit.repurpose.models import Brief, RepurposeResult  # noqa: E402

BRIEF = {
    "en": Brief(brand_hashtags=["AcmeStudio"], link="https://acme.example/blog/post", handle="@acme"),
    "ar": Brief(brand_hashtags=["استوديو_أكمي"], link="https://acme.example/blog/post", handle="@acme"),
}
SIMILARITY_PLATFORMS = ("linkedin", "instagram", "facebook", "youtube")
_DIACRITICS = regex.compile(r"[\u064B-\u065F\u0670\u0640]")
_ARABIC_INDIC = str.maketrans("٠١٢٣٤٥٦٧٨٩٪٫٬", "0123456789%.,")
_DANGLING = regex.compile(
    r"(?i)(?:[,،;:]|…|\.\.\.|\b(?:and|or|but|with|of|the|a|an|to|for|in|on|at|by|from|that|which|who|"
    r"because|so|than|as|into|about|your|our|their|its|is|are|will|can)"
    r"|(?<!\p{L})(?:و|أو|في|من|على|إلى|الى|عن|مع|التي|الذي|الذين|اللذين|أن|إن|لأن|حتى|ثم|لكن|بل|كما|عند|بين|هذا|هذه|ذلك|تلك|كل|بعد|قبل))$"
)
_BULLET_START = regex.compile(r"^\s*(?:[-•▪◦*✅✔👉➡️🔹🔸]|\p{Emoji_Presentation}|[0-9٠-٩]{1,2}[.)/]|\d+️⃣)")
_GLUED = regex.compile(r"^#(?:[وفبلك](?:ال|ل)|ل|و[A-Za-z]|ب[A-Za-z]|ل[A-Za-z])")
_ARABIC = regex.compile(r"\p{Script=Arabic}")
_LATIN = regex.compile(r"\p{Script=Latin}")
_NUMBER_WORD = regex.compile(r"[0-9]+")


def norm(text: str) -> str:
    """Casefold, NFC, no Arabic diacritics or tatweel, unified alef/ya/ta marbuta, Western digits."""
    text = unicodedata.normalize("NFKC", text).translate(_ARABIC_INDIC).casefold()
    text = _DIACRITICS.sub("", text)
    text = regex.sub("[إأآا]", "ا", text)
    text = text.replace("ى", "ي").replace("ة", "ه").replace("\u00a0", " ").replace("’", "'")
    return regex.sub(r"\s+", " ", text).strip()


def outputs(result: RepurposeResult) -> list[tuple[str, str]]:
    """(where, text) for every piece of output a reader sees."""
    out = [(f"{c.platform}#{c.variant}", "\n".join(x for x in (c.title or "", c.text) if x)) for c in result.captions]
    out += [(f"{t.platform} thread {p.index}", p.text) for t in result.threads for p in t.posts]
    out += [(f"{k.platform} slide {s.index}", "\n".join([s.title, *s.bullets, s.body])) for k in result.carousels
            for s in k.slides]
    out += [(f"{h.platform} tags", " ".join(t.tag for t in h.hashtags)) for h in result.hashtag_sets]
    return out


def chrome_hits(result: RepurposeResult, chrome: list[str]) -> list[tuple[str, str]]:
    keys = [norm(c) for c in chrome if norm(c)]
    return [(where, c) for where, text in outputs(result) for c in keys if c in norm(text)]


def covered(text: str, keywords: list[str], *, strict: bool = True) -> bool:
    """All keywords present (strict), or at least half of them."""
    t = norm(text)
    found = sum(norm(k) in t for k in keywords)
    return found == len(keywords) if strict else 2 * found >= len(keywords)


def key_point_shares(result: RepurposeResult, points: list[dict], *, strict: bool = True) -> dict[str, float]:
    x_thread = "\n".join(p.text for t in result.threads if t.platform == "x" for p in t.posts)
    ig = "\n".join("\n".join([s.title, *s.bullets, s.body]) for k in result.carousels if k.platform == "instagram"
                   for s in k.slides)
    li = "\n".join(c.text for c in result.captions if c.platform == "linkedin")
    shares = {}
    for name, text in (("x", x_thread), ("ig", ig), ("li", li)):
        shares[name] = sum(covered(text, p["keywords"], strict=strict) for p in points) / max(len(points), 1) if text else 0.0
    return shares


def lines_of(result: RepurposeResult) -> list[list[str]]:
    """Each output as its list of non-empty lines (slides: title then bullets)."""
    groups = [[ln.strip() for ln in c.text.splitlines() if ln.strip()] for c in result.captions]
    groups += [[ln.strip() for ln in p.text.splitlines() if ln.strip()] for t in result.threads for p in t.posts]
    groups += [[s.title, *s.bullets] for k in result.carousels for s in k.slides]
    return groups


def mid_thought(group: list[str]) -> list[str]:
    bad = []
    for i, line in enumerate(group):
        if regex.search(r"https?://\S+\s*$", line):
            continue  # "Read the full guide: https://…" is a call to action with its link
        body = regex.sub(r"(?:\s*(?:#\S+|[0-9]+/[0-9]+))+\s*$", "", line).strip()
        body = regex.sub(r"[\s\p{Emoji_Presentation}\u200d\ufe0f🧵👇]+$", "", body)
        if not body or body.startswith("#"):
            continue
        if body.endswith(":") and i + 1 < len(group) and _BULLET_START.match(group[i + 1]):
            continue  # an intro followed by its list
        if _DANGLING.search(body):
            bad.append(line)
    return bad


def similarity(result: RepurposeResult) -> float | None:
    ratios = []
    for platform in SIMILARITY_PLATFORMS:
        texts = [c.text.split() for c in result.captions if c.platform == platform]
        for i in range(len(texts)):
            for j in range(i + 1, len(texts)):
                ratios.append(difflib.SequenceMatcher(None, texts[i], texts[j], autojunk=False).ratio())
    return statistics.fmean(ratios) if ratios else None


def tag_key(tag: str) -> str:
    return norm(tag.lstrip("#")).replace("_", "").replace(" ", "").replace("-", "")


def bad_tags(result: RepurposeResult, brands: list[str], brief: Brief) -> list[str]:
    brand_keys = [tag_key(b) for b in brands if len(tag_key(b)) >= 3]
    own = {tag_key(b) for b in brief.brand_hashtags}
    bad = []
    seen: set[str] = set()
    tag_lists = [(f"{c.platform}#{c.variant}", c.hashtags) for c in result.captions if c.hashtags]
    tag_lists += [(f"{h.platform} set", [t.tag for t in h.hashtags]) for h in result.hashtag_sets]
    for where, tags in tag_lists:
        for tag in tags:
            key = tag_key(tag)
            if tag in seen:
                continue
            if _GLUED.match(tag) or (_ARABIC.search(tag) and _LATIN.search(tag)):
                bad.append(f"malformed {tag}")
            elif any(b in key or (len(key) >= 4 and key in b) for b in brand_keys):
                bad.append(f"source brand {tag}")
            else:
                continue
            seen.add(tag)
        if tags and not own & {tag_key(t) for t in tags}:
            bad.append(f"missing brand tag in {where}")
    return bad


def hook_of(text: str) -> str:
    return text.strip().splitlines()[0] if text.strip() else ""


def list_and_stat_faults(result: RepurposeResult, list_count: int | None, numbers: list[str]) -> list[str]:
    faults = []
    for c in result.captions:
        hook = norm(hook_of(c.text))
        if c.angle == "list":
            found = [int(n) for n in _NUMBER_WORD.findall(hook)]
            if list_count is not None and found and found[0] != list_count:
                faults.append(f"{c.platform}#{c.variant} list hook says {found[0]}, the post has {list_count}")
        if c.angle == "statistic" and not _NUMBER_WORD.search(hook) and not any(norm(n) in hook for n in numbers):
            faults.append(f"{c.platform}#{c.variant} statistic hook has no number")
    return faults


def evaluate(corpus: Path, show: int) -> int:
    annotations = json.loads((corpus / "annotations.json").read_text("utf-8"))
    rows = []
    for a in annotations:
        path = corpus / "posts" / a["file"]
        brief = BRIEF.get(a["lang"], BRIEF["en"])
        source = load_source(path)
        started = time.perf_counter()
        result = repurpose(source, brief)
        ms = (time.perf_counter() - started) * 1000
        chrome = chrome_hits(result, a["chrome"])
        kp = key_point_shares(result, a["key_points"])
        half = key_point_shares(result, a["key_points"], strict=False)
        groups = lines_of(result)
        n_lines = sum(len(g) for g in groups)
        broken = [ln for g in groups for ln in mid_thought(g)]
        sim = similarity(result)
        tags = bad_tags(result, a["source_brand"], brief)
        faults = list_and_stat_faults(result, a.get("list_count"), a.get("numbers", []))
        rows.append({
            "file": a["file"], "title_ok": norm(result.title) == norm(a["title"]),
            "chrome_outputs": len({w for w, _ in chrome}), "n_outputs": len(outputs(result)),
            **{f"kp_{k}": v for k, v in kp.items()}, **{f"half_{k}": v for k, v in half.items()},
            "midthought": len(broken) / max(n_lines, 1), "similarity": sim, "bad_tags": len(tags),
            "list_stat": len(faults), "ms": ms,
        })
        if show:
            print(f"\n=== {a['file']}: title {result.title!r}")
            for where, c in chrome[:show]:
                print(f"  chrome in {where}: {c}")
            for ln in broken[:show]:
                print(f"  mid-thought: {ln}")
            for t in tags[:show]:
                print(f"  tag: {t}")
            for f in faults[:show]:
                print(f"  {f}")
            for c in result.captions:
                if c.platform in ("linkedin", "x") and c.variant < 2:
                    print(f"--- {c.platform}#{c.variant} ({c.angle})\n{c.text}")
    header = f"{'post':28} {'title':>5} {'chrome':>7} {'kp X':>5} {'kp IG':>5} {'kp LI':>5} {'midth':>6} {'simil':>6} {'tags':>5} {'l/s':>4} {'ms':>6}"
    print(header)
    print("-" * len(header))
    for r in rows:
        sim = "-" if r["similarity"] is None else f"{r['similarity']:.2f}"
        print(f"{r['file'][:28]:28} {'ok' if r['title_ok'] else 'WRONG':>5} {r['chrome_outputs']:>3}/{r['n_outputs']:<3} "
              f"{r['kp_x']:>5.0%} {r['kp_ig']:>5.0%} {r['kp_li']:>5.0%} {r['midthought']:>6.1%} {sim:>6} "
              f"{r['bad_tags']:>5} {r['list_stat']:>4} {r['ms']:>6.0f}")
    sims = [r["similarity"] for r in rows if r["similarity"] is not None]
    print("-" * len(header))
    print(f"{'total':28} {sum(r['title_ok'] for r in rows):>2}/{len(rows):<2} "
          f"{sum(r['chrome_outputs'] for r in rows):>3}/{sum(r['n_outputs'] for r in rows):<3} "
          f"{statistics.fmean(r['kp_x'] for r in rows):>5.0%} {statistics.fmean(r['kp_ig'] for r in rows):>5.0%} "
          f"{statistics.fmean(r['kp_li'] for r in rows):>5.0%} {statistics.fmean(r['midthought'] for r in rows):>6.1%} "
          f"{statistics.fmean(sims) if sims else 0:>6.2f} {sum(r['bad_tags'] for r in rows):>5} "
          f"{sum(r['list_stat'] for r in rows):>4} {statistics.median(r['ms'] for r in rows):>6.0f}")
    print(f"key points with at least half their keywords: X {statistics.fmean(r['half_x'] for r in rows):.0%}, "
          f"IG {statistics.fmean(r['half_ig'] for r in rows):.0%}, LI {statistics.fmean(r['half_li'] for r in rows):.0%}")
    print("bar: titles 100%, chrome 0, key points >= 60% (X, IG, LI), mid-thought <= 2%, similarity <= 0.6, bad tags 0")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=REPO / "tests" / "data" / "quality")
    parser.add_argument("--show", type=int, default=0, help="print up to N problems and the first captions per post")
    args = parser.parse_args()
    return evaluate(args.corpus, args.show)


if __name__ == "__main__":
    sys.exit(main())

"""Effects in plain words, English and Arabic: the claim, its size, its interval, its evidence."""

from __future__ import annotations

from ..platforms import PLATFORMS

CLAIM = 0.9  # probability at which a sentence says "beat" / "trail" instead of "not enough evidence yet"
MIN_EXPERIMENTS = 3  # and at least this many experiments behind the level

_METRIC_SHORT = {"ctr": "CTR", "cvr": "CVR", "conversions_per_impression": "conversions per impression",
                 "cost_per_click": "clicks per unit of spend", "cost_per_result": "results per unit of spend",
                 "engagement_rate": "engagement rate"}
_METRIC_SHORT_AR = {"ctr": "نسبة النقر", "cvr": "نسبة التحويل", "conversions_per_impression": "التحويلات لكل ظهور",
                    "cost_per_click": "النقرات لكل وحدة إنفاق", "cost_per_result": "النتائج لكل وحدة إنفاق",
                    "engagement_rate": "نسبة التفاعل"}

_EN = {
    ("angle", "summary"): "summaries", ("angle", "question"): "question hooks",
    ("angle", "statistic"): "statistic hooks", ("angle", "list"): "list hooks",
    ("angle", "insight"): "insight hooks", ("angle", "audience"): "audience hooks",
    ("hook", "question"): "question openings", ("hook", "number"): "openings with a number",
    ("hook", "list"): "list openings", ("hook", "statement"): "statement openings",
    ("emoji", "on"): "captions with emoji", ("emoji", "off"): "captions without emoji",
}
_AR = {
    ("angle", "summary"): "الملخّصات", ("angle", "question"): "افتتاحيات السؤال",
    ("angle", "statistic"): "افتتاحيات الإحصاء", ("angle", "list"): "افتتاحيات القائمة",
    ("angle", "insight"): "افتتاحيات الفكرة", ("angle", "audience"): "افتتاحيات الجمهور",
    ("hook", "question"): "البدايات بسؤال", ("hook", "number"): "البدايات برقم",
    ("hook", "list"): "البدايات بقائمة", ("hook", "statement"): "البدايات بعبارة",
    ("emoji", "on"): "النصوص ذات الرموز التعبيرية", ("emoji", "off"): "النصوص بلا رموز تعبيرية",
    ("length_band", "short"): "النصوص القصيرة", ("length_band", "medium"): "النصوص المتوسطة",
    ("length_band", "long"): "النصوص الطويلة",
}
_LANG = {"en": ("English", "الإنجليزية"), "ar": ("Arabic", "العربية")}


def level_name(attribute: str, level: str, lang: str = "en") -> str:
    if lang == "ar":
        if (attribute, level) in _AR:
            return _AR[(attribute, level)]
        if attribute == "hashtags":
            return f"النصوص بعدد وسوم {level}"
        return f"النبرة «{level}»" if attribute == "tone" else level
    if (attribute, level) in _EN:
        return _EN[(attribute, level)]
    return {"length_band": f"{level} captions", "hashtags": f"{level} hashtags", "tone": f"a {level} tone"}.get(attribute, level)


def cell_name(platform: str, language: str | None, lang: str = "en") -> str:
    name = PLATFORMS[platform].name if platform in PLATFORMS else platform
    if not language or language not in _LANG:
        return name
    return f"{name} ({_LANG[language][1 if lang == 'ar' else 0]})"


def _n(experiments: int) -> str:
    return f"{experiments} experiment" + ("" if experiments == 1 else "s")


def _pct(x: float, ar: bool = False) -> str:
    """``+9%``; in Arabic isolated left to right (U+2066..U+2069), or the sign lands on the wrong side."""
    text = f"{x * 100:+.0f}%"
    return f"\u2066{text}\u2069" if ar else text


def sentence(attribute: str, level: str, reference: str, platform: str, language: str | None, metric: str,
             lift: float, low: float, high: float, prob: float, experiments: int, ci_level: float,
             lang: str = "en") -> str:
    """``Question hooks beat summaries on X: +9% CTR (80%: +3% to +15%), 94% probability, 12 experiments``."""
    ar = lang == "ar"
    a, b = level_name(attribute, level, lang), level_name(attribute, reference, lang)
    where = cell_name(platform, language, lang)
    m = (_METRIC_SHORT_AR if ar else _METRIC_SHORT).get(metric, metric)
    ci = f"\u2066{ci_level:.0%}\u2069" if ar else f"{ci_level:.0%}"
    if experiments < MIN_EXPERIMENTS or CLAIM > prob > 1 - CLAIM:
        if ar:
            return (f"{a} مقابل {b} على {where}: لا أدلة كافية بعد ({_pct(lift, ar)} في {m}، {ci}: {_pct(low, ar)} إلى "
                    f"{_pct(high, ar)}، عدد التجارب: {experiments}).")
        return (f"{a[0].upper() + a[1:]} vs {b} on {where}: not enough evidence yet ({_pct(lift)} {m}, {ci}: "
                f"{_pct(low)} to {_pct(high)}, {_n(experiments)}).")
    p = prob if prob >= CLAIM else 1 - prob
    if ar:
        verb = "تتفوّق على" if prob >= CLAIM else "تتأخر عن"
        return (f"{a} {verb} {b} على {where}: {_pct(lift, ar)} في {m} ({ci}: {_pct(low, ar)} إلى {_pct(high, ar)})، "
                f"باحتمال \u2066{p:.0%}\u2069، عدد التجارب: {experiments}.")
    verb = "beat" if prob >= CLAIM else "trail"
    return (f"{a[0].upper() + a[1:]} {verb} {b} on {where}: {_pct(lift)} {m} ({ci}: {_pct(low)} to {_pct(high)}), "
            f"{p:.0%} probability, {_n(experiments)}.")


def short_note(attribute: str, level: str, reference: str, metric: str, lift: float, prob: float,
               lang: str = "en") -> str:
    """``+18% CTR vs summaries (97% probability)``: the estimate shown next to a caption."""
    ar = lang == "ar"
    b = level_name(attribute, reference, lang)
    m = (_METRIC_SHORT_AR if ar else _METRIC_SHORT).get(metric, metric)
    if ar:
        return f"{_pct(lift, ar)} في {m} مقابل {b} (باحتمال \u2066{prob:.0%}\u2069)"
    return f"{_pct(lift)} {m} vs {b} ({prob:.0%} probability)"

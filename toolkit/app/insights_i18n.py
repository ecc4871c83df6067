"""The Insights page's own words in Arabic, kept apart from ``i18n.AR`` so the two tables merge cleanly.

``ti`` works like ``session.t``; ``tests/app/test_app_insights.py`` checks every ``ti("...")`` has
an entry here and that nothing here is unused.
"""

from __future__ import annotations

from .i18n import UiLanguage

AR_INSIGHTS: dict[str, str] = {
    "Insights": "الرؤى",
    "What wins across experiments": "ما الذي يفوز عبر التجارب",
    "Each row compares one kind of caption with the usual one, on the same platform and language, pooled over every "
    "experiment that tested both. Few experiments give wide intervals, and then no claim.":
        "كل صف يقارن نوعًا من النصوص بالنوع المعتاد على المنصة واللغة نفسيهما، مجمّعًا من كل تجربة اختبرتهما. "
        "التجارب القليلة تعطي فترات واسعة، وعندها لا حكم.",
    "{n} experiments with results so far: insights need at least {m} experiments with recorded numbers whose variants "
    "differ in angle, hook, length, emoji, hashtags or tone (create them from captions on the Repurpose page).":
        "عدد التجارب ذات النتائج حتى الآن: {n}؛ تحتاج الرؤى إلى {m} تجارب على الأقل بأرقام مسجّلة وصيغ تختلف في الزاوية "
        "أو الافتتاحية أو الطول أو الرموز التعبيرية أو الوسوم أو النبرة (أنشئها من النصوص في صفحة إعادة التوظيف).",
    "Not enough evidence yet for any clear winner across {n} experiments.":
        "لا أدلة كافية بعد على فائز واضح عبر {n} تجربة.",
    "angle": "الزاوية",
    "hook kind": "نوع الافتتاحية",
    "length": "الطول",
    "emoji": "الرموز التعبيرية",
    "hashtag count": "عدد الوسوم",
    "tone": "النبرة",
    "Metric": "المقياس",
    "Platform": "المنصة",
    "Value": "القيمة",
    "Compared with": "مقارنةً بـ",
    "Lift": "التحسّن",
    "80% interval": "فترة 80٪",
    "Probability it helps": "احتمال أن يفيد",
    "Experiments": "التجارب",
    "Exposure": "التعرّض",
    "In words": "بالكلمات",
    "Informed prior for a new experiment": "الاحتمال المسبق المستنير لتجربة جديدة",
    "The team's usual rate on this platform, worth at most {w:.0f} observations; it applies to every variant alike.":
        "المعدل المعتاد للفريق على هذه المنصة، بوزن {w:.0f} مشاهدة على الأكثر؛ ويُطبَّق على كل الصيغ بالتساوي.",
    "Start a new {metric} experiment on {platform} from Beta({a:.3g}, {b:.3g}) (mean {mean:.3g}).":
        "ابدأ تجربة {metric} جديدة على {platform} من Beta({a:.3g}, {b:.3g}) (المتوسط {mean:.3g}).",
    "Start a new {metric} experiment on {platform} from Gamma({a:.3g}, {b:.3g}) (mean {mean:.3g}).":
        "ابدأ تجربة {metric} جديدة على {platform} من Gamma({a:.3g}, {b:.3g}) (المتوسط {mean:.3g}).",
    "Not enough history on {platform} yet: it needs {m} experiments with results there.":
        "لا يوجد سجل كافٍ على {platform} بعد: يلزم {m} تجارب ذات نتائج هناك.",
}


def ti(text: str, lang: UiLanguage, /, **values: object) -> str:
    """``text`` in the UI language, with ``values`` formatted in; English is the fallback."""
    template = AR_INSIGHTS.get(text, text) if lang == "ar" else text
    return template.format(**values) if values else template

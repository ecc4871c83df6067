"""The header table: which export column feeds which field, per ad platform, in English and Arabic.

Ads Manager translates its column headers into the UI language, and each platform names the same
number differently. Within a field, aliases are in priority order: the first one present wins
(Meta's "Link clicks" before "Clicks (all)"; "Ad name" before "Campaign name"). Headers are
compared after ``normalise_header``: NFC, case-folded, bidi marks and a trailing currency code
such as "(USD)" removed. Sources: docs/REFERENCE.md section 2; Arabic strings as shown by the
Arabic Ads Manager UI. Adding an alias or a platform is adding a row.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

FIELD_ALIASES: dict[str, tuple[str, ...]] = {
    "name": (
        "ad name", "اسم الإعلان", "ad", "creative name", "اسم التصميم الإعلاني",
        "ad group", "ad group name", "ad set name", "اسم مجموعة الإعلانات",
        "campaign name", "campaign", "اسم الحملة",
    ),
    "day": (
        "day", "اليوم", "date", "التاريخ", "by day", "start date (in utc)", "start date",
        "reporting starts", "بدء إعداد التقارير", "بداية التقارير",
    ),
    "day_end": ("reporting ends", "انتهاء إعداد التقارير", "نهاية التقارير"),
    "impressions": ("impressions", "impr.", "مرات الظهور"),
    "reach": ("reach", "مدى الوصول", "الوصول"),
    "clicks": (
        "link clicks", "النقرات على الرابط", "clicks (destination)", "clicks",
        "clicks (all)", "النقرات (الكل)", "النقرات",
    ),
    "conversions": (
        "results", "النتائج", "conversions", "التحويلات", "purchases", "website purchases", "عمليات الشراء",
    ),
    "result_indicator": ("result indicator", "مؤشر النتائج", "result type", "نوع النتيجة"),
    "spend": ("amount spent", "المبلغ الذي تم إنفاقه", "cost", "total spent", "spend", "التكلفة"),
    "revenue": (
        "purchases conversion value", "website purchases conversion value", "قيمة تحويل عمليات الشراء",
        "conv. value", "conversion value", "total purchase value", "revenue", "الإيرادات",
    ),
    "engagements": ("post engagement", "post engagements", "engagements", "تفاعل المنشور", "التفاعلات"),
    "likes": ("likes", "post reactions", "reactions", "الإعجابات", "تفاعلات المنشور"),
    "comments": ("comments", "post comments", "التعليقات"),
    "shares": ("shares", "post shares", "المشاركات", "مشاركات المنشور"),
    "saves": ("saves", "post saves", "عمليات الحفظ", "حفظ المنشور"),
    "currency": ("currency code", "currency", "رمز العملة", "العملة"),
}

COUNT_FIELDS = ("impressions", "reach", "clicks", "engagements", "likes", "comments", "shares", "saves")
AMOUNT_FIELDS = ("conversions", "spend", "revenue")
ENGAGEMENT_PARTS = ("likes", "comments", "shares", "saves")
RANGE_START = {"reporting starts", "بدء إعداد التقارير", "بداية التقارير"}  # "day" that may span days
TOTAL_MARKERS = ("total", "الإجمالي", "المجموع")  # Google "Total: Account", TikTok "Total"


@dataclass(frozen=True)
class AdPlatform:
    key: str
    label: str
    date_formats: tuple[str, ...]
    signature: frozenset[str]  # normalised headers only this platform uses


AD_PLATFORMS: dict[str, AdPlatform] = {
    p.key: p
    for p in (
        AdPlatform(
            "meta", "Meta Ads Manager", ("%Y-%m-%d", "%Y/%m/%d"),
            frozenset({"amount spent", "المبلغ الذي تم إنفاقه", "link clicks", "النقرات على الرابط",
                       "result indicator", "مؤشر النتائج", "ad set name", "اسم مجموعة الإعلانات",
                       "reporting starts", "اسم الإعلان"}),
        ),
        AdPlatform(
            "google", "Google Ads", ("%Y-%m-%d", "%b %d, %Y", "%B %d, %Y", "%m/%d/%Y"),
            frozenset({"impr.", "ad group", "avg. cpc", "currency code", "conv. value"}),
        ),
        AdPlatform(
            "tiktok", "TikTok Ads Manager", ("%Y-%m-%d", "%Y/%m/%d"),
            frozenset({"clicks (destination)", "by day", "ad group name"}),
        ),
        AdPlatform(
            "linkedin", "LinkedIn Campaign Manager", ("%m/%d/%Y", "%Y-%m-%d"),
            frozenset({"start date (in utc)", "total spent"}),
        ),
        AdPlatform("generic", "generic CSV", ("%Y-%m-%d", "%Y/%m/%d", "%d.%m.%Y"), frozenset()),
    )
}

_CURRENCY_SUFFIX = re.compile(r"\s*\(([A-Za-z]{3})\)\s*$")
_INVISIBLE = dict.fromkeys(map(ord, "\ufeff\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"))


def normalise_header(text: str) -> tuple[str, str | None]:
    """The comparable form of a header, and the currency code it carried ("Amount spent (USD)")."""
    text = unicodedata.normalize("NFC", str(text)).translate(_INVISIBLE).strip()
    currency = None
    match = _CURRENCY_SUFFIX.search(text)
    if match and match.group(1).isupper():
        currency = match.group(1)
        text = text[: match.start()]
    return " ".join(text.casefold().split()), currency


_ALIAS_FIELD = {alias: field for field, aliases in FIELD_ALIASES.items() for alias in aliases}


def known_header(normalised: str) -> bool:
    return normalised in _ALIAS_FIELD


def map_columns(headers: list[str], overrides: dict[str, str] | None = None) -> tuple[dict[str, int], str | None]:
    """Column index per field, and the currency named in a header, from one header row.

    ``overrides`` maps a field to the exact header to use (the generic-CSV column mapping).
    """
    normalised = [normalise_header(h) for h in headers]
    index = {n: i for i, (n, _) in reversed(list(enumerate(normalised)))}
    columns: dict[str, int] = {}
    for field, aliases in FIELD_ALIASES.items():
        for alias in aliases:
            if alias in index:
                columns[field] = index[alias]
                break
    for field, header in (overrides or {}).items():
        key = normalise_header(header)[0]
        if key not in index:
            raise KeyError(header)
        columns[field] = index[key]
    currency = next((c for _, c in normalised if c), None)
    return columns, currency


def detect_platform(headers: list[str]) -> AdPlatform:
    """The platform whose signature headers appear most; generic when none do."""
    present = {normalise_header(h)[0] for h in headers}
    scored = [(len(p.signature & present), p) for p in AD_PLATFORMS.values() if p.signature]
    score, best = max(scored, key=lambda sp: sp[0])
    return best if score else AD_PLATFORMS["generic"]

"""Page chrome a copywriter pastes along with a post: menus, skip links, comment headers.

Lines are compared on a normalised key (Arabic letters unified, case folded, punctuation off).
"""

from __future__ import annotations

import regex

from ..lang import normalize_arabic

_CHROME_LINES = {
    # English
    "skip links", "skip to content", "skip to main content", "skip to navigation", "main menu", "menu",
    "home", "search", "share", "share this", "share this post", "share on facebook", "share on twitter",
    "comments", "leave a comment", "leave a reply", "post a comment", "related posts", "related articles",
    "read more", "read next", "subscribe", "sign up", "log in", "login", "table of contents", "contents",
    "you may also like", "advertisement", "accept cookies", "accept all cookies", "cookie settings",
    "privacy policy", "terms of service", "all rights reserved", "back to top", "next post", "previous post",
    "jump to", "quick navigation", "pages", "categories", "tags", "recent posts", "popular posts",
    # Arabic (normalised: alef forms unified, no harakat)
    "القايمه الرييسيه", "الصفحات", "الانتقال السريع", "انتقل الي المحتوي", "تخطي الي المحتوي", "تعليقات",
    "التعليقات", "اترك تعليقا", "اترك تعليق", "اضف تعليق", "ارسال تعليق", "شارك", "مشاركه", "شارك المقال",
    "المقالات ذات الصله", "مقالات ذات صله", "اقرا ايضا", "اقرا المزيد", "جدول المحتويات", "المحتويات", "بحث",
    "الرييسيه", "اشترك", "اشترك الان", "سياسه الخصوصيه", "جميع الحقوق محفوظه", "التصنيفات", "الوسوم",
    "احدث المقالات", "المشاركات الشاييعه", "محتويات المقال", "فهرس المحتويات",
}
_CHROME_PATTERNS = regex.compile(
    r"(?i)^(©|copyright\b|all rights reserved|we use cookies|this (web)?site uses cookies|"
    r"جميع الحقوق|نستخدم ملفات تعريف الارتباط|يستخدم هذا الموقع)"
)
_KEY_STRIP = regex.compile(r"[\p{P}\p{S}\s]+")


def line_key(line: str) -> str:
    return _KEY_STRIP.sub(" ", normalize_arabic(line).casefold()).strip()


def is_chrome(line: str) -> bool:
    """True for a line that is navigation or site furniture, not part of the post."""
    if len(line) > 60:  # chrome is short; only the copyright/cookie patterns can be long
        return bool(_CHROME_PATTERNS.match(line.strip()))
    key = line_key(line)
    if not key:
        return True
    if key in _CHROME_LINES:
        return True
    return bool(_CHROME_PATTERNS.match(line.strip()))

"""What page furniture looks like, in Arabic and English: every pattern the boilerplate rules use.

Data only, in one place, so a new site's chrome is a new line here, not new code. Exact lines are
compared on a normalised key (``line_key``: Arabic letter forms unified, harakat and case off,
punctuation and symbols dropped); patterns run on the stripped line.
"""

from __future__ import annotations

from functools import lru_cache

import regex

from ..lang import normalize_arabic

_KEY_STRIP = regex.compile(r"[\p{P}\p{S}\s]+")


@lru_cache(maxsize=16384)
def line_key(line: str) -> str:
    """A line reduced for comparison: unified Arabic letters, case folded, no punctuation."""
    return _KEY_STRIP.sub(" ", normalize_arabic(line).casefold()).strip()


def _keys(*lines: str) -> frozenset[str]:
    return frozenset(line_key(x) for x in lines)


# --- whole lines that are furniture wherever they stand ------------------------------------------
NAV_LINES = _keys(
    # English: menus, skip links, buttons, account, Medium-style reader furniture
    "skip links", "skip to content", "skip to main content", "skip to navigation", "main menu", "menu",
    "home", "blog", "about", "about us", "contact", "contact us", "services", "pricing", "careers", "press",
    "help", "status", "privacy", "terms", "teams", "search", "search for", "log in", "login", "sign in",
    "sign up", "register", "subscribe", "follow", "listen", "share", "share this", "share this post",
    "member only story", "text to speech", "see more recommendations", "back to top", "next post",
    "previous post", "read more", "advertisement", "sponsored", "accept cookies", "accept all cookies",
    "cookie settings", "privacy policy", "terms of service", "terms and conditions", "all rights reserved",
    "pages", "categories", "tags", "recent posts", "popular posts", "copy link", "print", "tweet",
    "leave a comment", "leave a reply", "post a comment", "add a comment", "reply", "comments",
    "published", "updated", "posted", "posted on", "published on", "last updated", "written by",
    "your email address", "enter your email", "email address", "unsubscribe anytime", "no spam",
    "like", "comment", "repost", "send", "listen to this article", "listen to this story", "see all articles", "see all posts", "view all posts", "type your email",
    "subscribe for free", "upgrade to paid", "get the app", "open in app", "report this article",
    # Arabic
    "القائمة الرئيسية", "القائمة", "الرئيسية", "الصفحة الرئيسية", "الصفحات", "من نحن", "المدونة", "الدورات",
    "خدماتنا", "أعمالنا", "اتصل بنا", "تواصل معنا", "الباقات والأسعار", "الأسعار", "بحث", "ابحث",
    "تسجيل الدخول", "دخول", "إنشاء حساب", "حسابي", "تخطي إلى المحتوى", "انتقل إلى المحتوى", "شارك", "مشاركة",
    "شارك المقال", "نسخ الرابط", "تعليقات", "التعليقات", "أضف تعليقك", "أضف تعليق", "اترك تعليقا",
    "اترك تعليق", "إرسال تعليق", "رد", "اشترك", "اشترك الآن", "تابع", "تابعنا", "بريدك الإلكتروني",
    "البريد الإلكتروني", "سياسة الخصوصية", "الشروط والأحكام", "جميع الحقوق محفوظة", "التصنيفات", "الوسوم",
    "أحدث المقالات", "المشاركات الشائعة", "اقرأ المزيد", "إعلان", "موافق", "إعدادات الكوكيز",
    "نشر في", "نُشر في", "نشرت", "نُشرت", "تاريخ النشر", "آخر تحديث", "تم التحديث",
    "أعجبني", "تعليق", "إعادة نشر", "إرسال", "عرض كل المقالات", "عرض جميع المقالات",
)

# Share targets and menu words: chrome when two or more stand in a row (a share bar or a menu).
RUN_WORDS = NAV_LINES | _keys(
    "facebook", "twitter", "x", "linkedin", "whatsapp", "telegram", "pinterest", "reddit", "email",
    "instagram", "youtube", "tiktok", "snapchat", "threads", "guides", "podcast", "newsletter", "shop",
    "فيسبوك", "فيس بوك", "تويتر", "إكس", "لينكدإن", "لينكد إن", "واتساب", "واتس اب", "تيليجرام", "تلغرام",
    "انستغرام", "إنستغرام", "يوتيوب", "تيك توك", "سناب شات", "النشرة البريدية", "المتجر",
)

# --- labels that introduce a block of furniture (the block after them goes too) -----------------
TOC_LABELS = _keys(
    "table of contents", "contents", "in this article", "in this post", "on this page", "jump to",
    "quick navigation", "quick links", "what's inside", "محتوى المقال", "محتويات المقال", "جدول المحتويات",
    "فهرس المحتويات", "المحتويات", "الفهرس", "في هذا المقال", "محاور المقال", "الانتقال السريع",
)
RELATED_LABELS = _keys(
    "related posts", "related articles", "related reading", "related content", "related stories",
    "you may also like", "you might also like", "read next", "read this next", "further reading",
    "recommended for you", "recommended reading", "popular posts", "most read", "trending", "see also",
    "more stories", "more articles", "keep reading", "others also viewed", "people also viewed",
    "explore topics", "more from this author", "مقالات ذات صلة", "المقالات ذات الصلة",
    "مواضيع ذات صلة", "اقرأ أيضا", "اقرأ أيضاً", "قد يعجبك أيضا", "قد يعجبك أيضاً", "مقالات قد تعجبك",
    "مقالات مشابهة", "مقالات أخرى", "الأكثر قراءة", "الأكثر مشاهدة", "أحدث المقالات", "مقالات مقترحة",
    "مقالات قد تهمك", "قد يهمك أيضا", "قد يهمك أيضاً", "مقالات أخرى للكاتب", "مقالات أخرى للكاتبة",
)
AUTHOR_LABELS = _keys(
    "about the author", "about the writer", "author bio", "about me", "meet the author",
    "عن الكاتب", "عن الكاتبة", "نبذة عن الكاتب", "نبذة عن الكاتبة", "عن المؤلف", "عن المؤلفة", "الكاتب", "الكاتبة",
)
# Start with these and the rest of the line is a related list, a bio or a promotion.
RELATED_PREFIX = regex.compile(
    r"(?i)^(related( posts| articles)?|read (also|next|more)|see also|you (may|might) also like|more from|"
    r"more (?:articles|posts|stories|essays) (?:by|from)|(?:others|people) also viewed|see all (?:articles|posts)|"
    r"recommended from|see all from|discover more from|view all posts by|all posts by|اقرأ أيضاً?|اقرأ كذلك|مقالات (ذات صلة|قد تعجبك|مشابهة)|"
    r"قد يعجبك|عرض كل مقالات|جميع مقالات|المزيد من|مقالات أخرى (?:بقلم|بواسطة|للكاتب|للكاتبة|من))\b"
)

# --- single-line patterns --------------------------------------------------------------------------
_D = r"[0-9٠-٩]"
_EN_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|"
    r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_AR_MONTH = (
    r"(?:يناير|فبراير|مارس|أبريل|ابريل|إبريل|مايو|يونيو|يونيه|يوليو|يوليه|أغسطس|اغسطس|سبتمبر|أكتوبر|اكتوبر|"
    r"نوفمبر|ديسمبر|كانون الثاني|شباط|آذار|نيسان|أيار|حزيران|تموز|آب|أيلول|تشرين الأول|تشرين الثاني|كانون الأول|"
    r"محرم|صفر|ربيع الأول|ربيع الأوّل|ربيع الآخر|ربيع الثاني|جمادى الأولى|جمادى الآخرة|جمادى الثانية|رجب|شعبان|"
    r"رمضان|شوال|ذو القعدة|ذي القعدة|ذو الحجة|ذي الحجة)"
)
DATE = regex.compile(
    rf"(?i)(?:{_D}{{4}}[-/.]{_D}{{1,2}}[-/.]{_D}{{1,2}}(?:[T ][0-9:.]+(?:Z|[+-][0-9:]+)?)?"
    rf"|{_D}{{1,2}}[-/.]{_D}{{1,2}}[-/.]{_D}{{2,4}}"
    rf"|{_EN_MONTH}\s+{_D}{{1,2}}(?:st|nd|rd|th)?,?\s+{_D}{{4}}(?:\s+at\s+[0-9:]+\s*[ap]\.?m\.?)?"
    rf"|{_D}{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_EN_MONTH}\s*,?\s+{_D}{{4}}"
    rf"|{_D}{{1,2}}\s+{_AR_MONTH}\s*,?\s+{_D}{{4}}\s*(?:هـ|ه|م)?\.?"
    rf"|{_AR_MONTH}\s+{_D}{{4}}\s*(?:هـ|م)?|{_EN_MONTH}\s+{_D}{{4}}"
    rf"|(?:{_D}+|an?|one|two|few)\s+(?:minutes?|hours?|days?|weeks?|months?|years?)\s+ago|yesterday|today"
    r"|منذ\s+(?:[0-9٠-٩]+\s+)?(?:دقيقة|دقائق|ساعتين|ساعة|ساعات|يومين|يوم|أيام|أسبوعين|أسبوع|أسابيع|شهرين|شهر|أشهر|سنتين|سنة|سنوات)\b|أمس|اليوم)"
)
# Words that may stand around a date on a publication line ("نُشر في", "Last updated on").
DATE_WORDS = regex.compile(
    r"(?i)\b(?:published|posted|updated|last updated|last modified|modified|written|date|on|at|in|"
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|wed|thu|fri|sat|sun|"
    r"الأحد|الاثنين|الإثنين|الثلاثاء|الأربعاء|الخميس|الجمعة|السبت|يوم|"
    r"نشر|نُشر|نشرت|نُشرت|نشره|في|بتاريخ|تاريخ|النشر|آخر|اخر|تحديث|التحديث|تم|الموافق|هـ|م)\b"
)
READING_TIME = regex.compile(
    r"(?i)(?:\b[0-9٠-٩]+\s*(?:-|–)?\s*(?:min(?:ute)?s?|mins)\.?\s+(?:read|reading|listen)\b|\breading time\b|"
    r"\bread(?:ing)? time\b|(?:وقت|مدة|زمن)\s+القراءة|قراءة\s+(?:في\s+)?[0-9٠-٩]+\s*(?:دقائق|دقيقة|د)|"
    r"[0-9٠-٩]+\s*(?:دقائق|دقيقة|د)\s+(?:قراءة|للقراءة))"
)
BYLINE = regex.compile(
    r"(?i)^(?:by|written by|words by|author|posted by|story by|edited by|reviewed by|fact[- ]checked by|بقلم|كتبه|كتبته|كتب|كتبت|بواسطة|الكاتب|"
    r"الكاتبة|المؤلف|تأليف|إعداد|تحرير)\s*(?P<colon>[:：\-–])?\s+(?P<name>[^.!?؟:|·•,،\n0-9]{2,60}?)\s*$"
)
# Words a Latin-script name may hold in lower case ("Ana de Souza", "Bell & Co").
NAME_PARTICLES = frozenset({"de", "da", "del", "van", "von", "der", "al", "el", "bin", "ibn", "and", "&", "le", "la"})
PUBLISHED_IN = regex.compile(r"(?i)^(?:published in|writer for|editor of|in)\s+(?P<name>[^.!?؟|·•]{2,60})$")
COMMENTS = regex.compile(
    r"(?i)^(?:[0-9٠-٩][0-9٠-٩,.]*[kKمأ]?\s+(?:comments?|responses?|replies|تعليق(?:ات|اً|ا)?|ردود|ردًا|ردا)"
    r"|(?:comments|responses|التعليقات|تعليقات)\s*\(?[0-9٠-٩]+\)?|no comments( yet)?|لا توجد تعليقات"
    r"|your email address will not be published.*|required fields are marked.*|لن يتم نشر عنوان بريدك.*)$"
)
COUNTS = regex.compile(
    r"(?i)^[·•\s]*(?:[0-9٠-٩][0-9٠-٩,.]*\s*[kKmM]?"
    r"(?:\s+(?:followers?|following|saves|claps?|views|likes|stories|shares|responses|reposts?|reactions?|"
    r"impressions|متابع|متابعين|مشاهدة|إعادة نشر|تفاعل|تفاعلات|"
    r"مشاهدات|إعجاب|إعجابات|حفظ|مشاركة|مشاركات))?(?:\s*[·•|]\s*)?)+$"
)
CAPTION = regex.compile(
    r"(?i)^[*_(\[]*(?:photo|image|picture|illustration|graphic|caption|credit|image credit|photo credit|"
    r"photograph|source image|header image|featured image|cover image|source|الصورة|صورة|تصوير|مصدر الصورة|حقوق الصورة|"
    r"الصورة من|المصدر للصورة|المصدر|رسم توضيحي|تصميم)\s*(?:by|from|via|courtesy of|:|：|-|–)"
)
CAPTION_TAIL = regex.compile(
    r"(?i)(?:\((?:تصوير|تصميم|photo|image|credit)\s*:[^)]*\)|\bphoto by\b.*\bon (?:unsplash|pexels|pixabay)\b|"
    r"(?:^|[.،]\s)(?:تصوير|تصميم|حقوق الصورة|مصدر الصورة|photo|image|credit|photo credit|image credit)\s*:\s*[^.:]{2,40})\.?\s*$"
)
SHARE = regex.compile(
    r"(?i)(?:^(?:شارك|انشر)\s*(?:المقال|المنشور|الموضوع|الصفحة|هذا|الرابط|على|عبر|مع)|شاركه|شاركها|"
    r"^share\s*(?:this|on (?:facebook|x|twitter|linkedin|whatsapp)|via|it\b|:|$)|^(?:tweet|pin) (?:this|it)|"
    r"^(?:enjoyed|liked|loved|found) this(?: (?:post|article|essay|piece|guide|read|useful|helpful|valuable))?\s*[?!]|"
    r"^did you (?:like|enjoy) (?:this|the|it)|^(?:هل )?(?:أعجبك|أعجبتك|أفادك|أفادتك) (?:المقال|الموضوع|المحتوى|المنشور|هذا|هذه))"
)
NEWSLETTER = regex.compile(
    r"(?i)(?:^(?:اشترك|اشتركي|سجّل|سجل|انضم|انضمي)\b.*(?:النشرة|نشرة|القائمة البريدية|بريدك|مقالات)|"
    r"^(?:subscribe|sign up|join)\b.*(?:(?:our|my|this|the) (?:\w+ )?newsletter|our list|your inbox|our (?:updates|emails?)|"
    r"[0-9][0-9,.]*[km]? (?:\w+ ){0,3}(?:subscribers|readers|owners|marketers|people))|"
    r"^get (?:one|our|the|weekly|free)\b.*(?:tips?|newsletter|email)\b.*(?:every|each|weekly|inbox)|"
    r"unsubscribe (?:at )?any ?time|no spam|^enjoying this\?|"
    r"^(?:enjoying|enjoyed|enjoy|liking|liked|loving|loved) (?:this|the|my|our) (?:\w+ )?(?:essay|post|article|newsletter|"
    r"read|piece|issue|story|guide|series)\s*[?!]|^(?:get|receive|have)\b.{0,60}\b(?:in|to|into) your inbox|"
    r"^thanks for reading\b.{0,80}(?:subscribe|newsletter|free)|^type your email|\bsubscribe for free\b|"
    r"^(?:هل )?(?:أعجبك|أعجبتك|استفدت من|أفادك|أفادتك)\s.{0,120}(?:اشترك|نشرت|النشرة|بريدك))"
)
# A reader-feedback opener ("هل أعجبك المقال؟", "Found this useful?"): with a share or subscribe
# request after it, the line is the page's prompt, however long.
READER_PROMPT = regex.compile(
    r"(?i)^(?:thanks for reading|did you (?:like|enjoy) (?:this|the|it)|(?:enjoyed|liked|loved|enjoying) (?:this|it)|found this (?:useful|helpful|valuable)|"
    r"(?:هل )?(?:أعجبك|أعجبتك|استفدت من|أفادك|أفادتك) (?:المقال|الموضوع|المحتوى|المنشور|هذا|هذه|ما قرأت))(?![\p{L}\p{M}])"
)
PROMPT_REQUEST = regex.compile(r"(?i)\b(?:share|subscribe|sign up|newsletter|inbox|شارك|شاركه|شاركها|اشترك|النشرة|نشرة|بريدك)")
COPYRIGHT = regex.compile(
    r"(?i)(?:^©|©\s*[0-9٠-٩]{4}|\bcopyright\b\s*(?:©|[0-9]{4})|all rights reserved|جميع الحقوق محفوظة|"
    r"الحقوق محفوظة|powered by (?:wordpress|ghost|blogger|wix|squarespace)|^we use cookies|"
    r"^this (?:web)?site uses cookies|نستخدم ملفات تعريف الارتباط|يستخدم هذا الموقع ملفات)"
)
TAGS_LINE = regex.compile(
    r"(?i)^(?P<label>tags|tagged(?: with| in)?|topics|categories|category|filed under|keywords|"
    r"الوسوم|وسوم|الكلمات المفتاحية|كلمات مفتاحية|كلمات دلالية|التصنيفات|التصنيف|القسم|الأقسام)\s*[:：]\s*(?P<rest>.*)$"
)
# Short calls to action and contact lines of the publisher (not the article's advice).
CTA = regex.compile(
    r"(?i)(?<![\p{L}\p{M}])[وف]?(?:احصل على (?:استشارة|عرض|خصم)|ابدأ مجان|جرّب مجان|جرب مجان|اطلب (?:عرض سعر|استشارة)|تواصل معنا|اتصل بنا|"
    r"راسلنا|احجز (?:استشارة|موعد)|get a free|free consultation|book a (?:free |discovery )?(?:call|demo|consultation)|"
    r"contact us|get in touch|start (?:your )?free trial|get started (?:free|today|now)|try (?:it )?(?:for )?free)"
)
EMAIL = regex.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
PHONE = regex.compile(r"(?:\+|00)?[0-9٠-٩][0-9٠-٩ ()-]{7,}[0-9٠-٩]")  # a phone when it holds 9+ digits
PRICE = regex.compile(
    r"(?i)(?:[0-9٠-٩][0-9٠-٩,.]*\s*(?:ريال|ر\.س|درهم|دينار|جنيه|دولار|يورو|sar|aed|usd|eur|gbp)|[$€£]\s?[0-9][0-9,.]*)"
)
# Template tags left in a Markdown export: Hugo shortcodes, Liquid includes, TOC markers.
TEMPLATE_TAG = regex.compile(r"^(?:\{\{[<%]?[^{}]*[>%]?\}\}|\{%[^{}]*%\}|\[\[?_?toc_?\]?\]|\[toc\])$", regex.IGNORECASE)
RUN_SEPARATORS = regex.compile(r"\s*[|·•,،/]\s*|\s{2,}")
HASHTAG_ONLY = regex.compile(r"^(?:#[\p{L}\p{M}\p{N}_]+[\s,،]*)+$")
# The author's own hashtags closing a paragraph ("… take care of themselves. #SaaS #Growth").
TRAILING_HASHTAGS = regex.compile(r"(?<=[.!?؟…\p{Extended_Pictographic}\ufe0f])(?:\s+#[\p{L}\p{M}\p{N}_]+){2,}\s*$")
# Label lines whose next line is a name ("Published in" / "Solo Notes"); "Name" then "Follow".
NAME_NEXT_LABELS = _keys("published in", "written by", "writer for", "by", "بقلم", "بواسطة", "نشر في")
FOLLOW_LINES = _keys("follow", "تابع", "following", "متابعة", "+ follow", "+ متابعة")
# Attribution of an embedded post: "— Jo Park (@handle) April 2, 2025".
EMBED_ATTRIBUTION = regex.compile(r"^[—–-]?\s*[^\n]{0,60}\(@\w+\)[^\n]{0,40}$")
# Separators between the parts of a meta line, a breadcrumb and a menu.
META_SEPARATORS = regex.compile(r"\s*(?:[|·•]|\s[—–]\s)\s*")
CRUMB_SEPARATORS = regex.compile(r"\s+(?:›|»|>|‹|/|\\|→|←)\s+")
# "About the author: Ben is …": an author box written as one paragraph.
AUTHOR_PREFIX = regex.compile(
    r"(?i)^(?:about the (?:author|writer)|author bio|about me|عن (?:الكاتب|الكاتبة|المؤلف|المؤلفة)|"
    r"نبذة عن (?:الكاتب|الكاتبة|المؤلف|المؤلفة))\s*[:：—–-]"
)
# A social profile's headline ("VP Growth at Stackwise | Helping B2B teams | Speaker"): roles joined by separators.
HEADLINE_SEPARATORS = regex.compile(r"\s+[|•·]\s+")
ROLE = regex.compile(
    r"(?i)(?<![\p{L}\p{M}])(?:ceo|cto|cmo|coo|cfo|cpo|vp|svp|evp|founder|co-?founder|head of|director|manager|lead|speaker|"
    r"author|writer|editor|consultant|advisor|adviser|coach|strategist|marketer|engineer|designer|specialist|freelancer|"
    r"partner|owner|president|chief|mentor|investor|keynote|tedx|مؤسس|مؤسسة|المؤسس|المؤسسة|الرئيس التنفيذي|مدير|مديرة|"
    r"مستشار|مستشارة|كاتب|كاتبة|مدرب|مدربة|متحدث|متحدثة|خبير|خبيرة|أخصائي|أخصائية|رائد أعمال|رائدة أعمال)(?![\p{L}\p{M}])"
)
ROLE_AT = regex.compile(
    r"(?:\bat|@|(?i:founder|co-?founder|ceo|cto|cmo|editor|owner|president)\s+of)"
    r"\s+(?P<org>\p{Lu}[\p{L}\p{N}&.'’-]*(?:\s+\p{Lu}[\p{L}\p{N}&.'’-]*){0,3})")
# Footnote marks: "[^1]", "word[2]", superscripts, and a number glued after punctuation ("it.2 But", "panic,3 and").
_NOT_ABBREV = r"(?<!(?i:\bno|\bvol|\bfig|\bch|\bsec|\bpp|\bart|\beq|\bref|\bnr|\bver|\bst|\bop|\bp|\bv)[.])"
FOOTNOTE_MARK = regex.compile(
    r"\[\^[\w-]{1,12}\]"
    r"|(?<=[\p{L}\p{M}.,;:!?”\"’')])\[[0-9٠-٩]{1,3}\](?=[\s.,;:!?،؛)]|$)"
    r"|(?<=\p{L}{3}|[.,;:!?”\"’')])[¹²³⁰⁴⁵⁶⁷⁸⁹]+"
    r"|(?<=[\p{L}\p{M}]{2}[,;،؛])[0-9٠-٩]{1,2}(?=\s+\p{L})"
    rf"|{_NOT_ABBREV}(?<=[\p{{L}}\p{{M}}]{{2}}[.!?؟]|[\p{{L}}\p{{M}}]{{2}}[.!?][”\"’'])[0-9٠-٩]{{1,2}}(?=\s+[\p{{Lu}}\p{{Arabic}}]|\s*$)"
)
# Cheap test first: a footnote mark needs a bracket, a superscript or a digit right after punctuation.
MAY_HAVE_FOOTNOTE = regex.compile(r"[\[¹²³⁰⁴⁵⁶⁷⁸⁹]|[.!?؟,;،؛\"”’'][0-9٠-٩]")
FOOTNOTE_BACKREFS = ("↩", "⤴")  # a footnote's link back to the text ends it
# An emoji opening a line: a bullet when the same one opens other lines, else a section marker.
EMOJI_LEAD = regex.compile(
    r"^(?P<emoji>(?![©®™])\p{Extended_Pictographic}[\ufe0e\ufe0f\u200d\p{Emoji_Modifier}\p{Extended_Pictographic}]*)\s+"
)
KEYCAP_LEAD = regex.compile(r"^(?P<num>[0-9])\ufe0f?\u20e3\s*|^(?P<ten>🔟)\s*")

# Name of a site or publisher standing at the start of a title suffix ("Post title | Site").
TITLE_SEPARATORS = regex.compile(r"\s+(?:\||–|—|-|::|·|•|»|›)\s+")
LEADING_SYMBOLS = regex.compile(r"^[\p{So}\p{Sk}\p{Cf}\ufe0e\ufe0f\s>*_#\-–—•·]+")

"""The app's own words in English and Arabic.

Pages write English and wrap it in ``tr``; Arabic copywriters switch the UI with the sidebar
toggle. Content (captions, posts) is never translated here: only labels, help and messages.
``tests/app/test_i18n.py`` checks that every ``tr("...")`` in the app has an Arabic entry.
"""

from __future__ import annotations

from typing import Literal

UiLanguage = Literal["en", "ar"]
UI_LANGUAGES: dict[UiLanguage, str] = {"en": "English", "ar": "العربية"}

AR: dict[str, str] = {
    # chrome
    "Repurpose": "إعادة التوظيف",
    "Experiments": "التجارب",
    "History": "السجل",
    "Prompts & settings": "القوالب والإعدادات",
    "Interface language": "لغة الواجهة",
    "Database": "قاعدة البيانات",
    # repurpose: input
    "Repurpose a post": "أعد توظيف منشور",
    "One blog post in, posts for every platform out, each counted the way the platform counts.":
        "مقال واحد يدخل، ومنشورات لكل منصة تخرج، وكلٌّ منها محسوب بطريقة المنصة نفسها.",
    "Paste the post": "الصق المقال",
    "…or upload a file": "…أو ارفع ملفًا",
    "Markdown, HTML, plain text or Word (.docx). An upload is used instead of the pasted text.":
        "Markdown أو HTML أو نص عادي أو Word ‏(.docx). يُستخدم الملف المرفوع بدل النص الملصق.",
    "Platforms": "المنصات",
    "Brief": "الموجز",
    "Audience": "الجمهور",
    "Tone": "النبرة",
    "Call to action": "الدعوة إلى الإجراء",
    "Empty: a default in the output language.": "فارغ: عبارة افتراضية بلغة المنشورات.",
    "Link": "الرابط",
    "Output language": "لغة المنشورات",
    "Emoji": "الرموز التعبيرية",
    "Variants per platform": "الصيغ لكل منصة",
    "Brand hashtags": "وسوم العلامة التجارية",
    "Separate with spaces or commas.": "افصل بينها بمسافات أو فواصل.",
    "Handle": "اسم الحساب",
    "Shown on carousel slides, e.g. @brand.": "يظهر على شرائح الكاروسيل، مثل ‎@brand.",
    "Backend": "المحرك",
    "Offline (no key, instant)": "دون اتصال (بلا مفتاح، فوري)",
    "To use OpenAI, add a key or a local server on Prompts & settings.":
        "لاستخدام OpenAI أضف مفتاحًا أو خادمًا محليًا في صفحة القوالب والإعدادات.",
    "Generate": "أنشئ",
    "Generating…": "جارٍ الإنشاء…",
    "Done in {ms:,.0f} ms": "تمّ في {ms:,.0f} ملّي ثانية",
    "auto": "تلقائي",
    "Arabic": "العربية",
    "English": "الإنجليزية",
    "professional": "مهنية",
    "friendly": "ودودة",
    "playful": "مرحة",
    "bold": "جريئة",
    "informative": "معلوماتية",
    # repurpose: results
    "{words:,} words · {language} · {backend} ({model}) · run #{run}":
        "{words:,} كلمة · {language} · {backend} ‏({model}) · التشغيل رقم {run}",
    "Scheduler CSV": "ملف CSV للجدولة",
    "Scheduler": "أداة الجدولة",
    "Platform": "المنصة",
    "First post": "أول منشور",
    "Time": "الوقت",
    "Time zone": "المنطقة الزمنية",
    "Minutes between posts": "دقائق بين المنشورات",
    "PostFast account id": "معرّف حساب PostFast",
    "Date format chosen at upload": "صيغة التاريخ المختارة عند الرفع",
    "Download scheduler CSV": "نزّل ملف الجدولة",
    "Edit": "حرّر",
    "Copy": "انسخ",
    "Edits are counted as you type; the card updates when you leave the editor.":
        "تُحسب التعديلات أثناء الكتابة، وتتحدّث البطاقة عند مغادرة المحرر.",
    "Thread · {n} posts": "سلسلة · {n} منشورات",
    "Carousel · {n} slides · {w}×{h}": "كاروسيل · {n} شرائح · {w}×{h}",
    "Render slides": "ارسم الشرائح",
    "Rendering slides…": "جارٍ رسم الشرائح…",
    "Slides (PNG, zip)": "الشرائح (PNG مضغوطة)",
    "Document (PDF)": "المستند (PDF)",
    "Hashtag set": "مجموعة الوسوم",
    "Variants to experiment": "من الصيغ إلى تجربة",
    "repaired": "مُصلَح",
    "variant {n}": "صيغة {n}",
    "Title": "العنوان",
    "now": "الآن",
    "Your brand": "علامتك التجارية",
    # experiments
    "Experiment": "التجربة",
    "New experiment": "تجربة جديدة",
    "All experiments": "كل التجارب",
    "Variants": "الصيغ",
    "Days": "الأيام",
    "Verdict": "الحكم",
    "Winner": "الفائز",
    "Experiment name": "اسم التجربة",
    "Metric": "المقياس",
    "Threshold (%)": "العتبة (٪)",
    "Stop when the expected loss of the best choice is below this share of the control's rate.":
        "توقّف حين تصبح الخسارة المتوقعة لأفضل خيار أقل من هذه النسبة من معدل الضابطة.",
    "Variants, one per line (name: ad text)": "الصيغ، واحدة في كل سطر (الاسم: نص الإعلان)",
    "Create": "أنشئ",
    "No experiments yet: create one above, or from caption variants on the Repurpose page.":
        "لا توجد تجارب بعد: أنشئ واحدة أعلاه، أو من صيغ النصوص في صفحة إعادة التوظيف.",
    "{n} days": "{n} أيام",
    "Results": "النتائج",
    "Daily numbers": "الأرقام اليومية",
    "Import": "استورد",
    "Planner": "المخطِّط",
    "No numbers yet: enter them in the table or import an export.":
        "لا أرقام بعد: أدخلها في الجدول أو استورد ملف تصدير.",
    "Ship the winner": "اعتمد الفائز",
    "Keep running": "واصل التجربة",
    "Stop: no meaningful difference": "توقّف: لا فرق يُعتدّ به",
    "Sample ratio: delivered / planned {shares} (p = {p:.3g})": "نسبة العينة: المُسلَّم / المخطَّط {shares} ‏(p = {p:.3g})",
    "Variant": "الصيغة",
    "Control": "الضابطة",
    "Observed": "المرصود",
    "Rate": "المعدل",
    "interval": "فترة",
    "Probability to be best": "احتمال أن تكون الأفضل",
    "Probability to beat control": "احتمال التفوّق على الضابطة",
    "Expected loss": "الخسارة المتوقعة",
    "Lift vs control": "التحسّن مقابل الضابطة",
    "Posterior density": "الكثافة اللاحقة",
    "Probability to be best over time": "احتمال الأفضلية عبر الزمن",
    "One row per variant and day; a saved day replaces that day's numbers.":
        "صف لكل صيغة ويوم؛ حفظ يومٍ يستبدل أرقام ذلك اليوم.",
    "Day": "اليوم",
    "Save numbers": "احفظ الأرقام",
    "Saved {n} rows.": "حُفظ {n} صفًا.",
    "Import an ad-platform export": "استورد ملف تصدير من منصة إعلانات",
    "Meta, Google Ads, TikTok, LinkedIn (CSV or XLSX).": "Meta أو Google Ads أو TikTok أو LinkedIn ‏(CSV أو XLSX).",
    "Importing…": "جارٍ الاستيراد…",
    "{file} was imported before: nothing changed.": "اُستورد {file} من قبل: لم يتغير شيء.",
    "Imported {rows} rows from {source} ({first} to {last}).": "اُستورد {rows} صفًا من {source} ‏({first} إلى {last}).",
    "{rows} rows for ad {name!r} match no variant and were skipped.":
        "{rows} صفًا للإعلان {name!r} لا تطابق أي صيغة فتُخطّيت.",
    "Baseline rate": "المعدل الأساسي",
    "Smallest lift worth detecting (relative)": "أصغر تحسّن يستحق الاكتشاف (نسبي)",
    "Daily traffic per variant": "الزيارات اليومية لكل صيغة",
    "Plan": "خطّط",
    "Simulating…": "جارٍ المحاكاة…",
    "Days to a decision": "الأيام حتى القرار",
    "Suggested budget split": "توزيع الميزانية المقترح",
    "Budget for the next period": "ميزانية الفترة القادمة",
    "Share": "الحصة",
    "Amount": "المبلغ",
    # variants to experiment
    "Pick two or more captions to test against each other as ads; name the ads after the variants.":
        "اختر نصّين أو أكثر لتختبرها إعلاناتٍ في مواجهة بعضها، وسمِّ الإعلانات بأسماء الصيغ.",
    "Captions": "النصوص",
    "Create experiment": "أنشئ التجربة",
    "Experiment #{id} created with {n} variants.": "أُنشئت التجربة رقم {id} بعدد {n} صيغ.",
    "Open experiments": "افتح التجارب",
    # history
    "Past runs": "التشغيلات السابقة",
    "Language": "اللغة",
    "Search titles and posts": "ابحث في العناوين والمقالات",
    "No runs yet: generate something on the Repurpose page.": "لا تشغيلات بعد: أنشئ شيئًا في صفحة إعادة التوظيف.",
    "No run matches {q!r}.": "لا يوجد تشغيل يطابق {q!r}.",
    "Open": "افتح",
    "Open in Repurpose": "افتح في إعادة التوظيف",
    "Run #{id}": "التشغيل رقم {id}",
    "failed": "فشل",
    # prompts & settings
    "Prompt templates": "قوالب التعليمات",
    "Template": "القالب",
    "Preview for the current post": "معاينة للمقال الحالي",
    "Paste a post on the Repurpose page to preview prompts for it.":
        "الصق مقالًا في صفحة إعادة التوظيف لمعاينة التعليمات الخاصة به.",
    "Edit a copy": "حرّر نسخة",
    "Your copy is used for this session only; the bundled templates are never changed.":
        "تُستخدم نسختك في هذه الجلسة فقط، ولا تتغيّر القوالب المرفقة أبدًا.",
    "Render my copy": "اعرض نسختي",
    "Use my copies for OpenAI runs": "استخدم نسخي في تشغيلات OpenAI",
    "Reset my copies": "أعد نسخي إلى الأصل",
    "Model": "النموذج",
    "OpenAI API key": "مفتاح OpenAI",
    "Kept in this browser session only: never written to disk or to the database.":
        "يبقى في جلسة المتصفح هذه فقط: لا يُكتب على القرص ولا في قاعدة البيانات.",
    "Base URL (optional)": "عنوان الخادم (اختياري)",
    "For a local or compatible server, e.g. http://127.0.0.1:8080/v1.": "لخادم محلي أو متوافق، مثل http://127.0.0.1:8080/v1.",
    "Price table (USD per million tokens)": "جدول الأسعار (دولار لكل مليون رمز)",
    "Model settings": "إعدادات النموذج",
    "Temperature": "درجة الحرارة",
    "Settings saved for this session.": "حُفظت الإعدادات لهذه الجلسة.",
    "Save settings": "احفظ الإعدادات",
    "OpenAI is ready: {where}.": "OpenAI جاهز: {where}.",
    "OpenAI is not configured.": "OpenAI غير مُعدّ.",
    "Rendered messages": "الرسائل بعد العرض",
    "Variables": "المتغيرات",
}


def tr(text: str, lang: UiLanguage, /, **values: object) -> str:
    """``text`` in the UI language, with ``values`` formatted in; English is the fallback."""
    template = AR.get(text, text) if lang == "ar" else text
    return template.format(**values) if values else template


def direction(lang: UiLanguage) -> str:
    return "rtl" if lang == "ar" else "ltr"

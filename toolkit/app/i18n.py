"""The app's own words in English and Arabic.

Pages write English and wrap it in ``tr``; Arabic copywriters switch the UI with the sidebar
toggle. Content (captions, posts) is never translated here: only labels, help and messages.
``tests/app/test_i18n.py`` checks that every ``tr("...")`` in the app has an Arabic entry.
"""

from __future__ import annotations

from typing import Literal

import regex

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
        "Markdown أو HTML أو نص عادي أو Word \u200f(.docx). يُستخدم الملف المرفوع بدل النص الملصق.",
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
    "Shown on carousel slides, e.g. @brand.": "يظهر على شرائح الكاروسيل، مثل \u200e@brand.",
    "Backend": "المحرك",
    "Offline (no key, instant)": "دون اتصال (بلا مفتاح، فوري)",
    "To use OpenAI, add a key or a local server on Prompts & settings.":
        "لاستخدام OpenAI أضف مفتاحًا أو خادمًا محليًا في صفحة القوالب والإعدادات.",
    "Generate": "أنشئ",
    "Generating…": "جارٍ الإنشاء…",
    "Not saved to History: the database could not be written (it may be full or read-only). Download the outputs "
    "now to keep them.":
        "لم يُحفظ في السجل: تعذّرت الكتابة في قاعدة البيانات (قد تكون ممتلئة أو للقراءة فقط). نزّل المخرجات الآن لتحتفظ بها.",
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
    "Meta, Google Ads, TikTok, LinkedIn (CSV or XLSX).": "Meta أو Google Ads أو TikTok أو LinkedIn \u200f(CSV أو XLSX).",
    "Importing…": "جارٍ الاستيراد…",
    "{file} was imported before: nothing changed.": "اُستورد {file} من قبل: لم يتغير شيء.",
    "Imported {rows} rows from {source} ({first} to {last}).": "اُستورد {rows} صفًا من {source} \u200f({first} إلى {last}).",
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
    "What past experiments say about each caption's angle:": "ما تقوله التجارب السابقة عن زاوية كل نص:",
    # history
    "Past runs": "التشغيلات السابقة",
    "Language": "اللغة",
    "Search titles and posts": "ابحث في العناوين والمقالات",
    "No runs yet: generate something on the Repurpose page.": "لا تشغيلات بعد: أنشئ شيئًا في صفحة إعادة التوظيف.",
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
    # added: copy, edit, progress
    "Copied ✓": "نُسخ ✓",
    "Copy title": "انسخ العنوان",
    "Copy post": "انسخ المنشور",
    "Copy thread": "انسخ السلسلة",
    "Copy hashtags": "انسخ الوسوم",
    "Edit the posts": "حرّر المنشورات",
    "Post {n}": "المنشور {n}",
    "Reading the post and writing for each platform…": "جارٍ قراءة المقال والكتابة لكل منصة…",
    "Done: {n} platforms.": "تمّ: {n} منصات.",
    "Laying out {n} slides with their fonts…": "جارٍ تنسيق {n} شرائح بخطوطها…",
    "Slides ready.": "الشرائح جاهزة.",
    "Note from the engine (in English):": "ملاحظة من المحرك (بالإنجليزية):",
    "{words:,} words · {language} · {backend} · run #{run}": "{words:,} كلمة · {language} · {backend} · التشغيل رقم {run}",
    "mm/dd/yyyy": "شهر/يوم/سنة",
    "dd/mm/yyyy": "يوم/شهر/سنة",
    # units, angles, hashtag kinds, backends
    "weighted": "وحدة موزونة",
    "{platform} refuses text containing {char}: remove it.": "ترفض {platform} النص الذي يحوي {char}: احذفه.",
    "chars": "حرف",
    "characters": "محرف",
    "code units": "وحدة ترميز",
    "summary": "خلاصة",
    "insight": "فكرة لافتة",
    "question": "سؤال",
    "statistic": "رقم",
    "list": "قائمة",
    "audience": "الجمهور",
    "brand": "العلامة",
    "niche": "متخصص",
    "broad": "عام",
    "offline": "دون اتصال",
    "extractive, built in": "استخلاصي مدمج",
    # experiments: metrics, counts, sentences
    "Section": "القسم",
    "Click-through rate": "معدل النقر",
    "Conversion rate (per click)": "معدل التحويل (لكل نقرة)",
    "Conversions per impression": "التحويلات لكل ظهور",
    "Cost per click": "تكلفة النقرة",
    "Cost per result": "تكلفة النتيجة",
    "Revenue per impression": "الإيراد لكل ظهور",
    "Revenue per click": "الإيراد لكل نقرة",
    "Return on ad spend": "العائد على الإنفاق الإعلاني",
    "Engagements per reach": "التفاعلات لكل وصول",
    "impressions": "مرات الظهور",
    "clicks": "النقرات",
    "conversions": "التحويلات",
    "spend": "الإنفاق",
    "revenue": "الإيراد",
    "reach": "الوصول",
    "engagements": "التفاعلات",
    "Impressions": "مرات الظهور",
    "Clicks": "النقرات",
    "Conversions": "التحويلات",
    "Spend": "الإنفاق",
    "Revenue": "الإيراد",
    "Reach": "الوصول",
    "Engagements": "التفاعلات",
    "a CSV file": "ملف CSV",
    "A: first ad text\nB: second ad text": "أ: نص الإعلان الأول\nب: نص الإعلان الثاني",
    "Give the experiment a name.": "أعطِ التجربة اسمًا.",
    "Line {n} has no name before a colon: write each variant as “name: ad text”.":
        "السطر {n} ليس فيه اسم قبل النقطتين: اكتب كل صيغة هكذا «الاسم: نص الإعلان».",
    "Two lines are named {name}: give each variant its own name.": "سطران يحملان الاسم {name}: أعطِ كل صيغة اسمًا خاصًا بها.",
    "An experiment compares at least two variants: write one more line, like “B: ad text”.":
        "تقارن التجربة صيغتين على الأقل: أضف سطرًا آخر مثل «ب: نص الإعلان».",
    "An experiment takes at most {max} variants, {n} given: remove some lines.":
        "تتسع التجربة لـ{max} صيغ على الأكثر، وأدخلت {n}: احذف بعض الأسطر.",
    "Stop, no meaningful difference: every variant is within ±{rope} of the control's {metric} with at least {level} "
    "probability.":
        "توقّف، لا فرق يُعتدّ به: كل صيغة ضمن ±{rope} من {metric} لدى الضابطة باحتمال لا يقل عن {level}.",
    "Stop, no meaningful difference: whichever variant you pick risks less than {threshold} of the control's {metric}.":
        "توقّف، لا فرق يُعتدّ به: أيّ صيغة تختارها تخاطر بأقل من {threshold} من {metric} لدى الضابطة.",
    "Keep running: fewer than {n} {exposure} so far for {names}.": "واصل التجربة: أقل من {n} من {exposure} حتى الآن لـ{names}.",
    "Keep running: no {exposure} yet for {names}.": "واصل التجربة: لا {exposure} بعد لـ{names}.",
    "Keep running: no revenue recorded yet for {names}; import or record revenue to model it.":
        "واصل التجربة: لا إيراد مسجّل بعد لـ{names}؛ استورد الإيراد أو سجّله لنمذجته.",
    "Keep running: revenue needs conversions to model it, and {names} has none recorded yet.":
        "واصل التجربة: نمذجة الإيراد تحتاج إلى تحويلات، ولا تحويلات مسجّلة بعد لـ{names}.",
    "Cannot judge the {metric}: more {numerator} than {exposure} for {names}; use a per-impression or per-spend "
    "metric instead.":
        "لا يمكن الحكم على {metric}: {numerator} أكثر من {exposure} لـ{names}؛ استخدم مقياسًا لكل ظهور أو لكل إنفاق.",
    "Ship {winner}.": "اعتمد {winner}.",
    "Keep running: the data cannot decide yet.": "واصل التجربة: البيانات لا تكفي للحكم بعد.",
    "Stop, no meaningful difference between the variants.": "توقّف، لا فرق يُعتدّ به بين الصيغ.",
    "Few data for {names}: under {n} {exposure} or under 5 {numerator}; the numbers can still swing a lot.":
        "بيانات قليلة لـ{names}: أقل من {n} من {exposure} أو أقل من 5 من {numerator}؛ قد تتقلب الأرقام كثيرًا.",
    "Results count different things across rows: compare like with like.":
        "النتائج تعدّ أشياء مختلفة بين الصفوف: قارن المتماثل بالمتماثل.",
    "Another note from the analysis (in English):": "ملاحظة أخرى من التحليل (بالإنجليزية):",
    "Simulates this experiment's own rule: its threshold, its equivalence band and its minimum sample.":
        "يحاكي قاعدة هذه التجربة نفسها: عتبتها ونطاق التكافؤ والحد الأدنى للعينة.",
    # experiments: the decision rule's sentences (issue 11)
    "Keep the control {name}: it beats every variant; the closest, {closest}, is {interval} against it ({level} "
    "interval) and beats it with only {p} probability.":
        "أبقِ على الضابطة {name}: تتفوّق على كل الصيغ؛ وأقربها، {closest}، يقع تحسّنها بين {interval} مقابلها (فترة {level}) "
        "ولا تتفوّق عليها إلا باحتمال {p}.",
    "Ship {name}: it beats {control} with {p} probability, by {interval} ({level} interval).":
        "اعتمد {name}: تتفوّق على {control} باحتمال {p}، بتحسّن بين {interval} (فترة {level}).",
    "It is the best of {n} with {p} probability.": "وهي الأفضل بين {n} صيغ باحتمال {p}.",
    "{low} to {high}": "{low} و{high}",
    "Checked daily, a test like this names a false winner less than {rate} of the time.":
        "مع الفحص اليومي، لا تُعلن تجربةٌ كهذه فائزًا زائفًا إلا في أقل من {rate} من المرات.",
    "Check as often as you like: the rule names a false winner less than {rate} of the time.":
        "افحص كلما شئت: لا تُعلن القاعدة فائزًا زائفًا إلا في أقل من {rate} من المرات.",
    "Keep running: the control {name} leads; the closest variant, {closest}, beats it with {p} probability (lift "
    "{interval}), but the evidence (Bayes factor {evidence}) is short of the {needed} a winner needs.":
        "واصل التجربة: الضابطة {name} في الصدارة؛ وأقرب الصيغ، {closest}، تتفوّق عليها باحتمال {p} (تحسّن بين {interval})، "
        "لكن الدليل (عامل بايز {evidence}) أقل من {needed} الذي يحتاجه الفائز.",
    "Keep running: {name} leads and beats {control} with {p} probability (lift {interval}), but the evidence (Bayes "
    "factor {evidence}) is short of the {needed} a winner needs.":
        "واصل التجربة: {name} في الصدارة وتتفوّق على {control} باحتمال {p} (تحسّن بين {interval})، لكن الدليل "
        "(عامل بايز {evidence}) أقل من {needed} الذي يحتاجه الفائز.",
    "Cannot judge {names}: a stored number is infinite, not a number or negative; record that day again with the "
    "right values.":
        "لا يمكن الحكم على {names}: أحد الأرقام المخزنة لا نهائي أو ليس رقمًا أو سالب؛ سجّل ذلك اليوم مجددًا بالقيم الصحيحة.",
    "People reached do not match the planned split (chi-square {p}): the audience split is broken; check targeting, "
    "exclusions and budgets before trusting the result.":
        "عدد من وصلهم الإعلان لا يطابق التوزيع المخطط (اختبار كاي تربيع {p}): تقسيم الجمهور معطوب؛ راجع الاستهداف "
        "والاستثناءات والميزانيات قبل الوثوق بالنتيجة.",
    "No sample-ratio check: it needs the people reached per variant (a Reach column), the unit the audience was split "
    "by; impressions and spend are not randomised, so they cannot show a broken split.":
        "لا فحص لنسبة العينة: يحتاج إلى عدد من وصلهم كل إعلان (عمود الوصول)، وهو الوحدة التي قُسّم بها الجمهور؛ "
        "أما مرات الظهور والإنفاق فلا تُوزَّع عشوائيًا، فلا تكشف تقسيمًا معطوبًا.",
    "{name} {got} (planned {want})": "{name} {got} (المخطط {want})",
    "Delivery: impressions went {shown}. Ad platforms shift delivery towards the ads they expect to do better; rates "
    "per impression stay comparable, so this alone does not break the test.":
        "التسليم: توزعت مرات الظهور هكذا: {shown}. تميل منصات الإعلان بالتسليم نحو الإعلانات التي تتوقع أداءها الأفضل؛ "
        "وتبقى المعدلات لكل ظهور قابلة للمقارنة، فهذا وحده لا يُفسد التجربة.",
    "Daily revenue varies {ratio} times more than the assumed order-value spread (coefficient of variation {cv}) "
    "allows (chi-square {p}): the intervals are too narrow; recreate the experiment with a coefficient of variation "
    "of {better} or more.":
        "يتفاوت الإيراد اليومي {ratio} مرة أكثر مما يسمح به تشتت قيمة الطلب المفترض (معامل الاختلاف {cv}) "
        "(اختبار كاي تربيع {p}): الفترات أضيق مما ينبغي؛ أعد إنشاء التجربة بمعامل اختلاف {better} أو أكثر.",
    "Revenue intervals assume order values vary with a coefficient of variation of {cv}; with fewer than 5 days of "
    "revenue this cannot be checked yet, and if a few large orders make most of your revenue, raise it.":
        "تفترض فترات الإيراد أن قيم الطلبات تتفاوت بمعامل اختلاف {cv}؛ ومع أقل من 5 أيام من الإيراد لا يمكن التحقق "
        "من ذلك بعد، وإن كانت طلبات كبيرة قليلة تصنع معظم إيرادك فارفعه.",
    "Sample ratio of {unit} (the people the audience was split into): delivered / planned {shares} ({p})":
        "نسبة العينة في {unit} (الأشخاص الذين قُسّم عليهم الجمهور): المُسلَّم / المخطَّط {shares} ({p})",
    "At {daily} {unit} per variant a day, checked daily for up to {max_days} days:":
        "مع {daily} من {unit} لكل صيغة يوميًا، وفحص يومي لمدة تصل إلى {max_days} يومًا:",
    "only {share} of {n} simulated tests with a {lift} lift decided; more traffic or a bigger lift is needed.":
        "لم تُحسم إلا {share} من {n} تجربة مُحاكاة بتحسّن {lift}؛ يلزم مزيد من الزيارات أو تحسّن أكبر.",
    "a decision is likely by day {days} ({target} of {n} simulated tests; 95% interval: days {span}).":
        "يُرجَّح الحسم بحلول اليوم {days} ({target} من {n} تجربة مُحاكاة؛ فترة 95٪: الأيام {span}).",
    "The {lift} variant is shipped in {ship} of tests and a worse one in {worse}.":
        "تُعتمد الصيغة ذات التحسّن {lift} في {ship} من التجارب، وصيغة أسوأ في {worse}.",
    "In A/A tests (no real difference) the rule names a false winner in {false} and ends “no meaningful difference” "
    "in {same}.":
        "وفي تجارب النسختين المتطابقتين (بلا فرق حقيقي) تُعلن القاعدة فائزًا زائفًا في {false}، وتنتهي بـ«لا فرق يُعتدّ به» في {same}.",
    "False winners at this traffic": "الفائزون الزائفون بهذه الزيارات",
    "{lo} or more": "{lo} أو أكثر",
    "{rows} rows for ad “{name}” match no variant and were skipped.": "{rows} صفًا للإعلان «{name}» لا تطابق أي صيغة فتُخطّيت.",
    # history, prompts
    "Status": "الحالة",
    "ok": "تمّ",
    "Duration (ms)": "المدة (ملّي ثانية)",
    "This run failed": "فشل هذا التشغيل",
    "Model calls: {n}, {tokens:,} tokens, {cost} USD": "استدعاءات النموذج: {n}، {tokens:,} رمز، {cost} دولار",
    "Task": "المهمة",
    "Attempt": "المحاولة",
    "Prompt tokens": "رموز التعليمات",
    "Answer tokens": "رموز الإجابة",
    "Cost (USD)": "التكلفة (دولار)",
    "Call": "الاستدعاء",
    "Answer as received": "الإجابة كما وصلت",
    "No run matches “{q}”.": "لا يوجد تشغيل يطابق «{q}».",
    "bundled": "مرفق",
    "your copy": "نسختك",
    "fingerprint": "البصمة",
    "Choose a file": "اختر ملفًا",
    "Up to 200 MB per file": "حتى 200 ميغابايت لكل ملف",
    "Skip to main content": "انتقل إلى المحتوى",
    "{n:,} more characters not shown.": "لم تُعرض {n:,} محارف أخرى.",
    "Input": "المدخلات",
    "Output": "المخرجات",
    "System message": "رسالة النظام",
    "User message": "رسالة المستخدم",
    "Thread": "السلسلة",
    "Carousel": "الكاروسيل",
    "Hashtags": "الوسوم",
    # insights
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
    "Value": "القيمة",
    "Compared with": "مقارنةً بـ",
    "Lift": "التحسّن",
    "80% interval": "فترة 80٪",
    "Probability it helps": "احتمال أن يفيد",
    "Exposure": "التعرّض",
    "In words": "بالكلمات",
    "Informed prior for a new experiment": "الاحتمال المسبق المستنير لتجربة جديدة",
    "The team's usual rate on this platform, worth at most {w:.0f} observations; it applies to every variant alike.":
        "المعدل المعتاد للفريق على هذه المنصة، بوزن {w:.0f} مشاهدة على الأكثر؛ ويُطبَّق على كل الصيغ بالتساوي.",
    "Start a new {metric} experiment on {platform} from Beta({a:.3g}, {b:.3g}) (mean {mean:.3g}).":
        "ابدأ تجربة جديدة في {metric} على {platform} من توزيع بيتا ({a:.3g}، {b:.3g}) (المتوسط {mean:.3g}).",
    "Start a new {metric} experiment on {platform} from Gamma({a:.3g}, {b:.3g}) (mean {mean:.3g}).":
        "ابدأ تجربة جديدة في {metric} على {platform} من توزيع غاما ({a:.3g}، {b:.3g}) (المتوسط {mean:.3g}).",
    "Not enough history on {platform} yet: it needs {m} experiments with results there.":
        "لا يوجد سجل كافٍ على {platform} بعد: يلزم {m} تجارب ذات نتائج هناك.",
}


# How a run's backend and model read in the summary line (other names are shown as they are).
BACKEND_LABELS: dict[str, str] = {"offline": "offline"}
MODEL_LABELS: dict[str, str] = {"extractive": "extractive, built in"}  # keyed by the name before "-v<version>"


def model_label(model: str) -> str | None:
    """The label of ``model`` (any version of it), or None for a name shown as it is."""
    return MODEL_LABELS.get(regex.sub(r"-v\d+$", "", model))

# The toolkit's error sentences a user meets on the pages, with their Arabic. Values (names, rows,
# files) are kept; anything not listed is shown in Arabic as "could not do that" plus the
# original sentence, so the reason is never lost.
_ERRORS: list[tuple[regex.Pattern[str], str]] = [
    (regex.compile(r"^The pasted text is empty"), "النص الملصق فارغ: الصق مقالًا فيه نص."),
    (regex.compile(r"^The (?P<what>\w+) is not valid \((?P<problems>.*)\): fix it and try again\.$"),
     "القيم المدخلة غير صالحة ({problems}): صحّحها وحاول مجددًا."),
    (regex.compile(r"^Give the experiment a name\.$"), "أعطِ التجربة اسمًا."),
    (regex.compile(r"^An experiment compares at least two variants, (?P<n>\d+) picked"),
     "تقارن التجربة صيغتين على الأقل، واخترت {n}: اختر نصًا آخر."),
    (regex.compile(r"^Row (?P<n>\d+) needs both a day and a variant"),
     "الصف {n} يحتاج إلى يوم وصيغة معًا: املأهما أو احذف الصف."),
    (regex.compile(r"^(?P<file>.+): no impressions, clicks, results, spend or revenue columns found\.$"),
     "\u200f{file}: لا توجد فيه أعمدة مرات الظهور أو النقرات أو النتائج أو الإنفاق أو الإيراد."),
    (regex.compile(r"^(?P<file>.+): cannot read the text encoding"),
     "\u200f{file}: تعذّرت قراءة ترميز النص؛ احفظه بصيغة CSV بترميز UTF-8 واستورده مجددًا."),
    (regex.compile(r"^Cannot reach (?P<where>\S+) .*check the Base URL"),
     "تعذّر الوصول إلى {where}: راجع عنوان الخادم في صفحة القوالب والإعدادات، أو شغّل الخادم المحلي."),
    (regex.compile(r"^Model (?P<model>.+) was not found at (?P<where>\S+) \(404\)"),
     "النموذج {model} غير موجود لدى {where}: راجع النموذج وعنوان الخادم في صفحة القوالب والإعدادات."),
    (regex.compile(r"^Planning simulates rates and counts"),
     "يحاكي المخطِّط المعدلات والأعداد، وهذا المقياس مبني على الإيراد: خطّط بمقياس العدد المقابل له."),
]
_ERROR_FALLBACK = "تعذّر إتمام ذلك، والسبب بالإنجليزية: {0}"


# The CLI's words for settings, as the page calls them.
_PAGE_WORDS = (
    ("check --model and OPENAI_BASE_URL", "check the Model and the Base URL on Prompts & settings"),
    ("check OPENAI_BASE_URL", "check the Base URL on Prompts & settings"),
    ("--model", "the Model on Prompts & settings"),
)


def page_words(message: str) -> str:
    """``message`` with command-line and environment names replaced by the page's own labels."""
    for cli, page in _PAGE_WORDS:
        message = message.replace(cli, page)
    return message


def translate_error(message: str, lang: UiLanguage) -> str:
    """A toolkit error sentence in the UI language (see ``_ERRORS``), in the page's words."""
    message = page_words(message)
    if lang == "en":
        return message
    for pattern, template in _ERRORS:
        m = pattern.search(message)
        if m:
            return template.format(**{k: f"\u2068{v}\u2069" for k, v in m.groupdict().items()})
    return _ERROR_FALLBACK.format(f"\u2068{message}\u2069")


def tr(text: str, lang: UiLanguage, /, **values: object) -> str:
    """``text`` in the UI language, with ``values`` formatted in; English is the fallback."""
    template = AR.get(text, text) if lang == "ar" else text
    return template.format(**values) if values else template


def direction(lang: UiLanguage) -> str:
    return "rtl" if lang == "ar" else "ltr"

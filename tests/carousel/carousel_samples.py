"""Hand-built carousels: Arabic sentences from the real posts in tests/data/posts, English
ones of the same shape, and stress cases far past the platform's text budgets."""

from __future__ import annotations

from toolkit.platforms import PLATFORMS
from toolkit.repurpose.models import Carousel, Slide

AR_TITLE = "ما هي فوائد التواصل الاجتماعي؟"
AR_BULLETS = [
    "يمكن أن تساعدك وسائل التواصل الاجتماعي على التواصل مع أشخاص من جميع أنحاء العالم.",
    "تساعد المشاركة الشركات في الوصول إلى جمهورها المستهدف وخلق تجربة عملاء أفضل.",
    "يظل Facebook أكثر الشبكات الاجتماعية شعبية، حيث يصل إلى 90٪ من مستخدمي الهواتف المحمولة.",
]
AR_LONG_TITLE = (
    "يستخدم المسوقون شبكات التواصل الاجتماعي لزيادة التعرف على العلامات التجارية وتشجيع ولاء "
    "العلامة التجارية وقياس المشاركة من حيث الإعجابات والمشاركات والتعليقات"
)
AR_LONG_BULLET = (
    "من أجل إشراك المستخدمين على منصات التواصل الاجتماعي بشكل فعال، يجب أن تفهم الشركات ما الذي "
    "يجعلها علامة، ويتضمن ذلك فهم اهتماماتهم ودوافعهم بالإضافة إلى أنماط سلوكهم عبر الإنترنت "
    "على Facebook و Twitter و LinkedIn و Instagram وغيرها."
)

EN_TITLE = "What are the benefits of social engagement?"
EN_BULLETS = [
    "Social media helps you connect with people from all around the world.",
    "Engagement helps businesses reach their target audience and improve the customer experience.",
    "Facebook remains the most popular network, reaching 90% of mobile users in the United States.",
]
EN_LONG_TITLE = (
    "Marketers use social networks to build brand recognition, encourage loyalty and measure "
    "engagement through likes, shares, comments and every other action users take on a post"
)
EN_LONG_BULLET = (
    "To engage users on social platforms effectively, companies must understand what makes them "
    "tick: their interests, their motivations and their behaviour online, on Facebook, Twitter, "
    "LinkedIn, Instagram and everywhere else, https://example.com/a-very-long-unbreakable-path-segment"
)


def carousel(
    language: str = "ar",
    *,
    platform: str = "instagram",
    slides: int = 5,
    long: bool = False,
    handle: str = "@toolkit_ar",
) -> Carousel:
    """A cover, ``slides - 2`` content slides and a CTA; ``long`` uses the stress texts."""
    ar = language == "ar"
    title = (AR_LONG_TITLE if ar else EN_LONG_TITLE) if long else (AR_TITLE if ar else EN_TITLE)
    bullets = AR_BULLETS if ar else EN_BULLETS
    if long:
        bullets = [AR_LONG_BULLET if ar else EN_LONG_BULLET] * 3
    cover = Slide(
        index=1, kind="cover", title=title,
        body="دليل سريع للمسوقين" if ar else "A quick guide for marketers",
        alt_text="غلاف: " + title if ar else "Cover: " + title,
    )
    content = [
        Slide(index=i, kind="content", title=title, bullets=bullets, alt_text=f"{title} ({i})")
        for i in range(2, slides)
    ]
    cta = Slide(
        index=slides, kind="cta",
        title="تابعنا لمزيد من النصائح" if ar else "Follow for more tips",
        body="https://example.com/مقالات" if ar else "https://example.com/blog",
        alt_text="",
    )
    return Carousel(
        platform=platform,
        language=language,  # type: ignore[arg-type]
        size=PLATFORMS[platform].carousel.sizes[0],  # type: ignore[union-attr]
        slides=[cover, *content, cta],
        handle=handle,
    )


# A minimal user theme: only colours; everything else comes from the bundled default.
BRAND_THEME = """
name = "brand"
[colors]
background = "#FFFFFF"
surface = "#F2F4F7"
text = "#101828"
muted = "#475467"
accent = "#7F56D9"
"""

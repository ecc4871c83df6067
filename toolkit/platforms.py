"""The platform table: one row per platform drives counting, fitting, hashtags and carousels.

Adding a platform is adding a row here. Values come from ``docs/REFERENCE.md`` (platform docs,
twitter-text v3, measurements); where sources disagree the row says so in ``notes``.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

from .errors import UnknownPlatformError

CountingUnit = Literal["x_weighted", "chars", "threads_chars", "utf16", "graphemes", "mastodon"]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class HashtagRule(_Frozen):
    max: int | None = None  # hard limit enforced by the platform (None: no hard limit)
    in_caption: int  # how many the toolkit puts in a caption
    set_size: int  # how many a hashtag set offers
    max_length: int = 40  # longest tag the toolkit writes, '#' excluded

    @property
    def caption_cap(self) -> int:
        """How many tags a caption or thread carries: the toolkit's choice, never past the platform's limit."""
        return min(self.in_caption, self.max) if self.max is not None else self.in_caption

    @property
    def set_cap(self) -> int:
        """How many tags a hashtag set offers, never past the platform's limit."""
        return min(self.set_size, self.max) if self.max is not None else self.set_size


class ThreadRule(_Frozen):
    max_posts: int = 25  # the toolkit's own cap; briefs ask for fewer


class CarouselRule(_Frozen):
    min_slides: int = 3
    max_slides: int
    sizes: tuple[tuple[int, int], ...]
    output: Literal["png", "pdf"]
    title_chars: int = 90  # the renderer shrinks type to fit; a cover title needs room for a whole headline
    bullet_chars: int = 150  # a whole sentence fits; the renderer shrinks the type of a full slide
    bullets_per_slide: int = 3
    slide_chars: int = 320  # text budget of one slide: title + bullets
    alt_text_chars: int


class Platform(_Frozen):
    key: str
    name: str
    limit: int
    unit: CountingUnit
    target: int  # a good caption length: the offline engine aims here, never past ``limit``
    visible_chars: int | None = None  # shown before "see more"
    title_limit: int | None = None  # platforms whose posts have a separate title
    url_weight: int | None = None  # every URL counts this much, whatever its length
    max_links: int | None = None
    caption_links: bool = True  # False: a link in a caption is not clickable there ("link in bio")
    hashtags: HashtagRule
    thread: ThreadRule | None = None
    carousel: CarouselRule | None = None
    notes: str = ""


PLATFORMS: dict[str, Platform] = {
    p.key: p
    for p in [
        Platform(
            key="x", name="X", limit=280, unit="x_weighted", target=270, url_weight=23,
            hashtags=HashtagRule(in_caption=2, set_size=4), thread=ThreadRule(),
            notes="twitter-text v3 weighted length: CJK/Arabic presentation forms weigh 2, emoji 2, URL 23.",
        ),
        Platform(
            key="threads", name="Threads", limit=500, unit="threads_chars", target=450, max_links=5,
            hashtags=HashtagRule(max=1, in_caption=1, set_size=1), thread=ThreadRule(),
            notes="One topic tag per post; emoji count as their UTF-8 bytes.",
        ),
        Platform(
            key="linkedin", name="LinkedIn", limit=3000, unit="chars", target=1300, visible_chars=210,
            hashtags=HashtagRule(in_caption=3, set_size=5),
            carousel=CarouselRule(max_slides=12, sizes=((1080, 1350), (1080, 1080)), output="pdf", alt_text_chars=300),
            notes="Document posts accept up to 300 pages; 8-12 slides is the usual practice.",
        ),
        Platform(
            key="instagram", name="Instagram", limit=2200, unit="chars", target=900, visible_chars=125,
            caption_links=False,
            hashtags=HashtagRule(max=5, in_caption=5, set_size=5),
            carousel=CarouselRule(
                max_slides=10, sizes=((1080, 1350), (1080, 1080), (1080, 1440)), output="png", alt_text_chars=300
            ),
            notes="5 hashtags per post since the Dec 2025 rollout (30 before); 10 slides via the API, 20 in the app.",
        ),
        Platform(
            key="facebook", name="Facebook", limit=63206, unit="chars", target=600, visible_chars=480,
            hashtags=HashtagRule(in_caption=2, set_size=3),
            notes="63,206 is the platform limit; some tools cap at 5,000.",
        ),
        Platform(
            key="tiktok", name="TikTok", limit=2200, unit="utf16", target=400, caption_links=False,
            hashtags=HashtagRule(in_caption=4, set_size=5),
            notes="Video caption 2,200 UTF-16 units; photo posts: description 4,000, title 90.",
        ),
        Platform(
            key="bluesky", name="Bluesky", limit=300, unit="graphemes", target=290,
            hashtags=HashtagRule(max=8, in_caption=2, set_size=5), thread=ThreadRule(),
            notes="300 graphemes; at most 8 tags.",
        ),
        Platform(
            key="mastodon", name="Mastodon", limit=500, unit="mastodon", target=480, url_weight=23,
            hashtags=HashtagRule(in_caption=3, set_size=5), thread=ThreadRule(),
            notes="500 is the default; servers may raise it. URLs count 23, @user@domain counts as @user.",
        ),
        Platform(
            key="pinterest", name="Pinterest", limit=500, unit="chars", target=450, title_limit=100,
            hashtags=HashtagRule(in_caption=3, set_size=5),
            notes="Pin title 100, description 500, alt text 500.",
        ),
        Platform(
            key="youtube", name="YouTube", limit=5000, unit="chars", target=900, title_limit=100, visible_chars=157,
            hashtags=HashtagRule(max=15, in_caption=3, set_size=5),
            notes="Title 100, description 5,000; over 15 hashtags and YouTube ignores them all.",
        ),
    ]
}

PLATFORM_KEYS: list[str] = list(PLATFORMS)
CAROUSEL_PLATFORMS: list[str] = [k for k, p in PLATFORMS.items() if p.carousel]

_ALIASES = {"twitter": "x", "ig": "instagram", "fb": "facebook", "yt": "youtube", "bsky": "bluesky"}


def get_platform(name: str | Platform) -> Platform:
    """Look a platform up by key or common alias (``twitter`` -> ``x``), case-insensitively."""
    if isinstance(name, Platform):
        return name
    key = name.strip().lower()
    key = _ALIASES.get(key, key)
    try:
        return PLATFORMS[key]
    except KeyError:
        raise UnknownPlatformError(name, PLATFORM_KEYS) from None


def resolve_platforms(names: list[str] | tuple[str, ...] | None) -> list[Platform]:
    """The platforms asked for, de-duplicated in order; all of them when none are named."""
    if not names:
        return list(PLATFORMS.values())
    seen: dict[str, Platform] = {}
    for n in names:
        for part in n.split(","):
            if part.strip():
                p = get_platform(part)
                seen.setdefault(p.key, p)
    return list(seen.values())

"""Data at the repurposing boundaries: the parsed post, the brief, and every output.

Both backends (offline and OpenAI) produce these same models; exports, storage, rendering and
the app consume them.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from ..lang import Language

SourceFormat = Literal["markdown", "html", "text", "docx"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


# --- the parsed post ------------------------------------------------------------------------


class Link(_Model):
    text: str
    url: str


class Section(_Model):
    """A heading and what follows it up to the next heading of the same or higher level."""

    heading: str | None = None
    level: int = 2
    paragraphs: list[str] = Field(default_factory=list)
    bullets: list[str] = Field(default_factory=list)


class Post(_Model):
    title: str
    language: Language
    source_format: SourceFormat
    sections: list[Section]
    links: list[Link] = Field(default_factory=list)
    source_name: str = ""  # file name, "-" for stdin, "" for a string
    source_hash: str  # sha256 of the normalised text: identical posts share it
    # Names of the site, publisher and authors found in the page's chrome or metadata: never
    # hashtags or mentions of a brand that reposts the content.
    source_brands: list[str] = Field(default_factory=list)
    description: str = ""  # the page's own summary (front matter or meta description), not body text
    tags: list[str] = Field(default_factory=list)  # the author's own tags (front matter, rel=tag links)

    @property
    def text(self) -> str:
        """The body as plain text, headings on their own lines."""
        parts: list[str] = []
        for s in self.sections:
            if s.heading:
                parts.append(s.heading)
            parts.extend(s.paragraphs)
            parts.extend(s.bullets)
        return "\n".join(parts)

    @property
    def word_count(self) -> int:
        return len(self.text.split())


# --- what the user asks for ------------------------------------------------------------------

Tone = Literal["professional", "friendly", "playful", "bold", "informative"]


class Brief(_Model):
    """Steers every output: who it is for, how it sounds, what the reader should do next."""

    audience: str = ""
    tone: Tone = "professional"
    call_to_action: str = ""  # empty: a default in the output language
    link: str = ""
    brand_voice: str = ""  # notes for the OpenAI backend; the offline engine cannot follow style notes
    emoji: bool = True
    language: Literal["auto", "ar", "en"] = "auto"
    variants: int = Field(default=3, ge=1, le=10)
    brand_hashtags: list[str] = Field(default_factory=list)
    thread_max_posts: int = Field(default=12, ge=2, le=25)
    handle: str = ""  # shown on carousel slides, e.g. @brand
    learn_from_experiments: bool = True  # order caption angles by what won in past experiments, when there are some

    @field_validator("link")
    @classmethod
    def _link_is_http(cls, v: str) -> str:
        v = v.strip()
        if v and not v.lower().startswith(("http://", "https://")):
            raise ValueError("must start with http:// or https://")
        return v

    @field_validator("brand_hashtags")
    @classmethod
    def _strip_hash(cls, v: list[str]) -> list[str]:
        return [t.strip().lstrip("#") for t in v if t.strip().lstrip("#")]

    def language_for(self, post: Post) -> Language:
        """The language to write in: the brief's, or the post's own when the brief says ``auto``."""
        return post.language if self.language == "auto" else self.language


# --- outputs ---------------------------------------------------------------------------------

HashtagKind = Literal["broad", "niche", "brand"]


class Hashtag(_Model):
    tag: str  # with the leading '#'
    kind: HashtagKind
    score: float = 0.0


class HashtagSet(_Model):
    platform: str
    hashtags: list[Hashtag]
    max: int | None  # the platform's hard limit, if any


class Caption(_Model):
    platform: str
    variant: int = 0  # 0 is the main caption; 1.. are alternatives
    angle: str = "summary"  # the hook strategy: summary, question, statistic, list, insight, audience
    title: str | None = None  # YouTube and Pinterest
    text: str
    hashtags: list[str] = Field(default_factory=list)
    length: int
    limit: int
    title_length: int | None = None
    title_limit: int | None = None
    unit: str
    repaired: bool = False  # the backend's text broke a rule and was fitted deterministically


class ThreadPost(_Model):
    index: int  # 1-based
    text: str
    length: int


class Thread(_Model):
    platform: str
    posts: list[ThreadPost]
    limit: int
    unit: str
    repaired: bool = False


SlideKind = Literal["cover", "content", "cta"]


class Slide(_Model):
    index: int  # 1-based
    kind: SlideKind
    title: str
    bullets: list[str] = Field(default_factory=list)
    body: str = ""  # cover subtitle, or the CTA slide's link / handle
    alt_text: str


class Carousel(_Model):
    platform: str
    language: Language
    size: tuple[int, int]
    slides: list[Slide]
    handle: str = ""
    repaired: bool = False


class RepurposeResult(_Model):
    """Everything one run produced, in the shape ``--format json`` prints."""

    run_id: int | None = None
    title: str
    language: Language
    word_count: int
    backend: str
    model: str
    brief: Brief
    platforms: list[str]
    captions: list[Caption] = Field(default_factory=list)
    threads: list[Thread] = Field(default_factory=list)
    carousels: list[Carousel] = Field(default_factory=list)
    hashtag_sets: list[HashtagSet] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)
    timings_ms: dict[str, float] = Field(default_factory=dict)

"""Estimated cost of calls, from a price table the user can edit.

The bundled ``prices.toml`` is merged with the user's file (``TOOLKIT_PRICES`` or an explicit
path), which wins model by model. Prices are US dollars per million tokens.
"""

from __future__ import annotations

import logging
import os
import tomllib
from functools import lru_cache
from importlib import resources
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ..errors import ConfigError, describe_validation
from ..platforms import Platform
from ..repurpose.layout import Layout
from ..repurpose.models import Brief, Language, Post
from .models import Usage
from .plan import DraftJob, plan
from .prompts import Prompts
from .settings import LLMSettings
from .tokens import estimate_message_tokens, estimate_tokens

__all__ = ["Price", "estimate_cost", "estimate_post_usage", "estimate_tokens", "load_prices", "price_for"]

PRICES_ENV = "TOOLKIT_PRICES"
log = logging.getLogger("toolkit.llm")


class Price(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    input: float = Field(ge=0)  # USD per 1M prompt tokens
    output: float = Field(ge=0)  # USD per 1M completion tokens


def _read(path: Path) -> dict[str, Price]:
    try:
        data = tomllib.loads(path.read_text("utf-8"))
    except OSError as exc:
        raise ConfigError(f"Price file {str(path)!r} cannot be read ({exc.strerror}): check TOOLKIT_PRICES or --prices.") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"Price file {str(path)!r} is not valid TOML ({exc}): fix it.") from None
    try:
        return {name: Price.model_validate(v) for name, v in data.get("models", {}).items()}
    except ValidationError as exc:
        raise ConfigError(f"Price file {str(path)!r} has a bad entry ({describe_validation(exc, limit=1)}): "
                          "each model needs input and output prices per million tokens.") from None


@lru_cache(maxsize=8)
def _load(path: str | None) -> dict[str, Price]:
    bundled = resources.files("toolkit.llm").joinpath("prices.toml")
    with resources.as_file(bundled) as p:
        prices = _read(p)
    if path:
        prices.update(_read(Path(path).expanduser()))
    return prices


def load_prices(path: str | os.PathLike[str] | None = None) -> dict[str, Price]:
    """The bundled table merged with ``path`` (or ``TOOLKIT_PRICES``), user entries winning."""
    chosen = path or os.environ.get(PRICES_ENV) or None
    return dict(_load(str(chosen) if chosen else None))


def price_for(model: str, prices: dict[str, Price]) -> Price | None:
    """The entry whose name is the longest prefix of ``model`` (dated snapshots share a price)."""
    matches = [name for name in prices if model == name or model.startswith(name)]
    return prices[max(matches, key=len)] if matches else None


def estimate_cost(model: str, prompt_tokens: int, completion_tokens: int, *, prices: dict[str, Price] | None = None) -> float:
    """US dollars for the tokens; 0.0 for a model missing from the table (logged once per model)."""
    price = price_for(model, prices if prices is not None else load_prices())
    if price is None:
        _warn_unpriced(model)
        return 0.0
    return round((prompt_tokens * price.input + completion_tokens * price.output) / 1_000_000, 8)


@lru_cache(maxsize=64)
def _warn_unpriced(model: str) -> None:
    log.warning("no price for model %r: cost counted as 0; add it to your TOOLKIT_PRICES file", model)


def _expected_completion_tokens(kind: str, budget: dict, language: Language) -> int:
    """Tokens of a typical full answer: the text the budget allows, plus JSON punctuation."""
    if kind == "captions":
        chars = budget["variants"] * (budget["text"] + 20 * budget["hashtags"] + 40)
    elif kind == "thread":
        chars = (budget["posts"] + 1) * budget["post"] * 3 // 4
    elif kind == "carousel":
        chars = (budget["min_slides"] + budget["max_slides"]) // 2 * (budget["title"] + budget["bullets"] * budget["bullet"] // 2)
    else:
        chars = budget["hashtags"] * 40
    sample = ("ا" if language == "ar" else "a") * chars
    return estimate_tokens(sample) + 30


def estimate_post_usage(post: Post, brief: Brief, platforms: list[Platform], settings: LLMSettings, *,
                        language: Language | None = None, layout: Layout | None = None) -> Usage:
    """Tokens and cost one post would take, without calling anything (for ``--dry-run``).

    Prompts are rendered for real and estimated; answers are estimated from each call's budget.
    Second asks are not counted: they happen only for answers that break a rule.
    """
    lang: Language = language or brief.language_for(post)
    layout = layout or Layout()
    tasks = plan(DraftJob(post, brief, lang, platforms, layout), Prompts.from_layout(layout), settings)
    prompt = sum(estimate_message_tokens(t.request.messages) for t in tasks)
    completion = sum(min(_expected_completion_tokens(t.kind, t.context["budget"], lang), settings.max_tokens) for t in tasks)
    return Usage(prompt_tokens=prompt, completion_tokens=completion, calls=len(tasks),
                 cost_usd=estimate_cost(settings.model, prompt, completion, prices=load_prices(settings.prices_path)))

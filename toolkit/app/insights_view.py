"""The Insights page's tables and headline from an ``InsightsReport``, in the UI language (pure)."""

from __future__ import annotations

from ..insights.attributes import ATTRIBUTES
from ..insights.service import MIN_HISTORY, InsightsReport, caption_estimate
from ..insights.words import cell_name, level_name, sentence, short_note
from .i18n import UiLanguage, tr


def headline(report: InsightsReport, lang: UiLanguage) -> tuple[bool, str]:
    """(is it a claim, the one sentence the page leads with)."""
    if report.experiments < MIN_HISTORY or not report.effects:
        return False, tr(
            "{n} experiments with results so far: insights need at least {m} experiments with recorded numbers whose variants "
            "differ in angle, hook, length, emoji, hashtags or tone (create them from captions on the Repurpose page).",
            lang, n=report.experiments, m=MIN_HISTORY)
    top = report.effects[0]
    if not top.claim:
        return False, tr("Not enough evidence yet for any clear winner across {n} experiments.", lang, n=report.experiments)
    return True, effect_sentence(report, top, lang)


def effect_sentence(report: InsightsReport, e, lang: UiLanguage) -> str:
    return sentence(e.attribute, e.level, e.reference, e.platform, None if e.language == "any" else e.language,
                    report.metric or "", e.lift, e.lift_low, e.lift_high, e.prob_helps, e.experiments, report.ci_level,
                    lang)


def attribute_rows(report: InsightsReport, attribute: str, lang: UiLanguage) -> list[dict]:
    """One row per level and cell of ``attribute``, claims first (the report's order)."""
    return [
        {
            tr("Platform", lang): cell_name(e.platform, None if e.language == "any" else e.language, lang),
            tr("Value", lang): level_name(e.attribute, e.level, lang),
            tr("Compared with", lang): level_name(e.attribute, e.reference, lang),
            tr("Lift", lang): f"{e.lift:+.1%}",
            tr("80% interval", lang): f"{e.lift_low:+.1%} … {e.lift_high:+.1%}",
            tr("Probability it helps", lang): f"{e.prob_helps:.0%}",
            tr("Experiments", lang): e.experiments,
            tr("Exposure", lang): f"{e.trials:,.0f}",
            tr("In words", lang): effect_sentence(report, e, lang),
        }
        for e in report.effects if e.attribute == attribute
    ]


def attribute_label(attribute: str, lang: UiLanguage) -> str:
    return tr(ATTRIBUTES[attribute], lang)


def caption_note(report: InsightsReport, platform: str, angle: str, language: str | None, lang: UiLanguage) -> str | None:
    """The estimate to show next to a caption in "Variants to experiment"; None without one."""
    e = caption_estimate(report, platform, angle, language)
    if e is None or report.metric is None:
        return None
    return short_note(e.attribute, e.level, e.reference, report.metric, e.lift, e.prob_helps, lang)

"""The Repurpose page's results: summary, downloads, and per platform the caption cards with
their editors, the thread, the carousel and the hashtag set.

Streamlit view code; the HTML comes from ``cards``, the bytes from ``downloads`` and
``scheduler``, the counts from ``edits`` (all pure and unit-tested).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo, available_timezones

import streamlit as st

from ..bidi import Direction, text_direction
from ..platforms import PLATFORMS
from ..repurpose import RepurposeResult
from ..repurpose.models import Thread
from ..schedulers import DATE_ORDERS, DEFAULT_DATE_ORDER
from . import cards, edits, scheduler, session
from .downloads import file_stem, result_downloads
from .forms import LANGUAGE_NAMES
from .i18n import UiLanguage, tr
from .session import t
from .variants import experiment_section


def _on_edit(key: str, platform: str, variant: int) -> None:
    st.session_state["result"] = edits.with_caption_text(st.session_state["result"], platform, variant,
                                                         st.session_state[key])


def _on_title(key: str, platform: str, variant: int) -> None:
    st.session_state["result"] = edits.with_caption_title(st.session_state["result"], platform, variant,
                                                          st.session_state[key])


def _on_post(key: str, platform: str, index: int) -> None:
    st.session_state["result"] = edits.with_thread_post(st.session_state["result"], platform, index,
                                                        st.session_state[key])


def _editor_state(key: str, text: str) -> None:
    if key not in st.session_state:
        st.session_state[key] = text


def _captions(result: RepurposeResult, platform: str, ui: UiLanguage, rtl: list[str]) -> None:
    default: Direction = "rtl" if result.language == "ar" else "ltr"
    for c in (c for c in result.captions if c.platform == platform):
        key = f"ed-{session.result_key(result)}-{platform}-{c.variant}"
        title_key = f"ti-{session.result_key(result)}-{platform}-{c.variant}" if c.title is not None else ""
        _editor_state(key, c.text)
        card, editor = st.columns([3, 2], gap="medium")
        card.html(cards.caption_card(c, result.language, ui, editor=key, title_editor=title_key,
                                     handle=result.brief.handle))
        with editor:
            if title_key:
                _editor_state(title_key, c.title or "")
                st.text_input(t("Title"), key=title_key, persist_state="session", on_change=_on_title,
                              args=(title_key, platform, c.variant))
            st.text_area(t("Edit"), key=key, persist_state="session", height=230, on_change=_on_edit,
                         args=(key, platform, c.variant),
                         help=t("Edits are counted as you type; the card updates when you leave the editor."))
        rtl.extend(k for k in (key, title_key) if k and text_direction(st.session_state[k], default) == "rtl")


def _thread(result: RepurposeResult, thread: Thread, ui: UiLanguage, rtl: list[str]) -> None:
    """The thread with copy buttons; one editor per post once asked for (dozens of editors cost a second)."""
    st.html(cards.thread_list(thread, result.language, ui))
    default: Direction = "rtl" if result.language == "ar" else "ltr"
    if not st.toggle(t("Edit the posts"), key=f"thedit-{session.result_key(result)}-{thread.platform}"):
        return
    for post in thread.posts:
        key = f"th-{session.result_key(result)}-{thread.platform}-{post.index}"
        _editor_state(key, post.text)
        st.text_area(t("Post {n}", n=post.index), key=key, persist_state="session", height=120,
                     on_change=_on_post, args=(key, thread.platform, post.index))
        if text_direction(st.session_state[key], default) == "rtl":
            rtl.append(key)


def _carousel(result: RepurposeResult, platform: str, ui: UiLanguage) -> None:
    """Text mock-ups at once; the real slides (WeasyPrint, about a second) when asked for."""
    carousel = next((c for c in result.carousels if c.platform == platform), None)
    if carousel is None:
        return
    st.html(cards.carousel_heading(carousel, ui))
    renders: dict = st.session_state.setdefault("renders", {})
    if platform not in renders:
        st.html(cards.slide_previews(carousel))
        if not st.button(t("Render slides"), key=f"render-{session.result_key(result)}-{platform}"):
            return
        from ..carousel import (
            render_carousel,  # WeasyPrint: loaded by the first render only
        )

        with session.errors_shown(), st.status(t("Rendering slides…"), expanded=False) as status:
            status.write(t("Laying out {n} slides with their fonts…", n=len(carousel.slides)))
            renders[platform] = render_carousel(carousel)
            status.update(label=t("Slides ready."), state="complete")
            st.rerun()  # redraw with the images in place of the mock-ups
        return
    from ..carousel import PDF_FILE, zip_pngs

    rendered = renders[platform]
    numbers = [f"{i} / {rendered.page_count}" for i in range(1, rendered.page_count + 1)]
    st.image(rendered.pngs, width=180, caption=numbers)
    c1, c2 = st.columns(2)
    c1.download_button(t("Slides (PNG, zip)"), zip_pngs(rendered), f"{file_stem(result)}-{platform}-slides.zip",
                       "application/zip", on_click="ignore", key=f"zip-{platform}")
    c2.download_button(t("Document (PDF)"), rendered.pdf, f"{file_stem(result)}-{platform}-{PDF_FILE}",
                       "application/pdf", on_click="ignore", key=f"pdf-{platform}")


def _platform(result: RepurposeResult, platform: str, ui: UiLanguage, rtl: list[str]) -> None:
    _captions(result, platform, ui, rtl)
    for thread in (x for x in result.threads if x.platform == platform):
        _thread(result, thread, ui, rtl)
    _carousel(result, platform, ui)
    for tags in (h for h in result.hashtag_sets if h.platform == platform):
        st.html(cards.hashtag_chips(tags, result.language, ui))


def _scheduler_download(result: RepurposeResult, ui: UiLanguage) -> None:
    with st.expander(t("Scheduler CSV")):
        c1, c2 = st.columns(2)
        chosen = c1.selectbox(t("Scheduler"), list(scheduler.SCHEDULERS), key="sched_name",
                              format_func=lambda k: scheduler.SCHEDULERS[k].name)
        options = [p for p in result.platforms if p in scheduler.SCHEDULERS[chosen].platforms]
        platform = c2.selectbox(t("Platform"), options, key="sched_platform", format_func=lambda k: PLATFORMS[k].name)
        c1, c2, c3, c4 = st.columns(4)
        day = c1.date_input(t("First post"), key="sched_day", value=datetime.now().date() + timedelta(days=1))
        at = c2.time_input(t("Time"), key="sched_time", value=datetime.strptime("09:00", "%H:%M").time())
        zones = sorted(available_timezones())
        zone = c3.selectbox(t("Time zone"), zones, key="sched_zone", index=zones.index("UTC"))
        every = c4.number_input(t("Minutes between posts"), min_value=10, value=60, step=10, key="sched_every")
        account = st.text_input(t("PostFast account id"), key="sched_account") if chosen == "postfast" else ""
        order = DEFAULT_DATE_ORDER
        if scheduler.SCHEDULERS[chosen].uses_date_order:
            order = st.radio(t("Date format chosen at upload"), list(DATE_ORDERS), key="sched_order", horizontal=True,
                             format_func=lambda o: tr("mm/dd/yyyy", ui) if o == "mdy" else tr("dd/mm/yyyy", ui))
        if platform is None:
            return
        with session.errors_shown():
            text = scheduler.scheduler_csv(
                [c for c in result.captions if c.platform == platform], chosen,
                start=datetime.combine(day, at, tzinfo=ZoneInfo(zone)), every=timedelta(minutes=every),
                link=result.brief.link, account_id=account, date_order=order,
            )
            st.download_button(t("Download scheduler CSV"), text.encode("utf-8"),
                                f"{file_stem(result)}-{chosen}-{platform}.csv", "text/csv", on_click="ignore",
                                key="sched_download")


def show(result: RepurposeResult, ui: UiLanguage) -> None:
    """Everything under the form once a run exists: summary, downloads, one tab per platform."""
    st.divider()
    st.subheader(session.plain(result.title), anchor=False)
    language = t(LANGUAGE_NAMES[result.language])
    st.caption(session.run_line(result.word_count, language, result.backend, result.model, result.run_id))
    if result.run_id is None:
        st.warning(t("Not saved to History: the database could not be written (it may be full or read-only). "
                     "Download the outputs now to keep them."), icon="⚠️")
    if "total" in result.timings_ms:
        st.caption(t("Done in {ms:,.0f} ms", ms=result.timings_ms["total"]))
    for warning in result.warnings:
        session.engine_note(warning)
    cols = st.columns(4)
    for col, d in zip(cols, result_downloads(result), strict=False):
        col.download_button(d.label, d.data, d.file_name, d.mime, on_click="ignore", key=f"dl-{d.label}",
                            width="stretch")
    _scheduler_download(result, ui)
    tabs = st.tabs([PLATFORMS[p].name for p in result.platforms])
    rtl: list[str] = []  # editors the shared direction rule sets right to left, styled in one block
    for tab, platform in zip(tabs, result.platforms, strict=True):
        with tab:
            _platform(result, platform, ui, rtl)
    session.editors_direction(rtl)
    experiment_section(result)



"""Every page with AppTest: renders without exception, and one real scenario each, against a
temporary database (``TOOLKIT_DB`` from the autouse fixture) and the offline engine."""

from __future__ import annotations

import json
import sqlite3

import pytest
from streamlit.testing.v1 import AppTest

from tests.app.conftest import ARABIC_POST, ENGLISH_POST, meta_export
from toolkit.repurpose import Brief, read_text, repurpose
from toolkit.store import Store
from toolkit.textlen import count

PAGES = ["repurpose", "experiments", "insights", "history", "prompts"]


def open_app(page: str | None = None, *, lang: str = "en") -> AppTest:
    at = AppTest.from_file("../../app.py", default_timeout=60)
    at.session_state["ui_lang"] = lang
    at.run()
    if page:
        at.switch_page(f"toolkit/app/pages/{page}.py").run()
    return at


def html_of(at: AppTest) -> str:
    return "\n".join(h.value for h in at.html)


@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders(page):
    at = open_app(page)
    assert not at.exception
    assert not at.error


@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_in_arabic(page):
    at = open_app(page, lang="ar")
    assert not at.exception
    assert "direction: rtl" in "".join(h.value for h in at.html)


def test_repurpose_generates_edits_and_logs(db_path):
    at = open_app()
    text = ARABIC_POST.read_text("utf-8")
    at.text_area(key="source_text").input(text)
    at.multiselect(key="platforms").set_value(["x", "instagram", "linkedin"])
    at.button(key="generate").click().run()
    assert not at.exception and not at.error
    result = at.session_state["result"]
    assert result.run_id == 1 and result.platforms == ["x", "instagram", "linkedin"]
    x = next(c for c in result.captions if c.platform == "x")
    assert x == next(c for c in repurpose(read_text(text), Brief(), platforms=["x"]).captions if c.platform == "x")
    page = html_of(at)
    assert f'<span class="tk-count">{x.length}</span> / 280' in page
    assert page.count('class="tk-card tk-p-x"') == 3
    style = next(h.value for h in at.html if ".st-key-ed-1-x-0 textarea, .st-key-ed-1-x-0 input" in h.value)
    assert style.endswith("{ direction: rtl; unicode-bidi: isolate; }</style>")

    edited = x.text + " إضافة"
    at.text_area(key="ed-1-x-0").input(edited).run()
    assert at.session_state["result"].captions[0].text == edited
    assert f'<span class="tk-count">{count(edited, "x")}</span> / 280' in html_of(at)

    rows = sqlite3.connect(db_path).execute("select id, status, source_language from runs").fetchall()
    assert rows == [(1, "ok", "ar")]


def test_scheduler_download_offers_sprout_social():
    at = open_app()
    at.text_area(key="source_text").input(ARABIC_POST.read_text("utf-8"))
    at.multiselect(key="platforms").set_value(["x", "mastodon"])
    at.button(key="generate").click().run()
    assert at.selectbox(key="sched_name").options == ["Hootsuite", "Sprout Social", "Publer", "PostFast"]
    at.selectbox(key="sched_name").set_value("sprout").run()
    assert at.selectbox(key="sched_platform").options == ["X"]  # Sprout Social does not post to Mastodon
    assert at.radio(key="sched_order").options == ["dd/mm/yyyy", "mm/dd/yyyy"]  # the default first, as in bulk
    at.radio(key="sched_order").set_value("dmy").run()
    assert not at.exception and not at.error
    at.selectbox(key="sched_name").set_value("publer").run()
    assert at.selectbox(key="sched_platform").options == ["X", "Mastodon"]
    assert "sched_order" not in [r.key for r in at.radio]  # Publer's dates are always YYYY/MM/DD


def test_repurpose_errors_are_messages_not_tracebacks():
    at = open_app()
    at.button(key="generate").click().run()
    assert not at.exception
    assert [e.value for e in at.error] == ["The pasted text is empty: give a blog post with some text in it."]
    at.text_area(key="source_text").input(ENGLISH_POST.read_text("utf-8"))
    at.text_input(key="b_link").input("example.com")
    at.button(key="generate").click().run()
    assert not at.exception
    assert [e.value for e in at.error] == [
        "The brief is not valid (link: must start with http:// or https://): fix it and try again."
    ]
    at.text_input(key="b_link").input("")
    at.selectbox(key="b_language").set_value("ar")
    at.button(key="generate").click().run()
    assert "cannot translate" in at.error[0].value


def test_history_finds_reopens_and_reexports(db_path):
    with Store(db_path) as store:
        english = repurpose(read_text(ENGLISH_POST.read_text("utf-8")), Brief(audience="founders"), platforms=["x"], store=store)
        repurpose(read_text(ARABIC_POST.read_text("utf-8")), Brief(), platforms=["x"], store=store)
    at = open_app("history")
    assert not at.exception
    assert at.selectbox(key="history_run").options[0].startswith("✓ #2 · ")
    at.text_input(key="history_q").input("Blog Post").run()
    assert at.selectbox(key="history_run").value == english.run_id
    assert not at.exception
    at.button(key="history_open").click().run()
    assert not at.exception
    assert at.session_state["result"].run_id == english.run_id
    assert at.session_state["b_audience"] == "founders"
    assert at.text_area(key="source_text").value == ENGLISH_POST.read_text("utf-8")
    assert 'class="tk-card tk-p-x"' in html_of(at)  # back on the Repurpose page, with the cards


def test_prompts_preview_sandbox_and_session_only_key(db_path, tmp_path):
    at = open_app()
    at.text_area(key="source_text").input(ENGLISH_POST.read_text("utf-8")).run()
    at.switch_page("toolkit/app/pages/prompts.py").run()
    assert not at.exception
    assert "How to Turn One Blog Post" in html_of(at)  # the post is inside the rendered prompt

    at.text_area(key="tpl_edit_captions.j2").input("{{ post.__class__.__mro__ }}")
    at.button(key="tpl_render").click().run()
    assert not at.exception
    assert any("unsafe" in e.value for e in at.error)  # the sandbox refused, shown inline

    secret = "sk-test-never-on-disk-123"
    form_key = next(w for w in at.text_input if w.label == "OpenAI API key")
    form_key.input(secret)
    at.button(key="llm_save").click().run()
    assert not at.exception
    assert at.session_state["llm"].ready()
    assert secret not in repr(at.session_state["llm"])
    on_disk = b"".join(p.read_bytes() for p in tmp_path.rglob("*") if p.is_file())
    assert secret.encode() not in on_disk


def test_openai_failure_is_a_message(monkeypatch):
    """The autouse fixture points OpenAI at a dead loopback port: the run fails, readably."""
    monkeypatch.setenv("TOOLKIT_LLM_MAX_RETRIES", "0")
    monkeypatch.setenv("TOOLKIT_LLM_TIMEOUT", "2")
    at = open_app()
    at.text_area(key="source_text").input(ENGLISH_POST.read_text("utf-8"))
    at.multiselect(key="platforms").set_value(["x"])
    at.radio(key="backend").set_value("openai")
    at.button(key="generate").click().run()
    assert not at.exception
    assert len(at.error) == 1 and "result" not in at.session_state


def test_an_uploaded_docx_is_used_instead_of_the_pasted_text():
    import io

    import docx

    document = docx.Document()
    document.add_heading("دليل التسويق بالمحتوى", level=0)
    document.add_paragraph("التسويق بالمحتوى يبني الثقة مع الجمهور على المدى الطويل. " * 8)
    document.add_heading("لماذا يهم؟", level=1)
    document.add_paragraph("المحتوى الجيد يجلب زيارات مجانية ويحوّل القراء إلى عملاء. " * 8)
    data = io.BytesIO()
    document.save(data)
    at = open_app()
    at.text_area(key="source_text").input("This pasted text loses to the upload.")
    at.file_uploader(key="source_file").upload("guide.docx", data.getvalue(),
                                                "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    at.multiselect(key="platforms").set_value(["linkedin"])
    at.button(key="generate").click().run()
    assert not at.exception and not at.error
    result = at.session_state["result"]
    assert (result.title, result.language) == ("دليل التسويق بالمحتوى", "ar")


def test_variants_become_an_experiment_that_imports_and_decides(db_path):
    at = open_app()
    at.text_area(key="source_text").input(ARABIC_POST.read_text("utf-8"))
    at.multiselect(key="platforms").set_value(["x"])
    at.button(key="generate").click().run()
    names = at.multiselect(key="exp_pick-1").options[:2]
    at.multiselect(key="exp_pick-1").set_value(names)
    at.button(key="exp_create").click().run()
    assert not at.exception and not at.error
    assert at.success[0].value == "Experiment #1 created with 2 variants."

    at.switch_page("toolkit/app/pages/experiments.py").run()
    assert at.selectbox(key="experiment_pick").value == 1
    assert [i.value for i in at.info] == ["No numbers yet: enter them in the table or import an export."]
    export = meta_export({names[0]: (12000, 160), names[1]: (12000, 250)})
    at.session_state["exp_section"] = "import"
    at.run()
    at.file_uploader(key="import-1-0").upload("Spring-launch-Ads-2026.csv", export, "text/csv").run()
    at.button(key="import_go").click().run()
    assert not at.exception and not at.error
    assert at.success[0].value == "Imported 14 rows from Meta (2026-03-01 to 2026-03-07)."
    assert at.session_state["exp_section"] == "import"  # still on Import, with a fresh uploader for the next file
    assert at.file_uploader(key="import-1-1").value is None
    at.session_state["exp_section"] = "results"
    at.run()
    card = next(h.value for h in at.html if "tk-verdict" in h.value)
    assert "Ship the winner" in card and f"Ship {names[1]}" in card
    verdicts = sqlite3.connect(db_path).execute("select verdict, winner from experiment_analyses").fetchall()
    assert verdicts == [("ship_winner", names[1])]


def _two_experiments(db_path) -> None:
    from toolkit.experiments import service

    with Store(db_path) as store:
        service.create_experiment(store, "Older", [{"name": "A"}, {"name": "B"}])
        service.create_experiment(store, "Newer", [{"name": "C"}, {"name": "D"}])


def test_picking_another_experiment_sticks(db_path):
    _two_experiments(db_path)
    at = open_app("experiments")
    assert at.selectbox(key="experiment_pick").value == 2  # the newest first
    at.selectbox(key="experiment_pick").set_value(1).run()
    assert at.selectbox(key="experiment_pick").value == 1
    at.run()  # any later rerun keeps the user's pick
    assert at.selectbox(key="experiment_pick").value == 1
    at.selectbox(key="experiment_pick").set_value(2).run()
    assert at.selectbox(key="experiment_pick").value == 2


def test_daily_numbers_saved_twice_stay_on_their_section(db_path):
    from toolkit.experiments import service

    _two_experiments(db_path)
    with Store(db_path) as store:
        for name, clicks in (("C", 20), ("D", 31)):
            service.record(store, 2, name, "2026-03-01", impressions=1000, clicks=clicks)
    at = open_app("experiments")
    at.session_state["exp_section"] = "numbers"
    at.run()
    for version in (1, 2):
        at.button(key="numbers_save").click().run()
        assert at.session_state["numbers_v-2"] == version  # a fresh table from what is stored
        assert not at.exception and not at.error
        assert at.session_state["exp_section"] == "numbers"  # not thrown back to Results
        assert [m.value for m in at.success] == ["Saved 2 rows."]


def test_new_experiment_form_keeps_inputs_on_error_and_says_so(db_path):
    at = open_app("experiments")
    form = "new_experiment-0"
    at.text_input(key="new_name-0").input("Spring")
    at.text_area(key="new_variants-0").input("A: first\nBuy now")
    at.button(key="new_create").click().run()
    assert [e.value for e in at.error] == [
        "Line 2 has no name before a colon: write each variant as “name: ad text”."]
    assert at.text_input(key="new_name-0").value == "Spring"  # kept
    at.text_area(key="new_variants-0").input("A: first")
    at.button(key="new_create").click().run()
    assert "at least two variants" in at.error[0].value
    at.text_area(key="new_variants-0").input("A: first\nB: second")
    at.button(key="new_create").click().run()
    assert not at.error and not at.exception
    assert at.success[0].value == "Experiment #1 created with 2 variants."
    assert at.selectbox(key="experiment_pick").value == 1
    assert at.text_input(key="new_name-1").value == ""  # a fresh form for the next one
    del form


def test_the_plan_stays_and_uses_traffic_per_variant(db_path, monkeypatch):
    from toolkit.experiments import service

    _two_experiments(db_path)
    calls = []
    real = service.plan_experiment
    monkeypatch.setattr(service, "plan_experiment", lambda *a, **k: calls.append((a, k)) or real(*a, **k))
    at = open_app("experiments")
    at.session_state["exp_section"] = "planner"
    at.run()
    at.number_input(key="plan_traffic").set_value(5000)
    at.button(key="plan_go").click().run()
    assert not at.exception and not at.error
    (args, kwargs), = calls
    assert args[2] == 5000 and kwargs["arms"] == 2  # 5,000 a day for each of 2 variants, passed as such
    assert {"rope", "min_trials", "loss_threshold", "ci_level"} <= set(kwargs)  # the experiment's own rule
    shown = [m.value for m in at.metric]
    at.number_input(key="plan_budget").set_value(2000).run()  # another click elsewhere on the section
    assert [m.value for m in at.metric] == shown and shown  # the plan is still there
    assert at.session_state["exp_section"] == "planner"


def test_imported_ad_names_are_shown_as_text(db_path):
    from toolkit.experiments import service

    with Store(db_path) as store:
        service.create_experiment(store, "T", [{"name": "A"}, {"name": "B"}])
    at = open_app("experiments")
    at.session_state["exp_section"] = "import"
    at.run()
    hostile = "![x](http://127.0.0.2/p.png)"
    export = meta_export({"A": (12000, 160), "B": (12000, 250), hostile: (100, 1)})
    at.file_uploader(key="import-1-0").upload("m.csv", export, "text/csv").run()
    at.button(key="import_go").click().run()
    assert not at.exception
    warning = next(w.value for w in at.warning if "match no variant" in w.value)
    assert hostile not in warning and "!\\[x\\](http://127.0.0.2/p.png)" in warning


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_a_run_the_database_could_not_log_is_shown_with_a_note(db_path, monkeypatch, lang):
    """Database full or read-only: the engine returns ``run_id=None``; the outputs are shown, the
    note says they are not in History, and the engine's warnings are shown too."""
    import toolkit.repurpose.engine as engine

    monkeypatch.setattr(engine, "log_run", lambda *a, **k: None)
    at = open_app(lang=lang)
    at.text_area(key="source_text").input(ENGLISH_POST.read_text("utf-8"))
    at.multiselect(key="platforms").set_value(["x"])
    at.button(key="generate").click().run()
    assert not at.exception and not at.error
    assert at.session_state["result"].run_id is None
    note = {"en": "Not saved to History: the database could not be written",
            "ar": "لم يُحفظ في السجل: تعذّرت الكتابة في قاعدة البيانات"}[lang]
    assert any(w.value.startswith(note) for w in at.warning)
    assert 'class="tk-card tk-p-x"' in html_of(at)
    engine_notes = [w.value for w in at.warning] + [h.value for h in at.html if "tk-note" in h.value]
    assert any("No link in the brief" in n for n in engine_notes)  # the engine's own warning
    first = at.text_area(key="ed-n1-x-0").value
    at.text_area(key="source_text").input(ARABIC_POST.read_text("utf-8"))
    at.button(key="generate").click().run()  # a second unlogged run gets fresh editors, not the first run's
    assert not at.exception
    assert at.text_area(key="ed-n2-x-0").value != first


def test_history_shows_a_runs_model_calls(db_path):
    """An OpenAI run's calls (prompt, answer, tokens, cost) in an expander; none for an offline run."""
    with Store(db_path) as store:
        run = repurpose(read_text(ENGLISH_POST.read_text("utf-8")), Brief(), platforms=["x"], store=store)
        with store.write() as db:
            for task, tokens in (("captions/x", 900), ("hashtags", 300)):
                db.execute(
                    "insert into llm_calls (created_at, session, task, attempt, status, model, messages_json, "
                    "response_raw, prompt_tokens, completion_tokens, cost_usd, latency_ms, run_id) "
                    "values ('2026-03-01T09:00:00', 's1', ?, 1, 'ok', 'gpt-4o-mini', ?, ?, ?, 100, 0.0012, 812, ?)",
                    [task, json.dumps([{"role": "system", "content": "You write posts."},
                                       {"role": "user", "content": "The post: <<<" + "x" * 25_000 + ">>>"}]),
                     '{"choices": [{"message": {"content": "Answer"}}]}', tokens, run.run_id])
        repurpose(read_text(ENGLISH_POST.read_text("utf-8")), Brief(), platforms=["x"], store=store)
    at = open_app("history")
    assert not at.exception
    assert at.selectbox(key="history_run").value == 2 and not at.expander  # offline: no calls, no expander
    at.selectbox(key="history_run").set_value(1).run()
    assert not at.exception
    assert at.expander[0].label == "Model calls: 2, 1,400 tokens, 0.0024 USD"
    table = at.dataframe[-1].value
    assert list(table["Task"]) == ["captions/x", "hashtags"] and list(table["Prompt tokens"]) == [900, 300]
    codes = [c.value for c in at.code]
    assert codes[0] == "You write posts." and codes[-1] == '{"choices": [{"message": {"content": "Answer"}}]}'
    assert len(codes[1]) == 20_000 and any("more characters not shown" in c.value for c in at.caption)
    at.selectbox(key="history_call-1").set_value(2).run()
    assert not at.exception

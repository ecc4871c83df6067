"""Batch API helpers: the same requests as a live draft, and the same checks and repairs, asked once."""

from __future__ import annotations

import json

from llm_fakes import EXAMPLES, completion, good_answer

from toolkit.llm.batch import drafts_from_batch_results, request_lines
from toolkit.llm.settings import LLMSettings
from toolkit.platforms import resolve_platforms
from toolkit.repurpose import Brief, parse_text
from toolkit.repurpose.engine import assemble
from toolkit.repurpose.layout import Layout

POST = parse_text((EXAMPLES / "en_repurposing_guide.md").read_text("utf-8"))
PLATFORMS = resolve_platforms(["x", "instagram"])


def output_line(custom_id: str, content: str | None, **kw) -> dict:
    return {"id": "batch_req_1", "custom_id": custom_id, "error": None,
            "response": {"status_code": 200, "request_id": "req", "body": completion(content, **kw)}}


def test_request_lines_are_batch_api_lines():
    lines = request_lines(POST, Brief(variants=2), PLATFORMS, "post-7", LLMSettings(model="gpt-4o-mini"))
    assert [ln["custom_id"] for ln in lines] == ["post-7/captions/x", "post-7/thread/x", "post-7/captions/instagram",
                                                 "post-7/carousel/instagram", "post-7/hashtags"]
    for ln in lines:
        assert ln["method"] == "POST" and ln["url"] == "/v1/chat/completions"
        assert ln["body"]["model"] == "gpt-4o-mini" and ln["body"]["response_format"]["type"] == "json_schema"
        json.dumps(ln)  # one JSONL line each


def test_batch_results_are_validated_and_repaired_without_asking_again():
    lines = request_lines(POST, Brief(variants=1), PLATFORMS, "p1", LLMSettings())
    too_long = good_answer("captions")
    too_long["captions"][0]["body"] = ["Repurposing turns one article into a week of posts. " * 10]
    results = {}
    for ln in lines:
        kind = ln["body"]["response_format"]["json_schema"]["name"]
        answer = too_long if ln["custom_id"] == "p1/captions/x" else good_answer(kind)
        results[ln["custom_id"]] = output_line(ln["custom_id"], json.dumps(answer))
    results["p1/carousel/instagram"] = {"custom_id": "p1/carousel/instagram", "response": None,
                                        "error": {"code": "server_error", "message": "boom"}}

    drafts = drafts_from_batch_results(POST, Brief(variants=1), PLATFORMS, results, custom_id_prefix="p1")
    result = assemble(POST, Brief(variants=1), PLATFORMS, drafts, backend="openai", model="gpt-4o-mini",
                      layout=Layout(), language="en")
    x = next(c for c in result.captions if c.platform == "x")
    assert x.repaired and x.length <= 280
    assert not next(c for c in result.captions if c.platform == "instagram").repaired
    assert any("carousel/instagram: no usable model answer (batch error: boom)" in w for w in drafts.warnings)
    assert result.carousels and result.carousels[0].platform == "instagram"  # the offline draft stood in


def test_batch_results_match_by_suffix_and_report_missing_ones():
    results = {"whatever/captions/x": output_line("whatever/captions/x", json.dumps(good_answer("captions")))}
    drafts = drafts_from_batch_results(POST, Brief(variants=1), resolve_platforms(["x"]), results)
    assert drafts.captions[0].hook == good_answer("captions")["captions"][0]["hook"]
    assert any("thread/x: no usable model answer (no batch result)" in w for w in drafts.warnings)

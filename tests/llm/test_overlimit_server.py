"""The bar: a loopback server that always answers over the limit still yields only valid captions.

Real SDK, real HTTP on 127.0.0.1, every platform, Arabic and English posts: every caption that
comes back is within its platform's limit as the platform counts it, and is flagged repaired.
"""

from __future__ import annotations

import pytest
from llm_fakes import EXAMPLES, LoopbackServer, completion, good_answer, kind_of

from toolkit.llm.backend import OpenAIBackend
from toolkit.platforms import PLATFORMS, get_platform
from toolkit.repurpose import Brief, repurpose
from toolkit.repurpose.validate import violations
from toolkit.store import Store
from toolkit.textlen import count

AR_LONG = "إعادة توظيف المحتوى تحوّل مقالًا واحدًا إلى أسبوع كامل من المنشورات على كل منصة. "
EN_LONG = "Repurposing turns one article into a full week of posts, each shaped for its platform. "


def over_limit(body: dict, headers: dict) -> dict:
    import json

    kind = kind_of(body)
    arabic = "written in Arabic" in body["messages"][0]["content"]
    if kind != "captions":
        return completion(json.dumps(good_answer(kind, "ar" if arabic else "en"), ensure_ascii=False))
    n = body["response_format"]["json_schema"]["schema"]["properties"]["captions"].get("maxItems", 3)
    long = AR_LONG if arabic else EN_LONG
    tags = ["#التسويق_بالمحتوى", "#تسويق", "#محتوى", "#منصات", "#نمو", "#علامة", "#جمهور", "#وسم"] if arabic else \
        ["#Marketing", "#Content", "#Social", "#Growth", "#Brand", "#Audience", "#Reach", "#Tips"]
    caption = {"angle": "summary", "hook": long * 3, "body": [long * 40, long * 40], "cta": long, "title": long * 4,
               "hashtags": tags * 2}  # beyond even LinkedIn's 3,000 and YouTube's 15 hashtags
    return completion(json.dumps({"captions": [caption] * n}, ensure_ascii=False))


@pytest.mark.parametrize("post", ["en_repurposing_guide.md", "ar_content_marketing.md"])
def test_every_caption_from_an_over_limit_server_is_within_limits_and_flagged_repaired(tmp_path, post):
    with LoopbackServer(over_limit) as server, Store(tmp_path / "t.db") as store:
        backend = OpenAIBackend.from_env(store=store, base_url=server.url)  # local: no key needed
        result = repurpose((EXAMPLES / post).read_text("utf-8"), Brief(variants=3, link="https://example.com/p"),
                           backend=backend, store=store)
        asked_twice = store.query("select count(*) n from llm_calls where kind = 'captions' and attempt = 2")[0]["n"]
    assert len(result.captions) == 3 * len(PLATFORMS)
    within = [c for c in result.captions if count(c.text, get_platform(c.platform)) <= c.limit
              and (c.title is None or count(c.title, get_platform(c.platform)) <= c.title_limit)]
    assert len(within) == len(result.captions)  # 100% within limits
    assert all(c.repaired for c in result.captions)  # and every one says it was fitted
    assert all(len(c.hashtags) <= (get_platform(c.platform).hashtags.max or 99) for c in result.captions)
    assert violations(result) == []
    assert asked_twice == len(PLATFORMS)  # each platform's captions were asked for once more

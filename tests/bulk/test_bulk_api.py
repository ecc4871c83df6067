"""The Python call: any iterable in, one outcome per post out as each finishes, resumable with a store."""

import asyncio
import sqlite3
from pathlib import Path

import pytest

from tests.bulk.helpers import post, write_posts
from toolkit.bulk import BulkItem, arepurpose_many, repurpose_many
from toolkit.errors import ConfigError
from toolkit.repurpose.load import Source
from toolkit.store import Store


def test_every_kind_of_post_comes_back_once_with_bad_ones_failed(tmp_path):
    path = write_posts(tmp_path, 1)[0]
    posts = [post(0), Path(path), Source(post(1), "pasted.md", "markdown"), {"id": "row", "text": post(2), "tone": "bold"},
             BulkItem(key="short", text="too short"), {"text": post(3), "tone": "sarcastic"}, tmp_path / "missing.md"]
    outcomes = {o.key: o for o in repurpose_many(posts, platforms=["x"], workers=1)}
    assert sorted(outcomes) == sorted(["item-1", str(path), "item-3", "row", "short", "item-6", str(tmp_path / "missing.md")])
    assert {k for k, o in outcomes.items() if o.status == "done"} == {"item-1", str(path), "item-3", "row"}
    assert outcomes["row"].result.brief.tone == "bold" and outcomes["item-3"].result.language == "ar"
    assert outcomes["short"].error == "short has only 0 words of body text after removing page chrome: give a post of at least 40 words."
    assert outcomes["item-6"].error.startswith("item 6 has an invalid brief (tone: Input should be")
    assert outcomes[str(tmp_path / "missing.md")].error.endswith("does not exist: fix the path.")
    assert all(o.result.platforms == ["x"] for o in outcomes.values() if o.status == "done")


def test_a_generator_is_read_lazily(tmp_path):
    pulled = []

    def posts():
        for i in range(200):
            pulled.append(i)
            yield post(i)

    stream = repurpose_many(posts(), platforms=["x"], workers=1)
    next(stream)
    assert len(pulled) <= 64 + 1  # one chunk, not the whole input
    stream.close()


def test_with_a_store_a_second_call_reuses_every_finished_post(db_path):
    posts = [post(i) for i in range(3)]
    with Store(db_path) as store:
        first = list(repurpose_many(posts, platforms=["x"], store=store, job="nightly", workers=1))
        second = list(repurpose_many(posts, platforms=["x"], store=store, job="nightly", workers=1))
        other = list(repurpose_many(posts[:1], platforms=["x"], store=store, job="other", workers=1))
        fresh = list(repurpose_many(posts[:1], platforms=["x"], store=store, job="fresh", workers=1, use_cache=False))
    assert {o.origin for o in first} == {"run"} and {o.origin for o in second} == {"resumed"}
    assert [o.origin for o in other] == ["cache"] and [o.origin for o in fresh] == ["run"]
    assert sorted(o.result_json for o in first) == sorted(o.result_json for o in second)
    jobs = sqlite3.connect(db_path).execute("select count(*) from bulk_jobs").fetchone()[0]
    assert jobs == 3


def test_stopping_early_leaves_a_job_that_finishes_later_without_duplicates(db_path):
    posts = [post(i) for i in range(4)]
    with Store(db_path) as store:
        stream = repurpose_many(posts, platforms=["x"], store=store, job="j", workers=1)
        first_two = [next(stream), next(stream)]
        stream.close()
        rest = list(repurpose_many(posts, platforms=["x"], store=store, job="j", workers=1))
    assert len(rest) == 4 and sorted(o.key for o in rest) == ["item-1", "item-2", "item-3", "item-4"]
    assert {o.key for o in rest if o.origin == "resumed"} >= {o.key for o in first_two}
    rows = sqlite3.connect(db_path).execute("select count(*), sum(status = 'done') from bulk_items").fetchone()
    assert rows == (4, 4)
    job = sqlite3.connect(db_path).execute("select run_no, finished_run, pid from bulk_jobs").fetchone()
    assert job == (2, 2, None)


def test_the_process_pool_gives_the_same_results_as_one_process():
    posts = [post(i) for i in range(4)]
    single = {o.key: o.result_json for o in repurpose_many(posts, platforms=["x", "linkedin"], workers=1)}
    pooled = {o.key: o.result_json for o in repurpose_many(posts, platforms=["x", "linkedin"], workers=2)}
    strip = lambda s: s.split('"timings_ms"')[0]  # noqa: E731 - durations differ, content must not
    assert {k: strip(v) for k, v in single.items()} == {k: strip(v) for k, v in pooled.items()}


def test_async_variant_and_bad_arguments():
    async def collect():
        return [o async for o in arepurpose_many([post(0)], platforms=["bluesky"], workers=1)]

    assert [o.status for o in asyncio.run(collect())] == ["done"]
    with pytest.raises(ConfigError, match="Item 1 is a int: pass text, a path, a dict"):
        list(repurpose_many([42], workers=1))
    with pytest.raises(ConfigError, match="Unknown backend 'gpt': use one of offline, openai."):
        list(repurpose_many([post(0)], backend="gpt"))

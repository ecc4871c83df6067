"""The generator learns from past experiments: the winning angle leads where it wins, one slot explores."""

from __future__ import annotations

from tests.insights.history import make_history
from toolkit.repurpose import Brief, repurpose
from toolkit.store import Store

POST = """# How to Get More Reviews

Most shops have the same problem: happy customers who never write a review. Is your shop one of them?

## Ask at the right moment

In our poll, 72% of customers read at least three reviews before a first visit. Ask right after a customer
thanks you, not a week later in a generic email.

## Make it effortless

A short link that opens the review form removes every excuse. Put a QR code where people wait, such as the
counter or the receipt. Why would anyone search for your listing when one tap will do?

## Reply to everyone

Customers who see replies are far more likely to leave one themselves. Answer the bad ones calmly within two days.
"""


def _angles(result, platform):
    return [c.angle for c in result.captions if c.platform == platform]


def test_the_winning_angle_leads_where_it_wins_and_one_angle_explores(db_path):
    store = Store(db_path)
    plain = repurpose(POST, Brief(variants=3, link="https://example.com/p"), platforms=["x", "linkedin"])
    make_history(store)  # question hooks win on X; nothing differs on LinkedIn
    learned = repurpose(POST, Brief(variants=3, link="https://example.com/p"), platforms=["x", "linkedin"], store=store)
    assert _angles(plain, "x")[0] != "question"
    assert _angles(learned, "x")[0] == "question"
    assert len(set(_angles(learned, "x"))) == 3  # the winner, the next best, and one explored angle
    assert set(_angles(learned, "x")) - {"question", "statistic", "list", "summary"}  # an untested angle explores


def test_the_brief_turns_learning_off(db_path):
    store = Store(db_path)
    make_history(store)
    brief = Brief(variants=3, link="https://example.com/p", learn_from_experiments=False)
    plain = repurpose(POST, brief, platforms=["x"])
    unlearned = repurpose(POST, brief, platforms=["x"], store=store)
    assert _angles(unlearned, "x") == _angles(plain, "x")

"""Label tables the pages translate by value (importable without running a page, for the i18n test)."""

from __future__ import annotations

# Experiments: the page's sections and the daily table's columns.
SECTIONS = {"results": "Results", "numbers": "Daily numbers", "import": "Import", "planner": "Planner"}
FIELD_LABELS = {"impressions": "Impressions", "clicks": "Clicks", "conversions": "Conversions", "spend": "Spend",
                "revenue": "Revenue", "reach": "Reach", "engagements": "Engagements"}
# Prompts & settings: who a rendered message is from, and which call a template is for.
ROLES = {"system": "System message", "user": "User message"}
KINDS = {"captions": "Captions", "thread": "Thread", "carousel": "Carousel", "hashtags": "Hashtags"}

ALL = {*SECTIONS.values(), *FIELD_LABELS.values(), *ROLES.values(), *KINDS.values()}

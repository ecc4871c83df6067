"""Read the YAML front matter of a Markdown post: title, author, description, tags.

Blog front matter is a flat YAML subset (``key: value``, quoted strings, ``[a, b]`` lists and
``- item`` lists); that is all a post's metadata needs, so no YAML library is loaded. Nested
maps and anything unusual are skipped rather than guessed.
"""

from __future__ import annotations

import regex

FrontMatter = dict[str, str | list[str]]

_KEY = regex.compile(r"^(?P<key>[A-Za-z_][\w\-]*)\s*:\s*(?P<value>.*)$")
_ITEM = regex.compile(r"^\s*-\s+(?P<value>.*)$")
_FLOW_ITEM = regex.compile(r"""\s*("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^,]+)\s*(?:,|$)""")

# Keys whose values name the post's author or publisher (never hashtags for someone reposting).
BRAND_KEYS = ("author", "authors", "publisher", "site", "site_name", "sitename", "organization", "brand")
TAG_KEYS = ("tags", "keywords_tags", "categories", "category", "topics")


def _scalar(raw: str) -> str:
    raw = raw.strip()
    if len(raw) >= 2 and raw[0] == raw[-1] == '"':
        return regex.sub(r'\\(["\\/])', r"\1", raw[1:-1]).replace("\\n", " ")
    if len(raw) >= 2 and raw[0] == raw[-1] == "'":
        return raw[1:-1].replace("''", "'")
    return regex.sub(r"\s+#.*$", "", raw).strip()  # a plain scalar may end in a comment


def _flow_list(raw: str) -> list[str]:
    inner = raw.strip()[1:-1]
    return [v for v in (_scalar(m.group(1)) for m in _FLOW_ITEM.finditer(inner)) if v]


def parse_front_matter(text: str) -> FrontMatter:
    """The top-level keys of a front matter block (without its ``---`` fences)."""
    data: FrontMatter = {}
    current: str | None = None
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        item = _ITEM.match(line)
        if item and current is not None:
            value = data.get(current)
            if isinstance(value, list):
                scalar = _scalar(item.group("value"))
                if scalar and not regex.match(r"^[\w\-]+\s*:\s", scalar):  # a list of maps is skipped
                    value.append(scalar)
            continue
        if line[:1].isspace():
            continue  # nested map content
        m = _KEY.match(line)
        if not m:
            current = None
            continue
        key, raw = m.group("key").lower(), m.group("value").strip()
        current = key
        if not raw:
            data[key] = []  # a block list (or a nested map, which stays empty) follows
        elif raw.startswith("[") and raw.endswith("]"):
            data[key] = _flow_list(raw)
        elif raw in ("|", ">", "|-", ">-"):
            data[key] = ""
            current = None
        else:
            data[key] = _scalar(raw)
    return data


def text_value(data: FrontMatter, key: str) -> str:
    """A key's value as one string (a list's first item), or ""."""
    value = data.get(key)
    if isinstance(value, list):
        return value[0] if value else ""
    return value or ""


def list_value(data: FrontMatter, *keys: str) -> list[str]:
    """Every value of the given keys as a flat list of strings."""
    out: list[str] = []
    for key in keys:
        value = data.get(key)
        if isinstance(value, list):
            out.extend(value)
        elif value:
            out.extend(v.strip() for v in value.split(",") if v.strip())
    return out

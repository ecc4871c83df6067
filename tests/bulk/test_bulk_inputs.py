"""Streaming readers: folders, CSV and JSONL rows to items, bad rows as items with a reason."""

import json

import pytest

from toolkit.bulk.inputs import count_items, input_kind, iter_items, read_item
from toolkit.errors import InputError


def test_folder_is_walked_sorted_recursively_skipping_hidden_and_other_files(tmp_path):
    for name in ["b.md", "a.html", "sub/c.txt", "sub/.hidden.md", ".git/x.md", "image.png", "notes.docx"]:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x", encoding="utf-8")
    items = list(iter_items(tmp_path))
    assert [i.key for i in items] == ["a.html", "b.md", "notes.docx", "sub/c.txt"]
    assert items[3].path == str(tmp_path / "sub" / "c.txt") and items[3].text is None
    assert count_items(tmp_path) == 4


def test_csv_columns_are_case_insensitive_with_aliases_bom_and_multiline_cells(tmp_path):
    path = tmp_path / "calendar.csv"
    path.write_bytes(
        "\ufeffID,Text,CTA,Platform,Tone,Link,Language,Notes\r\n"
        'a1,"First post, with a comma\nand a second line",Sign up,"x, linkedin",friendly,https://e.com/a,en,ignored\r\n'
        "\r\n"
        ",Second post,,,,,,\r\n".encode("utf-8")
    )
    items = list(iter_items(path))
    assert [i.key for i in items] == ["a1", "row-2"]
    first = items[0]
    assert first.text == "First post, with a comma\nand a second line"
    assert first.platforms == ["x", "linkedin"]
    assert first.brief == {"call_to_action": "Sign up", "tone": "friendly", "link": "https://e.com/a", "language": "en"}
    assert items[1].brief == {} and items[1].platforms is None and items[1].name == "calendar.csv row 2"
    assert count_items(path) == 2


def test_csv_file_column_resolves_against_the_csv_folder_and_title_heads_text(tmp_path):
    (tmp_path / "posts").mkdir()
    (tmp_path / "posts" / "a.md").write_text("# A\n\nbody", encoding="utf-8")
    path = tmp_path / "list.csv"
    path.write_text("file,title,text\nposts/a.md,,\n,My title,Body text\n,Only a title,\n,,\n", encoding="utf-8")
    items = list(iter_items(path))
    assert items[0].path == str(tmp_path / "posts" / "a.md")
    assert read_item(items[0]) == b"# A\n\nbody"
    assert read_item(items[1]) == "# My title\n\nBody text"
    assert items[2].error == "list.csv row 3 has neither text nor a file: fill its text (or file) column."
    assert len(items) == 3  # the blank row is skipped


def test_csv_without_a_text_or_file_column_is_one_clear_error(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("headline,url\nA,B\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"has no text or file column \(found headline, url\): name the column"):
        list(iter_items(path))


def test_csv_that_is_not_utf8_is_one_clear_error(tmp_path):
    path = tmp_path / "x.csv"
    path.write_bytes(b"text\n" + "مرحبا بالعالم".encode("cp1256") + b"\n")
    with pytest.raises(InputError, match="is not UTF-8: re-save it as CSV UTF-8"):
        list(iter_items(path))


def test_jsonl_lines_bad_lines_become_failed_items(tmp_path):
    path = tmp_path / "posts.jsonl"
    lines = [json.dumps({"id": 7, "text": "Hello", "platforms": ["x"], "cta": "Go"}), "", "{not json", "[1, 2]",
             json.dumps({"file": "a.md"})]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = list(iter_items(path))
    assert [i.key for i in items] == ["7", "line-2", "line-3", "line-4"]
    assert items[0].platforms == ["x"] and items[0].brief == {"call_to_action": "Go"}
    assert items[1].error.startswith("posts.jsonl line 2 is not valid UTF-8 JSON (")
    assert items[2].error == "posts.jsonl line 3 is not a JSON object: write one object per line."
    assert items[3].path == str(tmp_path / "a.md")
    assert count_items(path) == 4


def test_missing_file_of_an_item_is_an_input_error_naming_it(tmp_path):
    path = tmp_path / "posts.jsonl"
    path.write_text(json.dumps({"file": "gone.md"}) + "\n", encoding="utf-8")
    item = next(iter_items(path))
    with pytest.raises(InputError, match=r"posts.jsonl line 1: file '.*gone.md' does not exist: fix the path."):
        read_item(item)


@pytest.mark.parametrize("name, message", [
    ("missing.csv", "does not exist: give a folder of posts, a .csv or a .jsonl file."),
    ("post.md", "is not a folder, .csv or .jsonl: for a single post use `toolkit repurpose`"),
])
def test_input_kind_errors(tmp_path, name, message):
    if name == "post.md":
        (tmp_path / name).write_text("x", encoding="utf-8")
    with pytest.raises(InputError, match=message.replace("(", r"\(").replace(")", r"\)").replace(".", r"\.")):
        input_kind(tmp_path / name)

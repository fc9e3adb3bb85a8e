"""The fast paths of output (issue 15) print exactly what the plain ones printed.

`indented` must be `json.dumps(indent=2, ensure_ascii=False)` byte for byte, errors included; `clean`'s
ASCII shortcut must give what the scan gives; `display_path` what pathlib gives; TSV rows are the same
lines whether they are written one by one or in batches.
"""

from __future__ import annotations

import io
import json
import os
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checkoutctl.documents.paths import display_path
from checkoutctl.render import tsv
from checkoutctl.render.json_text import indented, json_text
from checkoutctl.render.listing import Column, Listing
from checkoutctl.safe_text import clean

scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True, allow_infinity=True),
                    st.text(max_size=12))
keys = st.one_of(st.text(max_size=8), st.integers(), st.booleans(), st.none(), st.floats(allow_nan=False))
values = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=5), st.lists(inner, max_size=3).map(tuple),
    st.dictionaries(keys, inner, max_size=5)), max_leaves=40)


@settings(max_examples=400, deadline=None)
@given(values)
def test_indented_is_json_dumps_indent_2_byte_for_byte(value):
    assert indented(value) == json.dumps(value, indent=2, ensure_ascii=False)


class Text(str):
    pass


@pytest.mark.parametrize("value", [
    {"message": Text("a caution"), "items": [Text("x"), 1]},  # str subclasses, as rules return them
    [{"a": 1}, {2: [3, {None: True}]}, {"k": {}}, []],  # non-str keys below a container of containers
    {"n": 10 ** 40, "f": -0.0, "e": 1e-300, "big": [float("inf"), float("-inf"), float("nan")]},
])
def test_indented_matches_json_dumps_on_the_awkward_cases(value):
    assert indented(value) == json.dumps(value, indent=2, ensure_ascii=False)


def test_indented_raises_what_json_dumps_raises():
    circular: list = []
    circular.append([circular])
    with pytest.raises(ValueError, match="Circular reference"):
        indented({"a": circular})
    with pytest.raises(TypeError, match="not JSON serializable"):
        indented([{"a": object()}])
    with pytest.raises(TypeError, match="keys must be"):
        indented([{(1, 2): 1}, [1]])


@given(st.text(max_size=30))
def test_json_text_escapes_the_same_with_and_without_the_ascii_shortcut(text):
    expected = re.sub("[\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb"
                      "\ud800-\udfff]", lambda m: f"\\u{ord(m.group()):04x}",
                      json.dumps({"t": text}, indent=2, ensure_ascii=False)) + "\n"
    assert json_text({"t": text}) == expected
    assert json.loads(json_text({"t": text})) == {"t": text}


_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f"
                     "\ufeff\ufff9-\ufffb\ud800-\udfff]")


@given(st.text(alphabet=st.characters(max_codepoint=0x3000), max_size=20), st.booleans())
def test_clean_gives_what_the_full_scan_gives(text, inline):
    safe = _UNSAFE.sub("", text)
    assert clean(text, inline=inline) == (re.sub(r"[\t\n\r\u2028\u2029]", " ", safe) if inline else safe)
    assert type(clean(Text(text), inline=inline)) is str


def _pathlib_display_path(path: str, cwd: str) -> str:  # what display_path did before its fast path
    try:
        return str(Path(path).relative_to(Path(cwd))) if Path(path).is_absolute() else path
    except ValueError:
        return path


parts = st.sampled_from(["a", "b", "work", ".", "..", "", "x y", "é"])


@given(st.lists(parts, max_size=5), st.lists(parts, min_size=1, max_size=3), st.booleans(), st.booleans())
def test_display_path_is_what_pathlib_gives(under, cwd_parts, absolute, trailing):
    cwd = os.path.normpath("/" + "/".join(p for p in cwd_parts if p not in (".", "..", "")) or "/")
    path = ("/" if absolute else "") + "/".join([*cwd_parts, *under]) + ("/" if trailing else "")
    assert display_path(path, cwd) == _pathlib_display_path(path, cwd)
    assert display_path("/elsewhere/x.yaml", cwd) == _pathlib_display_path("/elsewhere/x.yaml", cwd)


def test_display_path_defaults_to_the_working_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert display_path(str(tmp_path / "orders" / "a.yaml")) == os.path.join("orders", "a.yaml")
    assert display_path(str(tmp_path)) == "."
    assert display_path("relative/b.yaml") == "relative/b.yaml"


def test_tsv_in_batches_is_the_same_lines_as_row_by_row(monkeypatch):
    columns = (Column("state", "state"), Column("id", "id"), Column("text", "text"))
    rows = [("created" if n % 3 else "refused", f"ID-{n}", "tab\there\nnew\x1b[31m") for n in range(2_503)]
    listing = Listing(title="t", columns=columns, rows=rows, json_value=[])
    one_by_one = "".join("\t".join((*("p",), *(tsv.cell_text(v) for v in row))) + "\n" for row in rows)
    out = io.StringIO()
    tsv.write_tsv(listing, stream=out, prefix=("p",))
    assert out.getvalue() == one_by_one
    coloured = io.StringIO()
    tsv.write_tsv(listing, stream=coloured, colour=True)
    lines = coloured.getvalue().splitlines()
    assert len(lines) == 2_503
    assert lines[0] == "\x1b[31mrefused\x1b[0m\tID-0\ttab here new[31m"
    assert lines[1] == "\x1b[32mcreated\x1b[0m\tID-1\ttab here new[31m"

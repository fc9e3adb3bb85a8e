"""Rule tests edit one line of a valid order and ask where the issue lands: the shared helpers."""

from __future__ import annotations

from checkoutctl.documents.orders import check_file, read_cart


def edit(text: str, old: str, new: str | None) -> str:
    """Replace the one line equal to `old` by `new` (None deletes it)."""
    lines = text.split("\n")
    hits = [i for i, line in enumerate(lines) if line == old]
    assert len(hits) == 1, f"{old!r} is not exactly one line of the text"
    lines[hits[0]: hits[0] + 1] = [] if new is None else new.split("\n")
    return "\n".join(lines)


def locate(text: str, at: str, near: str | None = None) -> tuple[int, int]:
    """1-based LINE, COLUMN of `at`: on the edited line `near` if it holds it, else on the one line that does."""
    lines = text.splitlines()
    if ">>" in at:  # "context>>target": target's column on the one line holding context
        context, target = at.split(">>")
        (n, line), = [(n, line) for n, line in enumerate(lines, 1) if context in line]
        return n, line.index(target, line.index(context)) + 1
    if near is not None and at in near and near in lines and lines.count(near) == 1:
        n = lines.index(near)
        return n + 1, near.index(at) + 1
    hits = [(n, line.index(at) + 1) for n, line in enumerate(lines, 1) if at in line]
    assert len(hits) == 1, f"{at!r} is not on exactly one line"
    return hits[0]


def issues_of(tmp_path, text: str, cart: str | None = None):
    path = tmp_path / "order.yaml"
    path.write_text(text, encoding="utf-8")
    docs = check_file(str(path), read_cart(cart) if cart else None)
    return [i for d in docs for i in d.issues]

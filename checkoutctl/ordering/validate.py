"""Validation as a command: every problem of every file, one line each (CONTRACT §2)."""

from __future__ import annotations

import json
import os
import sys

from checkoutctl.documents.orders import OrderDocument, check_file, read_cart
from checkoutctl.errors import EXIT_INVALID, UsageError
from checkoutctl.render.sanitize import clean
from checkoutctl.rules.issues import ValidationIssue


def require_files(paths: list[str]) -> None:
    for path in paths:
        if path != "-" and not os.path.isfile(path):
            reason = "is a directory" if os.path.isdir(path) else "does not exist"
            raise UsageError(f"{path} {reason}", hint="give the path of an order file (YAML)")


def check_files(files: list[str], cart: str | None = None) -> list[OrderDocument]:
    require_files(files + ([cart] if cart else []))
    cart_doc = read_cart(cart) if cart else None
    docs: list[OrderDocument] = []
    for path in files:
        docs.extend(check_file(path, cart_doc))
    return docs


def validate_files(files: list[str], *, cart: str | None = None, fmt: str = "text") -> int:
    docs = check_files(files, cart)
    issues: list[ValidationIssue] = []
    seen: set[ValidationIssue] = set()
    for doc in docs:
        for issue in doc.issues:
            if issue not in seen:  # a broken cart is reported once, not once per order
                seen.add(issue)
                issues.append(issue)
    out = sys.stdout
    # CONTRACT §3: when all are valid, nothing but the summary on stderr, in every format (no `[]`).
    if fmt == "json" and issues:
        out.write(json.dumps([_clean_json(i.as_json()) for i in issues], ensure_ascii=False, indent=2) + "\n")
    elif fmt == "github":
        out.writelines(clean(i.github(), inline=True) + "\n" for i in issues)
    else:
        out.writelines(clean(i.text(), inline=True) + "\n" for i in issues)
    sys.stderr.write(summary(files, docs, issues) + "\n")
    return EXIT_INVALID if issues else 0


def _clean_json(data: dict) -> dict:
    return {k: clean(v) if isinstance(v, str) else v for k, v in data.items()}


def summary(files: list[str], docs: list[OrderDocument], issues: list[ValidationIssue]) -> str:
    n_files, n_docs = len(files), len(docs)
    head = f"{n_files} file{'s' if n_files != 1 else ''}, {n_docs} document{'s' if n_docs != 1 else ''}"
    if not issues:
        return f"{head}: all valid"
    bad_files = len({i.file for i in issues})
    return f"{head}: {len(issues)} error{'s' if len(issues) != 1 else ''} in {bad_files} file{'s' if bad_files != 1 else ''}"

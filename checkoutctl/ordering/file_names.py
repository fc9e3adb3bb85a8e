"""File names for what a server chose to call a file: one safe name inside the download folder.

An attachment's name comes from the provider (seed 001 `attachmentItems[].name`), so it is untrusted
input: it may hold `../`, a separator, control characters (a terminal escape), a leading dot (a hidden
file, or `..`). The name is reduced to one plain path component, and a file already there is never
overwritten: ` (1)`, ` (2)`… are added before the extension, as browsers do.
"""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path

MAX_NAME = 150  # characters; well under the 255 bytes of common file systems, even in UTF-8
MAX_SUFFIX = 1000  # ` (1)` … ` (999)`: then the folder is full of same-named files and we stop


def safe_file_name(name: str | None, fallback: str) -> str:
    """`name` as one safe path component: no separators, controls, leading dots; `fallback` if nothing is left."""
    text = "".join("_" if c in "/\\" else c for c in (name or "")
                   if not unicodedata.category(c).startswith("C"))  # Cc controls, Cf bidi overrides, Cs, Co, Cn
    text = text.strip().lstrip(".").strip().rstrip(". ")  # no hidden file, no `..`; Windows drops trailing dots
    if not text:
        return fallback
    if len(text) > MAX_NAME:
        stem, ext = os.path.splitext(text)
        ext = ext if len(ext) <= 16 else ""
        text = stem[:MAX_NAME - len(ext)] + ext
    return text


def write_new_file(folder: Path, name: str, data: bytes) -> Path:
    """Write `data` to folder/name, or to `name (1)` … when that exists; never follows or replaces a file."""
    stem, ext = os.path.splitext(name)
    for number in range(MAX_SUFFIX):
        candidate = folder / (name if number == 0 else f"{stem} ({number}){ext}")
        if candidate.parent != folder:  # cannot happen after safe_file_name; the last line of defence
            raise ValueError(f"{name!r} is not a plain file name")
        try:
            # O_EXCL: fails on anything already there, a symlink planted by someone else included.
            with open(candidate, "xb") as out:
                out.write(data)
        except FileExistsError:
            continue
        return candidate
    raise FileExistsError(f"{folder / name} and {MAX_SUFFIX - 1} numbered copies exist")

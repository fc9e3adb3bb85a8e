"""`checkoutctl schema --all DIR`: every provider's order-file schema written for editors.

A use case beside validate/create/show: it joins the documents' schema with the output layer's JSON
encoder, which the documents package must not import (render sits above documents)."""

from __future__ import annotations

from checkoutctl.documents.schema import file_schema
from checkoutctl.errors import UsageError
from checkoutctl.providers import registry


def write_all_schemas(directory: str) -> list[str]:
    """Every provider's file schema as DIRECTORY/PROVIDER.schema.json (for editors); the paths written."""
    import os

    from checkoutctl.render.json_text import json_text

    try:
        os.makedirs(directory, exist_ok=True)
        written = []
        for name in registry.names():
            path = os.path.join(directory, f"{name}.schema.json")
            with open(path, "w", encoding="utf-8") as fh:
                fh.write(json_text(file_schema(name)))
            written.append(path)
    except OSError as err:
        raise UsageError(f"cannot write schemas to {directory}: {err.strerror or err}",
                         hint="give a directory you can write to") from None
    return written

"""`sandbox serve --catalogue FILE`: the user's own world instead of the made-up one (CONTRACT §6).

FILE is YAML, one section per provider, each a mapping of lists of entries, in the shape each
provider declares (`SandboxMount.catalogue_spec`, printed by `checkoutctl sandbox catalogue`, so the
printout can be edited and given back). For a provider with a section, only the ids listed there
exist: any other answers the provider's not-found; providers without one keep the seeded catalogue
and made-up details. The loaded world is kept in the sandbox database, so every process of the home
(serve, embedded sandboxes) sees the same one until the next `--catalogue` or `sandbox reset`.

A spec maps a list name to its fields: `int`, `str`, `"money"` (a decimal number or string) or a
nested field spec for a list of mappings; fields ending in `?` are optional.
"""

from __future__ import annotations

import json
from decimal import Decimal, InvalidOperation
from pathlib import Path

from checkoutctl.errors import UsageError
from checkoutctl.sandbox.store import Store

MAX_FILE_BYTES = 5 * 1024 * 1024  # like order files (CONTRACT §1)


def check(section: object, spec: dict, where: str) -> list[str]:
    """Every problem of one provider's section, as `where.list[i].field: message` lines."""
    if not isinstance(section, dict):
        return [f"{where}: must be a mapping of {', '.join(spec)}"]
    problems = [f"{where}.{name}: unknown list (known: {', '.join(spec)})" for name in section if name not in spec]
    for name, fields in spec.items():
        entries = section.get(name, [])
        if not isinstance(entries, list):
            problems.append(f"{where}.{name}: must be a list")
            continue
        problems += _entries(entries, fields, f"{where}.{name}")
    return problems


def _entries(entries: list, fields: dict, where: str) -> list[str]:
    problems = []
    for index, entry in enumerate(entries):
        at = f"{where}[{index}]"
        if not isinstance(entry, dict):
            problems.append(f"{at}: must be a mapping")
            continue
        for key in entry:
            if key not in fields and f"{key}?" not in fields:
                problems.append(f"{at}.{key}: unknown field")
        for field, kind in fields.items():
            name = field.rstrip("?")
            if name not in entry:
                if not field.endswith("?"):
                    problems.append(f"{at}.{name}: missing")
                continue
            problems += _value(entry[name], kind, f"{at}.{name}")
    return problems


def _value(value: object, kind, at: str) -> list[str]:
    if isinstance(kind, dict):
        return _entries(value, kind, at) if isinstance(value, list) else [f"{at}: must be a list"]
    if kind is int and (not isinstance(value, int) or isinstance(value, bool)):
        return [f"{at}: must be a whole number"]
    if kind is str and not isinstance(value, str):
        return [f"{at}: must be a string"]
    if kind == "money":
        try:
            if isinstance(value, bool) or Decimal(str(value)) < 0:
                raise InvalidOperation
        except (InvalidOperation, ValueError):
            return [f"{at}: must be an amount such as 150.00"]
    return []


def load(path: Path, specs: dict[str, dict]) -> dict[str, dict]:
    """The validated sections of FILE; UsageError (exit 2) naming every problem otherwise."""
    import yaml

    try:
        raw = Path(path).read_bytes()
        if len(raw) > MAX_FILE_BYTES:
            raise UsageError(f"{path}: over {MAX_FILE_BYTES} bytes")
        document = yaml.load(raw.decode("utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as err:
        raise UsageError(f"cannot read the catalogue {path}: {err}") from None
    if not isinstance(document, dict):
        raise UsageError(f"{path}: a catalogue is a mapping of providers ({', '.join(specs)})")
    problems = [f"{name}: not a provider the sandbox emulates" for name in document if name not in specs]
    for name, section in document.items():
        if name in specs:
            problems += check(section, specs[name], name)
    if problems:
        shown = "; ".join(problems[:10]) + (f"; and {len(problems) - 10} more" if len(problems) > 10 else "")
        raise UsageError(f"{path}: {shown}", hint="`checkoutctl sandbox catalogue` prints one to start from")
    # Through JSON: Decimals and dates become plain values, stored as the routes will read them.
    return {name: json.loads(json.dumps(section, default=str)) for name, section in document.items()}


def store_sections(store: Store, sections: dict[str, dict]) -> None:
    """Replace the loaded world with `sections` (an empty dict: back to the made-up one)."""
    with store.tx() as db:
        db.execute("DELETE FROM sandbox_catalogue")
        for name, section in sections.items():
            db.execute("INSERT INTO sandbox_catalogue(provider, document) VALUES (?, ?)", (name, json.dumps(section)))


def section(store: Store, provider: str) -> dict | None:
    row = store.connect().execute("SELECT document FROM sandbox_catalogue WHERE provider = ?", (provider,)).fetchone()
    return json.loads(row["document"]) if row else None

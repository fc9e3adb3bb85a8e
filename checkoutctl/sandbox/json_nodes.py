"""JSON values → YAML nodes, so a request body (the sandbox's input) runs through the very same rules.

Strings become quoted scalars (so they are never read as numbers), numbers and booleans plain ones,
exactly as a YAML file holding the same JSON would compose. Marks carry `name` for messages.
"""

from __future__ import annotations

from typing import Any

import yaml

_T = "tag:yaml.org,2002:"


def to_node(value: Any, name: str = "<request>") -> yaml.Node:
    mark = yaml.Mark(name, 0, 0, 0, None, None)
    return _node(value, mark, 0)


def _node(value: Any, mark: yaml.Mark, depth: int) -> yaml.Node:
    if depth > 64:
        raise ValueError("nested deeper than 64 levels")
    if isinstance(value, dict):
        pairs = [(yaml.ScalarNode(_T + "str", str(k), mark, mark, style='"'), _node(v, mark, depth + 1)) for k, v in value.items()]
        return yaml.MappingNode(_T + "map", pairs, mark, mark)
    if isinstance(value, list):
        return yaml.SequenceNode(_T + "seq", [_node(v, mark, depth + 1) for v in value], mark, mark)
    if value is None:
        return yaml.ScalarNode(_T + "null", "null", mark, mark, style=None)
    if isinstance(value, bool):
        return yaml.ScalarNode(_T + "bool", "true" if value else "false", mark, mark, style=None)
    if isinstance(value, int):
        return yaml.ScalarNode(_T + "int", str(value), mark, mark, style=None)
    if isinstance(value, float):
        text = repr(value)
        return yaml.ScalarNode(_T + "float", text, mark, mark, style=None)
    return yaml.ScalarNode(_T + "str", str(value), mark, mark, style='"')

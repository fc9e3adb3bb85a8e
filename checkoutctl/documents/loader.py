"""Order and cart files read exactly (CONTRACT §1).

The file is composed, never constructed: libyaml's C composer (`yaml.CSafeLoader`) gives a node tree
whose scalars keep their source text and marks, so each rule reads a value by the type *it* expects
(`NO` and `01310100` stay strings) and every problem points at its line and column. Nothing in the file
can run code or build Python objects, and every hazard is refused before a rule looks at the tree.
"""

from __future__ import annotations

import gc
import io
import re
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import chain

import yaml

from checkoutctl.rules.issues import ValidationIssue

MAX_FILE_BYTES = 5 * 1024 * 1024
# A document may reuse nodes through aliases, but their expansion may not grow past this many nodes
# (a "billion laughs" file expands to 10^9): refused in time linear in the *unique* nodes.
MAX_EXPANDED_NODES = 2_000_000
MAX_DEPTH = 64
FLOW_SCAN_THRESHOLD = 10_000

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_CORE = "tag:yaml.org,2002:"
# The tags a plain YAML file can carry; anything else (`!!python/object`, `!foo`) is refused.
ALLOWED_TAGS = frozenset(
    _CORE + t for t in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp")
)


@dataclass(frozen=True)
class YamlDocument:
    """One `---` document of a file: its root node, or the issues that stopped it being read."""

    path: str
    index: int
    root: yaml.Node | None
    issues: tuple[ValidationIssue, ...] = ()


def _issue(path: str, line: int, column: int, rule: str, message: str, where: str = "",
           hint: str | None = None) -> ValidationIssue:
    return ValidationIssue(path, line, column, where, rule, message, hint=hint)


def _mark_issue(path: str, text: str, err: yaml.MarkedYAMLError, rule: str) -> ValidationIssue:
    mark = err.problem_mark or err.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    if mark is not None and text[mark.index:mark.index + 1] == "\t":
        # libyaml only says "found character that cannot start any token"; a tab is the usual cause.
        return _issue(path, line, col, rule, "a tab character: YAML indents with spaces only",
                      hint="replace the tabs at the start of the line with spaces")
    what = " ".join(p for p in (err.context, err.problem) if p)
    hint = None
    if err.problem and err.problem.startswith("mapping values are not allowed"):
        # `name: Loja: Centro` — the second `: ` starts a mapping; quoting the value makes it text.
        hint = 'a value holding ": " must be quoted, like name: "Loja: Centro"'
    return _issue(path, line, col, rule, f"not valid YAML: {what}", hint=hint)


def decode(path: str, data: bytes, size: int | None = None) -> tuple[str | None, ValidationIssue | None]:
    """UTF-8 text of the file (a leading BOM dropped), or the issue naming the first bad byte.

    `size` is the whole file's size when known: `data` holds at most the limit plus one byte.
    """
    if len(data) > MAX_FILE_BYTES:
        if size is not None and size >= len(data):
            return None, _issue(path, 1, 1, "file-size", f"file is {size:,} bytes; the limit is 5 MiB")
        # A pipe is read only up to the limit, so its real size is never known and none is claimed.
        return None, _issue(path, 1, 1, "file-size", f"input is over the 5 MiB limit ({MAX_FILE_BYTES:,} bytes)")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        before = data[: err.start]  # valid UTF-8 up to the bad byte
        line = before.count(b"\n") + 1
        # Columns count characters, as libyaml's marks do everywhere else (and a BOM is not one).
        col = len(before[before.rfind(b"\n") + 1 :].decode("utf-8").removeprefix("\ufeff")) + 1
        return None, _issue(path, line, col, "encoding", f"not valid UTF-8 (byte 0x{data[err.start]:02x}); save the file as UTF-8")
    return text.removeprefix("\ufeff"), None


# The rule of a file that could not be read at all (missing, a directory, no permission): reported in
# the chosen format like any issue, but it makes the run a usage error (exit 2), not an invalid file.
UNREADABLE = "file"


def read_file(path: str) -> list[YamlDocument]:
    """Every document of the file at `path` ("-" is standard input; `/dev/stdin` and `<(…)` are files)."""
    size = None
    try:
        if path == "-":
            import sys

            data = sys.stdin.buffer.read(MAX_FILE_BYTES + 1)
        else:
            with open(path, "rb") as fh:
                data = fh.read(MAX_FILE_BYTES + 1)
                if len(data) > MAX_FILE_BYTES:
                    size = _regular_file_size(fh)
    except OSError as err:
        return [YamlDocument(path, 0, None, (unreadable_issue(path, err),))]
    return read_bytes(path, data, size)


def _regular_file_size(fh) -> int | None:
    """The size on disk of a regular file; None for pipes and devices (`<(…)`, /dev/stdin)."""
    import os
    import stat

    st = os.fstat(fh.fileno())
    return st.st_size if stat.S_ISREG(st.st_mode) else None


def unreadable_issue(path: str, err: OSError) -> ValidationIssue:
    import errno

    hint = None
    if err.errno == errno.ENOENT:
        reason = "does not exist"
    elif err.errno == errno.EISDIR:
        reason = "is a directory"
        # A shell glob checks every file in it (CONTRACT §3 takes FILE...); `**` needs `shopt -s globstar`.
        hint = f"validate the files in it with a glob: checkoutctl validate {path.rstrip('/')}/*.yaml"
    elif err.errno in (errno.EACCES, errno.EPERM):
        reason = "cannot read: permission denied"
    else:
        reason = f"cannot read: {err.strerror or err}"
    return ValidationIssue(path, 0, 0, "", UNREADABLE, reason, hint=hint)


def read_bytes(path: str, data: bytes, size: int | None = None) -> list[YamlDocument]:
    text, problem = decode(path, data, size)
    if problem:
        return [YamlDocument(path, 0, None, (problem,))]
    docs: list[YamlDocument] = []
    deep = _too_deep(path, text)
    if deep:
        return [YamlDocument(path, 0, None, (deep,))]
    stream = io.StringIO(text)
    stream.name = path  # every node's mark carries its file, so spliced cart items point into the cart
    try:
        with paused_gc():
            for index, root in enumerate(yaml.compose_all(stream, Loader=_Loader)):
                if root is None or _empty(root):  # an empty document between two `---`
                    continue
                docs.append(YamlDocument(path, index, root, tuple(structural_issues(path, root))))
    except yaml.MarkedYAMLError as err:
        # libyaml may refuse deep nesting itself (PyYAML 6.0.4 stops flow nesting at 1,000 levels):
        # whichever layer refuses first, deep nesting is reported as `depth`, never as a syntax error.
        issue = _depth_before_error(path, text, err) or _mark_issue(path, text, err, "yaml-syntax")
        docs.append(YamlDocument(path, len(docs), None, (issue,)))
    except yaml.reader.ReaderError as err:  # a NUL or another control character: no mark, a position
        docs.append(YamlDocument(path, len(docs), None, (_reader_issue(path, text, err),)))
    except (yaml.YAMLError, RecursionError, ValueError) as err:
        docs.append(YamlDocument(path, len(docs), None, (_issue(path, 1, 1, "yaml-syntax", f"not valid YAML: {err}"),)))
    if not docs:
        docs.append(YamlDocument(path, 0, None, (_issue(path, 1, 1, "empty", "the file holds no document"),)))
    return docs


@contextmanager
def paused_gc():
    """No cyclic garbage collection while a node tree is built and read: a tree is all new, live,
    acyclic objects (two Marks per node), which only make the collector rescan them as it grows.
    Composing the 5,000-item PagBank order (benchmarks/run.py): 121 ms → 70 ms of CPU. Nested or
    concurrent uses are fine: only a caller that found the collector on turns it back on."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _empty(root: yaml.Node) -> bool:
    # libyaml composes `---` followed by `---` (or by the end) to a plain scalar with no text.
    return isinstance(root, yaml.ScalarNode) and root.value == "" and not root.style and root.tag == _CORE + "null"


_BREAK = re.compile(r"\r\n|[\r\n\x85\u2028\u2029]")


def _reader_issue(path: str, text: str, err: yaml.reader.ReaderError) -> ValidationIssue:
    before = text[: max(err.position, 0)]
    breaks = list(_BREAK.finditer(before))
    line = len(breaks) + 1
    col = len(before) - (breaks[-1].end() if breaks else 0) + 1
    char = err.character if isinstance(err.character, str) else chr(err.character)
    return _issue(path, line, col, "yaml-syntax", f"not valid YAML: control character U+{ord(char):04X} is not allowed")


# A block collection nested inside another on the same line (`- - - x`, `? ? x`, `: - x`): the only way
# block nesting gets deeper than a few thousand levels within 5 MiB (otherwise each level costs a line
# of indentation). Counted with the flow brackets to decide whether the event scan is needed.
_COMPACT = re.compile(r"[-?:][ \t]+(?=[-?](?:[ \t\r\n]|$))", re.MULTILINE)


def _too_deep(path: str, text: str) -> ValidationIssue | None:
    """Refuse nesting deeper than MAX_DEPTH before composing: libyaml's composer recurses in C and
    crashes the process on a few tens of thousands of `[` (measured: 40,000 segfaults; so does
    `- - - …` 100,000 deep). Block nesting by indentation is bounded by the 5 MiB limit (3,300 levels
    measured safe); flow and same-line compact nesting are checked here, with the event parser
    (iterative) only when the text holds enough brackets or compact indicators to matter."""
    flow = text.count("[") + text.count("{")
    if flow <= FLOW_SCAN_THRESHOLD and flow + sum(1 for _ in _COMPACT.finditer(text)) <= FLOW_SCAN_THRESHOLD:
        return None
    try:
        return _scan_depth(path, text, _Loader)
    except yaml.MarkedYAMLError as err:
        # libyaml's scanner looks ahead over a run of `[` and may refuse the nesting itself before
        # the parser has handed us MAX_DEPTH events; the pure parser tells which it was.
        return _depth_before_error(path, text, err)
    except yaml.YAMLError:
        return None  # the composer reports the syntax error with its position


def _scan_depth(path: str, text: str, loader: type) -> ValidationIssue | None:
    depth = 0
    for event in yaml.parse(text, Loader=loader):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                mark = event.start_mark
                return _issue(path, mark.line + 1, mark.column + 1, "depth", f"nested deeper than {MAX_DEPTH} levels")
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
    return None


def _depth_before_error(path: str, text: str, err: yaml.MarkedYAMLError) -> ValidationIssue | None:
    """The `depth` issue if the text nests deeper than MAX_DEPTH before the place libyaml refused.

    Decided by PyYAML's pure-Python parser (iterative, no nesting limit of its own) over the text up
    to the error, never by the wording of libyaml's message, which changes between releases."""
    mark = err.problem_mark or err.context_mark
    end = len(text) if mark is None else min(len(text), mark.index + 1)
    try:
        return _scan_depth(path, text[:end], yaml.SafeLoader)
    except (yaml.YAMLError, RecursionError):
        return None


def structural_issues(path: str, root: yaml.Node) -> list[ValidationIssue]:
    """Hazards that no rule should ever see: custom tags, duplicate keys, alias bombs, deep nesting."""
    if _plainly_clean(root):
        return []
    return _walk_issues(path, root)


def _plainly_clean(root: yaml.Node) -> bool:
    """True when the tree certainly has none of the hazards `_walk_issues` reports: every tag allowed,
    every key a unique scalar, no node reached twice (no alias), at most MAX_DEPTH deep and
    MAX_EXPANDED_NODES big. Anything else (False) goes to the exact walk, which words the issues.

    Level by level with set operations instead of a Python call, an `id()` entry and a tag test per
    node: 5,000-item PagBank order (45,059 nodes) 22 ms → 10 ms of CPU."""
    scalar, mapping = yaml.ScalarNode, yaml.MappingNode
    level, depth, count, seen = [root], 0, 0, set()
    while level:
        if depth > MAX_DEPTH:
            return False
        count += len(level)
        seen.update(level)  # nodes hash by identity; cheaper than a set of id() ints (7 ms → 2 ms)
        if count > MAX_EXPANDED_NODES or len(seen) != count or not ALLOWED_TAGS.issuperset({n.tag for n in level}):
            return False
        below: list[yaml.Node] = []
        for node in [n for n in level if n.__class__ is not scalar]:
            if node.__class__ is mapping:
                pairs = node.value
                keys = {k.value for k, _ in pairs if k.__class__ is scalar}
                if len(keys) != len(pairs) or "<<" in keys:  # a non-scalar or repeated key, or a quoted `<<`
                    return False
                below.extend(chain.from_iterable(pairs))
            else:
                below.extend(node.value)
        level, depth = below, depth + 1
    return True


def _walk_issues(path: str, root: yaml.Node) -> list[ValidationIssue]:
    issues: list[ValidationIssue] = []
    sizes: dict[int, int] = {}  # id(node) → expanded size; -1 while being measured (a cycle)

    def report(node: yaml.Node, where: str, rule: str, message: str) -> None:
        issues.append(_issue(path, node.start_mark.line + 1, node.start_mark.column + 1, rule, message, where))

    def child(where: str, key: str) -> str:
        return f"{where}.{key}" if where else key

    def walk(node: yaml.Node, depth: int, where: str) -> int:
        key = id(node)
        known = sizes.get(key)
        if known is not None:
            if known < 0:
                raise _Refused(node, where, "alias", "an alias refers to a node that contains it (a cycle)")
            return known  # an alias: counted again, not walked again
        if depth > MAX_DEPTH:
            raise _Refused(node, where, "depth", f"nested deeper than {MAX_DEPTH} levels")
        sizes[key] = -1
        if node.tag not in ALLOWED_TAGS and not _plain_merge(node):
            report(node, where, "tag", f"custom tag {node.tag!r} is not allowed; order files hold plain data")
        size = 1
        if isinstance(node, yaml.MappingNode):
            seen: dict[str, yaml.Node] = {}
            for knode, vnode in node.value:
                sub = where
                if isinstance(knode, yaml.ScalarNode):
                    sub = child(where, knode.value)
                    if knode.value == "<<" and not knode.style:
                        report(knode, sub, "merge-key", "merge keys (<<) are not supported; write the fields out")
                    elif knode.value in seen:
                        first = seen[knode.value].start_mark.line + 1
                        report(knode, sub, "duplicate-key", f"duplicate key {knode.value!r} (first at line {first})")
                    else:
                        seen[knode.value] = knode
                else:
                    report(knode, where, "key-type", "mapping keys must be plain strings")
                size += walk(knode, depth + 1, sub) + walk(vnode, depth + 1, sub)
                if size > MAX_EXPANDED_NODES:
                    break
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                size += walk(item, depth + 1, f"{where}[{i}]")
                if size > MAX_EXPANDED_NODES:
                    break
        if size > MAX_EXPANDED_NODES:
            raise _Refused(node, where, "alias", f"aliases expand to more than {MAX_EXPANDED_NODES:,} nodes; refusing the file")
        sizes[key] = size
        return size

    try:
        walk(root, 0, "")
    except _Refused as stop:
        report(stop.node, stop.where, stop.rule, stop.message)
    return issues


def _plain_merge(node: yaml.Node) -> bool:
    # The YAML 1.1 resolver tags every plain `<<` as a merge and every plain `=` as a "value"; as a key
    # `<<` is reported as `merge-key`, otherwise both are only the text that was written.
    return (
        isinstance(node, yaml.ScalarNode) and not node.style
        and (node.tag, node.value) in ((_CORE + "merge", "<<"), (_CORE + "value", "="))
    )


class _Refused(Exception):
    def __init__(self, node: yaml.Node, where: str, rule: str, message: str) -> None:
        self.node, self.where, self.rule, self.message = node, where, rule, message

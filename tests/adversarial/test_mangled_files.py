"""CONTRACT §1 and §7 under bad input: whatever the file holds, `validate` and `order create --dry-run`
end with exit 0, 3 (or 2 for usage, e.g. a cart given as the order), a clear message, never a
traceback, never exit 1, in bounded time and memory.

The corpus is built here from every samples/*.yaml (truncated, byte-flipped, shuffled lines) plus
hand-made hostile YAML; hypothesis adds generated and mutated files (strategies shared with
tests/unit/test_fuzz_validate.py, which covers `validate` alone).
"""

from __future__ import annotations

import random
import tracemalloc

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.adversarial.conftest import SAMPLES, run_subprocess
from tests.unit.test_fuzz_validate import mutated, order_files

SAMPLE_FILES = sorted(SAMPLES.glob("*.yaml"))
OK_CODES = (0, 2, 3)


def _mangled_samples() -> list[tuple[str, bytes]]:
    rng = random.Random(20240611)  # fixed: the same corpus every run
    cases = []
    for path in SAMPLE_FILES:
        data = path.read_bytes()
        for cut in (1, len(data) // 4, len(data) // 2, len(data) - 7):
            cases.append((f"{path.stem}-truncated-{cut}", data[:cut]))
        for n in range(4):
            flipped = bytearray(data)
            for _ in range(n + 1):
                i = rng.randrange(len(flipped))
                flipped[i] ^= 1 << rng.randrange(8)
            cases.append((f"{path.stem}-flipped-{n}", bytes(flipped)))
        for n in range(2):
            lines = data.splitlines(keepends=True)
            rng.shuffle(lines)
            cases.append((f"{path.stem}-shuffled-{n}", b"".join(lines)))
    return cases


PAGBANK_ITEM = b"  items:\n    - name: a\n      quantity: 1\n      unit_amount: 1\n"
HOSTILE = {
    "python-tag": b"provider: !!python/object/apply:os.system ['echo pwned']\norder: {}\n",
    "custom-tag": b"provider: !shell pagbank\norder: !!binary aGVsbG8=\n",
    "billion-laughs": b"a: &a [x,x,x,x,x,x,x,x,x,x]\n" + b"".join(
        b"%c: &%c [*%c,*%c,*%c,*%c,*%c,*%c,*%c,*%c,*%c,*%c]\n" % ((c, c) + (c - 1,) * 10) for c in range(ord("b"), ord("k")))
        + b"provider: pagbank\norder: *j\n",
    "alias-reuse": b"x: &n {name: a, quantity: 1, unit_amount: 1}\nprovider: pagbank\norder:\n  reference_id: r\n  items: [*n, *n]\n",
    "merge-key": b"b: &b {name: a, quantity: 1, unit_amount: 1}\nprovider: pagbank\norder:\n  reference_id: r\n  items:\n    - <<: *b\n",
    "nul": b"provider: pagbank\norder:\n  reference_id: \"a\x00b\"\n" + PAGBANK_ITEM,
    "nul-escaped": b"provider: pagbank\norder:\n  reference_id: \"a\\0b\\x1b[31m\"\n" + PAGBANK_ITEM,
    "bom": b"\xef\xbb\xbfprovider: pagbank\norder:\n  reference_id: r\n" + PAGBANK_ITEM,
    "double-bom": b"\xef\xbb\xbf\xef\xbb\xbfprovider: pagbank\norder: {}\n",
    "utf16-bom": "provider: pagbank\norder: {}\n".encode("utf-16"),
    "huge-int": b"provider: pagbank\norder:\n  reference_id: r\n  items:\n    - name: a\n      quantity: "
                + b"9" * 4000 + b"\n      unit_amount: 1" + b"0" * 4000 + b"\n",
    "huge-float": b"provider: gestaoplus\norder:\n  items: [{id: 1e4000, quantity: 1.0e-4000}]\n  type: V\n"
                  b"  negotiationType: .inf\n  uri: .nan\n",
    "huge-key": b"provider: pagbank\norder:\n  " + b"k" * 200_000 + b": 1\n",
    "bidi": "provider: pagbank\norder:\n  reference_id: \"\u202eabc\u2066\"\n  items:\n    - name: \"\u202egpj.exe\"\n"
            "      quantity: 1\n      unit_amount: 1\n".encode(),
    "bidi-provider": "provider: \"pag\u202ebank\"\norder: {}\n".encode(),
    "nested-flow-100k": b"provider: pagbank\norder: " + b"[" * 100_000 + b"]" * 100_000 + b"\n",
    "nested-map-100k": b"provider: pagbank\norder: " + b"{a: " * 100_000 + b"1" + b"}" * 100_000 + b"\n",
    "nested-unclosed": b"provider: pagbank\norder: " + b"[{" * 50_000 + b"\n",
    "nested-block": b"provider: pagbank\norder:\n" + b"".join(b" " * i + b"- \n" for i in range(1, 3000)),
    "tabs": b"provider: pagbank\norder:\n\treference_id: r\n\titems: []\n",
    "crlf": b"provider: pagbank\r\norder:\r\n  reference_id: r\r\n" + PAGBANK_ITEM.replace(b"\n", b"\r\n"),
    "cr-only": b"provider: pagbank\rorder:\r  reference_id: r\r",
    "lone-surrogate": b"provider: pagbank\norder:\n  reference_id: \"\\ud800\"\n" + PAGBANK_ITEM,
    "surrogate-pair-escaped": b"provider: pagbank\norder:\n  reference_id: \"\\ud83d\\ude00\"\n" + PAGBANK_ITEM,
    "surrogate-bytes": b"provider: pagbank\norder:\n  reference_id: \"\xed\xa0\x80\"\n",
    "invalid-utf8": b"provider: pagbank\norder:\n  reference_id: \"\xff\xfe\"\n",
    "duplicate-keys": b"provider: pagbank\nprovider: crayon\norder: {}\n",
    "top-level-list": b"- provider: pagbank\n- order: {}\n",
    "top-level-scalar": b"just text\n",
    "empty": b"",
    "only-separators": b"---\n---\n...\n",
    "directive": b"%YAML 1.1\n%TAG ! tag:evil.example,2024:\n---\nprovider: !x pagbank\n",
    "complex-key": b"provider: pagbank\norder:\n  ? [a, b]\n  : 1\n",
    "null-key": b"provider: pagbank\norder:\n  ~: 1\n  null: 2\n",
    "bool-words": b"provider: pagbank\norder:\n  reference_id: r\n  customer_modifiable: yes\n" + PAGBANK_ITEM,
    "octal": b"provider: gestaoplus\norder:\n  items: [{id: 0483, quantity: 0o7}]\n  type: V\n  negotiationType: 0x16\n  uri: u\n",
    "many-documents": b"".join(b"---\nprovider: crayon\norder: {}\n" for _ in range(2000)),
    "rich-markup": b"provider: pagbank\norder:\n  reference_id: \"[link=http://evil]x[/link] [bold red]:thumbs_up:\"\n" + PAGBANK_ITEM,
    "escape-sequences": b"provider: pagbank\norder:\n  reference_id: \"\\e]8;;http://evil\\e\\\\x\\e]8;;\\e\\\\\\x9b2J\"\n" + PAGBANK_ITEM,
    "over-5mib": b"provider: pagbank\norder:\n  reference_id: r\n#" + b"x" * (5 * 1024 * 1024) + b"\n",
    "long-line": b"provider: pagbank\norder:\n  reference_id: \"" + b"x" * 1_000_000 + b"\"\n" + PAGBANK_ITEM,
}


def _check(res, label: str) -> None:
    assert res.code in OK_CODES, (label, res.code, res.err[-800:])
    assert "Traceback" not in res.err and "Traceback" not in res.out, label
    assert "internal error" not in res.err, (label, res.err[-800:])
    if res.code != 0:
        assert "error" in res.err, (label, res.err[-800:])  # a clear message, not silence


def _both_commands(cli, path: str, label: str) -> None:
    _check(cli("validate", path), label)
    _check(cli("order", "create", "--dry-run", path), label)


@pytest.mark.timeout(120)
def test_mangled_samples_are_refused_or_accepted_never_crash(cli, write):
    cases = _mangled_samples()
    assert len(cases) >= 10 * len(SAMPLE_FILES)
    for label, data in cases:
        _both_commands(cli, write("mangled.yaml", data), label)


@pytest.mark.timeout(60)
@pytest.mark.parametrize("label", sorted(HOSTILE))
def test_hostile_yaml_is_refused_with_a_message(cli, write, label):
    path = write(f"{label}.yaml", HOSTILE[label])
    _both_commands(cli, path, label)


@pytest.mark.parametrize("label", ["python-tag", "custom-tag", "billion-laughs", "duplicate-keys", "invalid-utf8",
                                   "over-5mib", "top-level-list", "nested-flow-100k", "huge-int", "bidi-provider"])
def test_what_contract_section_1_refuses_is_refused_with_exit_3(cli, write, label):
    res = cli("order", "create", "--dry-run", write(f"{label}.yaml", HOSTILE[label]))
    assert res.code == 3, (label, res.err[-500:])
    assert "nothing was sent" in res.err
    assert "POST " not in res.out  # no request was even drawn up


@pytest.mark.parametrize("label", ["rich-markup", "escape-sequences", "bidi", "nul-escaped"])
def test_hostile_strings_in_a_file_never_reach_the_terminal(cli, write, label):
    for res in (cli("validate", write(f"{label}.yaml", HOSTILE[label])),
                cli("order", "create", "--dry-run", write(f"{label}.yaml", HOSTILE[label]))):
        text = res.out + res.err
        assert "\x1b" not in text and "\x9b" not in text and "\u202e" not in text and "\u2066" not in text, label


@pytest.mark.timeout(60)
@pytest.mark.parametrize("label", ["billion-laughs", "nested-flow-100k", "over-5mib", "long-line", "many-documents"])
def test_big_inputs_stay_in_bounded_memory(cli, write, label):
    path = write(f"{label}.yaml", HOSTILE[label])
    tracemalloc.start()
    try:
        res = cli("order", "create", "--dry-run", path)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert res.code in OK_CODES, res.err[-500:]
    assert peak < 256 * 1024 * 1024, f"{label}: peak {peak / 2**20:.0f} MiB"


@pytest.mark.timeout(180)
def test_a_handful_through_a_real_process_never_crash_or_die_by_signal(tmp_path):
    labels = ["billion-laughs", "nested-flow-100k", "nested-map-100k", "huge-int", "nul", "lone-surrogate",
              "invalid-utf8", "python-tag"]
    for label in labels:
        path = tmp_path / f"{label}.yaml"
        path.write_bytes(HOSTILE[label])
        for args in (("validate", path), ("order", "create", "--dry-run", path)):
            proc = run_subprocess(*args)
            err = proc.stderr.decode("utf-8", "replace")
            assert proc.returncode in OK_CODES, (label, args[0], proc.returncode, err[-500:])  # <0: killed by a signal
            assert "Traceback" not in err, label


def test_validate_from_stdin_with_hostile_bytes_in_a_process():
    proc = run_subprocess("validate", "-", stdin=HOSTILE["nested-flow-100k"])
    assert proc.returncode == 3 and b"Traceback" not in proc.stderr


FUZZ = settings(max_examples=120, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
SAMPLE_BYTES = [p.read_bytes() for p in SAMPLE_FILES]


@st.composite
def spliced_samples(draw) -> bytes:
    """A real sample with random spans replaced by hostile fragments: deep into the rules, not just the parser."""
    data = bytearray(draw(st.sampled_from(SAMPLE_BYTES)))
    for _ in range(draw(st.integers(1, 3))):
        at = draw(st.integers(0, len(data)))
        span = draw(st.integers(0, 12))
        data[at:at + span] = draw(st.sampled_from(
            [b"", b"~", b"0123", b"1e400", b"\"\\ud800\"", b"[", b"}", b"&x ", b"*x", b"!!str ", b"\t", b"\r\n",
             b"- ", b": ", b"\xc3", b"\"\\x1b[2J\"", "\u202e".encode(), b"9" * 50, b"-1", b".nan", b"null", b"yes"]))
    return bytes(data)


@FUZZ
@given(data=st.one_of(spliced_samples(), mutated(), order_files()))
def test_order_create_dry_run_on_anything_exits_0_2_or_3(cli, tmp_path, data):
    path = tmp_path / "fuzz.yaml"
    path.write_bytes(data)
    _check(cli("order", "create", "--dry-run", str(path)), repr(data[:200]))


@FUZZ
@given(data=spliced_samples())
def test_validate_on_spliced_samples_exits_0_or_3(cli, tmp_path, data):
    path = tmp_path / "fuzz.yaml"
    path.write_bytes(data)
    res = cli("validate", "--format", "json", str(path))
    _check(res, repr(data[:200]))
    assert res.code in (0, 3)

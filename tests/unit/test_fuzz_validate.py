"""No input makes `validate` raise or exit with anything but 0 (valid) or 3 (invalid)."""

from __future__ import annotations

import io
import sys

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checkoutctl.documents.orders import check_file

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=12),
    st.sampled_from(["0123", "NO", "1:30", "<<", "=", "~", "2030-02-30", "+5511999999999", "0x10", "1e3", "!x", "&a", "*a"]),
)
keys = st.one_of(
    st.sampled_from(["provider", "order", "cart", "items", "id", "quantity", "type", "negotiationType", "uri", "customer",
                     "name", "unit_amount", "reference_id", "shipping", "checkout", "OrderLines", "<<"]),
    st.text(max_size=8),
)
trees = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(keys, inner, max_size=4)),
                     max_leaves=25)
providers = st.sampled_from(["gestaoplus", "pagbank", "bakeronline", "crayon", "stripe", ""])


@st.composite
def order_files(draw) -> bytes:
    top = {"provider": draw(providers), draw(st.sampled_from(["order", "cart"])): draw(trees)}
    if draw(st.booleans()):
        top = draw(trees) if draw(st.booleans()) else {**top, **draw(st.dictionaries(keys, trees, max_size=2))}
    docs = [top] + draw(st.lists(trees, max_size=2))
    return yaml.safe_dump_all(docs, allow_unicode=True).encode()


INSERTS = [b"&a ", b"*a", b"!!", b"<<: ", b"\t", b"\x00", b"\xef\xbb\xbf", b"[", b"{", b"- ", b"---\n", b"? ", b": ",
           b"!!python/object:os.system ", b"!x ", b"\xff", b"\xc3", b"'", b'"', b"|\n", b"\r", b"#", b"%YAML 1.1\n"]


@st.composite
def mutated(draw) -> bytes:
    data = bytearray(draw(order_files()))
    for _ in range(draw(st.integers(1, 4))):
        pos = draw(st.integers(0, len(data)))
        op = draw(st.sampled_from(["truncate", "flip", "insert", "delete"]))
        if op == "truncate":
            del data[pos:]
        elif op == "flip" and data:
            i = min(pos, len(data) - 1)
            data[i] ^= 1 << draw(st.integers(0, 7))
        elif op == "insert":
            data[pos:pos] = draw(st.sampled_from(INSERTS))
        elif data:
            del data[pos:pos + draw(st.integers(1, 8))]
    return bytes(data)


def check_bytes(tmp_path, data: bytes) -> None:
    path = tmp_path / "fuzz.yaml"
    path.write_bytes(data)
    for doc in check_file(str(path)):
        for issue in doc.issues:
            assert issue.line >= 0 and issue.column >= 0 and issue.rule and issue.message


def run_main(cli, tmp_path, data: bytes) -> None:
    path = tmp_path / "fuzz.yaml"
    path.write_bytes(data)
    res = cli("validate", "--format", "json", str(path))
    assert res.code in (0, 3), (data[:300], res.err[-500:])
    assert "Traceback" not in res.err and "internal error" not in res.err


@FAST
@given(st.text(max_size=300))
def test_any_text(tmp_path, text):
    check_bytes(tmp_path, text.encode("utf-8", "surrogatepass"))


@FAST
@given(st.binary(max_size=300))
def test_any_bytes(tmp_path, data):
    check_bytes(tmp_path, data)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(order_files())
def test_structured_yaml(tmp_path, data):
    check_bytes(tmp_path, data)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(mutated())
def test_mutated_yaml(tmp_path, data):
    check_bytes(tmp_path, data)


@FAST
@given(st.one_of(mutated(), order_files(), st.binary(max_size=200)))
def test_main_exits_0_or_3(cli, tmp_path, data):
    run_main(cli, tmp_path, data)


@FAST
@given(st.one_of(mutated(), order_files()))
def test_main_with_a_fuzzed_cart_exits_0_or_3(cli, tmp_path, data):
    order = tmp_path / "order.yaml"
    order.write_text("provider: gestaoplus\norder:\n  items: [{id: 1, quantity: 1}]\n  type: V\n  negotiationType: 1\n  uri: x\n")
    cart = tmp_path / "cart.yaml"
    cart.write_bytes(data)
    res = cli("validate", str(order), "--cart", str(cart))
    assert res.code in (0, 3), (data[:300], res.err[-500:])


@FAST
@given(st.one_of(mutated(), st.binary(max_size=200)))
def test_stdin(cli, monkeypatch, data):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    res = cli("validate", "-")
    assert res.code in (0, 3), (data[:300], res.err[-500:])

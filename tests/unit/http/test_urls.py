"""The URL policy: the URL that is checked is the URL that is used (issue 9 §6)."""

from __future__ import annotations

import pytest

from checkoutctl.errors import UsageError
from checkoutctl.http.urls import check_url, display_url, parse_base_url
from tests.conftest import loaded_after

AMBIGUOUS = [
    "http://127.0.0.1:80\\@evil.com/", "http://evil.com#@127.0.0.1", "http://127.0.0.1%2f@evil", "http://evil.com\\.127.0.0.1/",
    "http://user:pass@127.0.0.1/", "http://127.0.0.1@evil.com/", "http://[::1%25lo]/", "http://[fe80::1%eth0]:8080/",
    "http://127.0.0.1:80a/", "http://127.0.0.1:/", "http://127.0.0.1:99999/", "http://127.0.0.1 /", " http://127.0.0.1/",
    "http://127.0.0.1/\t", "http://127.0.0.1/a\nb", "http://127.0.0.1/\x00", "http://lоcalhost/",  # Cyrillic о
    "http://127.0.0.1/?x=1", "http://127.0.0.1/#x", "http://[1.2.3]/", "http://[::1/", "//127.0.0.1/", "127.0.0.1:8765",
    "http:/127.0.0.1/", "http://%31%32%37.0.0.1/", "",
]


@pytest.mark.parametrize("url", AMBIGUOUS)
def test_ambiguous_or_hostile_base_urls_are_refused(url):
    with pytest.raises(UsageError):
        parse_base_url(url)


@pytest.mark.parametrize("url, host, port, loopback", [
    ("http://127.0.0.1:8765/pagbank", "127.0.0.1", 8765, True), ("http://localhost/x", "localhost", None, True),
    ("http://[::1]:80/", "::1", 80, True), ("https://api.pagseguro.com", "api.pagseguro.com", None, False),
    ("HTTPS://API.Example.com:443/v1/", "api.example.com", 443, False),
])
def test_plain_base_urls_are_read_the_same_by_every_parser(url, host, port, loopback):
    base = parse_base_url(url)
    assert (base.host, base.port, base.loopback) == (host, port, loopback)


@pytest.mark.parametrize("url", ["http://example.com/", "http://10.0.0.1/", "http://localhost.evil.example/", "http://[::2]/"])
def test_plain_http_is_refused_except_to_loopback(url):
    with pytest.raises(UsageError) as caught:
        parse_base_url(url)
    assert "plain http://" in caught.value.message


def test_request_urls_are_checked_with_the_transports_own_parser():
    assert check_url("http://127.0.0.1:1/gestaoplus/order/info?t=abc") is True
    for url in ("http://user@127.0.0.1/", "http://127.0.0.1:80\\@evil.com/", "http://evil.com#@127.0.0.1/"):
        with pytest.raises(UsageError):
            check_url(url)


def test_display_url_never_shows_user_info_or_secret_query_values():
    assert display_url("https://u:pw-secret@api.example.com/x?access_token=abc&t=1") == \
        "https://api.example.com/x?access_token=****&t=1"


def test_settings_check_base_urls_without_importing_the_transport():
    code = "from checkoutctl.settings import load_settings\nload_settings(base_url='https://api.example.com')"
    assert loaded_after(code, ("requests", "checkoutctl.http.transport", "checkoutctl.http.client")) == []


def test_plain_http_to_loopback_is_checked_without_urllib3():
    # The loopback transport connects by urllib.parse's reading, so a sandbox URL needs no urllib3 (issue 15);
    # any other URL is read by urllib3, as requests will read it.
    checked = ("from checkoutctl.settings import load_settings\nfrom checkoutctl.http.urls import check_url\n"
               "load_settings(base_url='http://127.0.0.1:8765/pagbank')\ncheck_url('http://[::1]:1/x?y=%41')")
    assert loaded_after(checked, ("urllib3", "requests")) == []
    assert loaded_after("from checkoutctl.http.urls import check_url\ncheck_url('https://127.0.0.1/')",
                        ("urllib3",)) == ["urllib3"]


@pytest.mark.parametrize("url", ["http://127.0.0.1:80\\@evil.com/", "http://evil.com#@127.0.0.1", "http://127.0.0.1%2f@evil",
                                 "http://[fe80::1%25eth0]/", "http://127.0.0.1:8o/"])
def test_the_cli_refuses_them_with_exit_2_before_anything_is_sent(cli, url):
    res = cli("order", "show", "CHEC_1", "--provider", "pagbank", "--base-url", url)
    assert res.code == 2 and "base_url (--base-url)" in res.err, res.err

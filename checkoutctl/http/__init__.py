"""HTTP for checkoutctl: value types, URL policy, retry and deadline policy, one transport seam.

    message.py     HttpRequest, HttpResponse (value types)                     leaf
    json_body.py   encode_json / decode_json: exact decimals, strict decoding   leaf
    urls.py        the URL policy: parse_base_url, check_url, display_url       settings use it
    masking.py     what a request shows of itself (--dry-run, error messages)
    policy.py      Timeout, Deadline, RetryPolicy, retry_after_seconds          values, testable alone
    base.py        Transport (one exchange) and what an exchange raises
    transport.py   RequestsTransport: the only module that imports requests, lazily
    mock.py        MockTransport(handler): in memory, for unit tests
    client.py      Client: one request through a Transport under the policies

What an exchange raises (base.py) says whether the request may have reached the server, from the
layer that knows (the connection wrote request bytes or not; urllib3's exception classes), never
from message text:

    TransportError
    ├── NotSent               nothing left this machine: safe to repeat, journal `failed`
    └── MaybeSent             bytes may have reached the server: the outcome is unknown
        ├── DeadlineExceeded  the exchange outlived its deadline (dripping server, 1xx storm)
        └── AnswerTooLarge    the answer (raw or decoded) passed the size cap
"""

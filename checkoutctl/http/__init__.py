"""HTTP for checkoutctl: value types, URL policy, retry and deadline policy, one transport seam.

    message.py       HttpRequest, HttpResponse (value types)                     leaf
    json_body.py     encode_json / decode_json: exact decimals, strict decoding   leaf
    urls.py          the URL policy: parse_base_url, check_url, plain_loopback,   settings use it
                     request_target, display_url
    masking.py       what a request shows of itself (--dry-run, error messages)
    policy.py        Timeout, Deadline, RetryPolicy, retry_after_seconds          values, testable alone
    base.py          Transport (one exchange) and what an exchange raises
    wire_request.py  the header fields and body a request is sent with           both transports
    exchange.py      the deadline's watchdog, sent-or-not, failure reasons        both transports
    answer_body.py   the body read with raw and decoded caps (gzip, deflate)      both transports
    routing.py       RoutingTransport: plain http to loopback -> loopback.py, else transport.py
    loopback.py      LoopbackTransport: http.client, plain http:// to loopback only (the sandbox)
    transport.py     RequestsTransport: the only module that imports requests, lazily (providers)
    mock.py          MockTransport(handler): in memory, for unit tests
    client.py        Client: one request through a Transport under the policies

Commands use RoutingTransport (ordering/endpoint.py): the sandbox is reached without importing
requests and urllib3 (~90 ms of a ~160 ms `order show`, issue 15); real providers through requests.
Both transports keep the same promises through the three shared modules, and tests hold them to the
same answers (tests/adversarial/test_transport_parity.py, and test_raw_wire.py and
test_transport_faults.py run over both).

What an exchange raises (base.py) says whether the request may have reached the server, from the
layer that knows (the connection wrote request bytes or not; http.client's and urllib3's exception
classes), never from message text:

    TransportError
    ├── NotSent               nothing left this machine: safe to repeat, journal `failed`
    └── MaybeSent             bytes may have reached the server: the outcome is unknown
        ├── DeadlineExceeded  the exchange outlived its deadline (dripping server, 1xx storm)
        └── AnswerTooLarge    the answer (raw or decoded) passed the size cap
"""

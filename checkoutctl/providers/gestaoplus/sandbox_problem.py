"""How the Gestão Plus sandbox answers and reads: every answer, success included, a problem document
`{type, title, status, detail}` (seeds/README), and request bodies read as JSON objects. Shared by its
order routes (sandbox.py) and its token route (sandbox_oauth.py)."""

from __future__ import annotations

import json
from http import HTTPStatus

from werkzeug.wrappers import Request, Response

from checkoutctl.sandbox.bodies import BodyRefused, read_json

PROBLEM_TYPE = "http://www.w3.org/Protocols/rfc2616/rfc2616-sec10.html"  # seeds 000, 001
TOKEN_TTL_SECONDS = 43200  # seeds/README: expires_in "43200"


def problem(status: int, detail: str, title: str | None = None, data: dict | None = None, **extra) -> Response:
    body: dict = {} if data is None else {"data": data}
    body.update(extra)
    body.update(type=PROBLEM_TYPE, title=title or HTTPStatus(status).phrase, status=status, detail=detail)
    return Response(json.dumps(body, ensure_ascii=False), status=status, mimetype="application/problem+json")


def json_object(request: Request) -> dict | None:
    try:
        body = read_json(request)
    except BodyRefused:
        return None
    return body if isinstance(body, dict) else None

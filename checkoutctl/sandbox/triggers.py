"""`/_sandbox/events`, `/_sandbox/trigger` and `/_sandbox/clock`: moving orders through their life.

    GET    /_sandbox/events    [{"event": "pagbank.paid", "description": …}, …]
    POST   /_sandbox/trigger   {"event": "pagbank.paid", "id": "CHEC_…", "installment": 2?}
                               200 {"event", "id", "state"}; 404 no such order or event; 409 the
                               order's state forbids it; 400 a malformed request
    GET    /_sandbox/clock     {"now": ISO-8601, "offset_seconds"}
    POST   /_sandbox/clock     {"advance": "2h30m" | seconds}: the clock moves forward
    DELETE /_sandbox/clock     back to real time

Events are declared by each provider's `SandboxMount.events` (sandbox/context.py); `checkoutctl
sandbox trigger` and `sandbox clock` call these routes, on a running `sandbox serve` of the home or on
an embedded sandbox started for the command.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone

from werkzeug.wrappers import Request, Response

from checkoutctl.sandbox import clock
from checkoutctl.sandbox.context import Event, EventRefused, SandboxContext


def _json(data, status: int = 200) -> Response:
    return Response(json.dumps(data), status=status, mimetype="application/json")


def _refused(status: int, code: str, detail: str) -> Response:
    return _json({"error": code, "detail": detail}, status)


def events_answer(events: dict[str, Event]) -> Response:
    return _json([{"event": name, "description": event.description} for name, event in events.items()])


def trigger_answer(ctx: SandboxContext, events: dict[str, Event], request: Request) -> Response:
    body = request.get_json(silent=True)
    if not isinstance(body, dict) or not isinstance(body.get("event"), str) or not isinstance(body.get("id"), str):
        return _refused(400, "invalid_trigger", 'expected {"event": "PROVIDER.EVENT", "id": "ORDER ID"}')
    installment = body.get("installment")
    if installment is not None and (not isinstance(installment, int) or isinstance(installment, bool) or installment < 1):
        return _refused(400, "invalid_trigger", "installment must be a positive integer")
    event = events.get(body["event"])
    if event is None:
        return _refused(404, "unknown_event", f"no event {body['event']!r}; GET /_sandbox/events lists them")
    try:
        state = event.apply(ctx, body["id"], {"installment": installment})
    except EventRefused as refused:
        return _refused(refused.status, "event_refused", refused.message)
    return _json({"event": body["event"], "id": body["id"], "state": state})


def clock_answer(ctx: SandboxContext, request: Request) -> Response:
    if request.method == "DELETE":
        clock.reset(ctx.store)
    elif request.method == "POST":
        body = request.get_json(silent=True)
        value = body.get("advance") if isinstance(body, dict) else None
        try:
            if isinstance(value, bool) or not isinstance(value, (int, float, str)):
                raise ValueError('expected {"advance": "2h30m"} or {"advance": SECONDS}')
            clock.advance(ctx.store, clock.parse_duration(value) if isinstance(value, str) else float(value))
        except ValueError as err:
            return _refused(400, "invalid_clock", str(err))
    now = datetime.fromtimestamp(ctx.now(), tz=timezone.utc)
    return _json({"now": now.isoformat(timespec="seconds"), "offset_seconds": clock.offset(ctx.store)})

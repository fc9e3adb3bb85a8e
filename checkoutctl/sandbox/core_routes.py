"""The sandbox's own routes under /_sandbox/ (health, faults, the request log, events, trigger, clock),
each a function of the app and the request; SandboxApp (sandbox_server.py) routes `core:NAME` here."""

from __future__ import annotations

import json

from werkzeug.wrappers import Request, Response

from checkoutctl.sandbox import faults, request_log, triggers
from checkoutctl.sandbox.route_match import unrouted_warning

CORE_PREFIX = "/_sandbox"


def json_answer(data, status: int = 200) -> Response:
    return Response(json.dumps(data), status=status, mimetype="application/json")


def health(app, request: Request) -> Response:
    return json_answer({"ok": True, "providers": app.providers, "database": str(app.store.path)})


def faults_route(app, request: Request) -> Response:
    if request.method == "GET":
        return json_answer(faults.armed(app.store))
    if request.method == "DELETE":
        return json_answer({"cleared": faults.clear(app.store)})
    body = request.get_json(silent=True)
    if not isinstance(body, dict) or not isinstance(body.get("path"), str) or not isinstance(body.get("fault"), str):
        return json_answer({"error": "invalid_sandbox_fault", "detail": 'expected {"method", "path", "fault", "times"}'}, 400)
    try:
        times = body.get("times", 1)
        if not isinstance(times, int) or isinstance(times, bool):
            raise faults.InvalidFault("times must be an integer")
        row = faults.arm(app.store, str(body.get("method") or "*"), body["path"], body["fault"], times)
    except faults.InvalidFault as err:
        return json_answer({"error": "invalid_sandbox_fault", "detail": str(err)}, 400)
    warning = unrouted_warning(body["path"], [r.rule for r in app.url_map.iter_rules()
                                              if not r.rule.startswith(CORE_PREFIX + "/")])
    return json_answer({**row, **({"warning": warning} if warning else {})}, 201)


def fault(app, request: Request, fault_id: int) -> Response:
    if not faults.remove(app.store, fault_id):
        return json_answer({"error": "no_such_fault", "detail": f"no armed fault {fault_id}"}, 404)
    return Response(status=204)


def events(app, request: Request) -> Response:
    return triggers.events_answer(app.events)


def trigger(app, request: Request) -> Response:
    return triggers.trigger_answer(app.ctx, app.events, request)


def clock(app, request: Request) -> Response:
    return triggers.clock_answer(app.ctx, request)


def requests(app, request: Request) -> Response:
    if request.method == "DELETE":
        request_log.clear(app.store)
        return Response(status=204)
    direction = request.args.get("direction", "in")  # "out": notifications delivered; "all"
    return json_answer(request_log.entries(app.store, request.args.get("method"), request.args.get("path"),
                                           direction=None if direction == "all" else direction))


ROUTES = {"health": health, "faults": faults_route, "fault": fault, "events": events, "trigger": trigger,
          "clock": clock, "requests": requests}

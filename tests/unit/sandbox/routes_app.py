"""A provider's sandbox routes as a WSGI app without sockets, mounted as the sandbox core mounts them."""

from __future__ import annotations

from werkzeug.exceptions import HTTPException
from werkzeug.routing import Map, Rule
from werkzeug.wrappers import Request

from checkoutctl.sandbox.context import SandboxContext


def wsgi_app(ctx: SandboxContext, module):
    """A tiny app over the module's own routes (PREFIX + rule), for werkzeug's test Client."""
    urls = Map([Rule(module.PREFIX + r.rule, methods=list(r.methods), endpoint=r.handler) for r in module.routes()])

    @Request.application
    def app(request: Request):
        try:
            handler, values = urls.bind_to_environ(request.environ).match()
        except HTTPException as err:
            return err
        return handler(ctx, request, **values)

    return app

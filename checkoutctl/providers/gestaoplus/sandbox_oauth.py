"""Gestão Plus `POST /oauth` in the sandbox: the password grant (seeds/README) and the refresh grant.

Gestão Plus answers as Laminas API Tools' OAuth2 module does (problem+json `{type, title, status, detail}`,
the token route at `/oauth`, client_id "app"): AuthController::tokenAction over bshaffer/oauth2-server-php,
its errors mapped to ApiProblem(status, detail=error_description, title=error). So the refresh grant
(RFC 6749 §6) answers here as that server's OAuth2\\GrantType\\RefreshToken does:

    grant_type=password        seeds/README: ANY username with the password `sandbox`, client_id "app";
                               401 title "invalid_grant" otherwise; 200 {access_token, expires_in "43200",
                               token_type "Bearer", refresh_token}
    grant_type=refresh_token   400 "invalid_request"  'Missing parameter: "refresh_token" is required'
                               400 "invalid_grant"    "Invalid refresh token"  (unknown, spent, other client)
                               400 "invalid_grant"    "Refresh token has expired"
                               200 a new access token AND a new refresh token; the one spent is gone
                               (always_issue_new_refresh_token, unset_refresh_token_after_use: rotation)

Both lifetimes run on the sandbox clock (sandbox/clock.py), so `sandbox clock advance 13h` expires an
access token and `advance 15d` its refresh token, end to end over real HTTP.
"""

from __future__ import annotations

import json

from werkzeug.wrappers import Request, Response

from checkoutctl.providers.gestaoplus.sandbox_problem import TOKEN_TTL_SECONDS, json_object, problem
from checkoutctl.sandbox.context import SandboxContext, random_token

SANDBOX_PASSWORD = "sandbox"
CLIENT_ID = "app"  # seeds/README
# bshaffer/oauth2-server-php's default refresh_token_lifetime: 1209600 s, 14 days.
REFRESH_TTL_SECONDS = 14 * 86400

# Its table: one migration in sandbox.py's SCHEMA, among the provider's others (append-only there).
SCHEMA = [
    "CREATE TABLE IF NOT EXISTS gestaoplus_refresh_tokens (token TEXT PRIMARY KEY, username TEXT NOT NULL,"
    " client_id TEXT NOT NULL, expires_at REAL NOT NULL)",
]


def oauth(ctx: SandboxContext, request: Request) -> Response:
    body = json_object(request)
    if body is None:
        body = request.form.to_dict() if request.form else {}
    grant_type = body.get("grant_type")
    if grant_type not in ("password", "refresh_token"):
        return problem(401, "Unsupported grant type; use password or refresh_token", title="invalid_grant")
    if body.get("client_id") != CLIENT_ID:
        return problem(401, "Client credentials were not found", title="invalid_client")
    if grant_type == "refresh_token":
        return _refresh(ctx, body)
    username = body.get("username")
    if not isinstance(username, str) or not username or body.get("password") != SANDBOX_PASSWORD:
        return problem(401, "Invalid username and password combination", title="invalid_grant")
    return _grant(ctx, username, CLIENT_ID)


def _refresh(ctx: SandboxContext, body: dict) -> Response:
    token = body.get("refresh_token")
    if not isinstance(token, str) or not token:
        return problem(400, 'Missing parameter: "refresh_token" is required', title="invalid_request")
    with ctx.store.tx() as db:
        row = db.execute("SELECT username, client_id, expires_at FROM gestaoplus_refresh_tokens WHERE token = ?",
                         (token,)).fetchone()
        if row is None or row["client_id"] != body["client_id"]:
            return problem(400, "Invalid refresh token", title="invalid_grant")
        if row["expires_at"] < ctx.now():
            return problem(400, "Refresh token has expired", title="invalid_grant")
        # Spent: removed in the same transaction that reads it, so two refreshes racing get one grant.
        db.execute("DELETE FROM gestaoplus_refresh_tokens WHERE token = ?", (token,))
    return _grant(ctx, row["username"], row["client_id"])


def _grant(ctx: SandboxContext, username: str, client_id: str) -> Response:
    access = ctx.issue_token("gestaoplus", TOKEN_TTL_SECONDS)
    refresh = random_token(32)
    with ctx.store.tx() as db:
        db.execute("INSERT INTO gestaoplus_refresh_tokens(token, username, client_id, expires_at) VALUES (?, ?, ?, ?)",
                   (refresh, username, client_id, ctx.now() + REFRESH_TTL_SECONDS))
    answer = {"access_token": access, "expires_in": str(TOKEN_TTL_SECONDS), "token_type": "Bearer",
              "refresh_token": refresh}
    return Response(json.dumps(answer), status=200, mimetype="application/json")

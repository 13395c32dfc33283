"""
## What it does
Flags connection credentials passed in the URL's query string.

Satisfied by a short-lived (≤ 5 min), single-use ticket whose query string is redacted
from logs, or by another token location. Severity: a stated long lifetime, reuse or
unredacted logs is an error; a query token whose lifetime, single use or redaction is not
stated is a warning.

## Why is this bad?
Proxies, load balancers and servers log URLs. A token in the query string ends up in access
logs, browser history and monitoring tools. RFC 6750 says the URI method SHOULD NOT be used
unless nothing else works; browsers cannot set headers on a WebSocket handshake, which is why
the pattern is common. A short-lived, single-use ticket with redacted logs limits the damage.

## Example
```yaml
system: {name: Game}
components:
  - {id: player, kind: client}
  - {id: gw, kind: gateway, technology: ws}
  - {id: auth, kind: auth, method: jwt, token_location: query, token_ttl_s: 3600}
links:
  - {from: player, to: gw, protocol: websocket}
```

## Use instead
```yaml
system: {name: Game}
components:
  - {id: player, kind: client}
  - {id: gw, kind: gateway, technology: ws}
  - {id: auth, kind: auth, method: jwt, token_location: first_message, token_ttl_s: 900}
links:
  - {from: player, to: gw, protocol: websocket}
```
Where a query string cannot be avoided, a single-use ticket of a minute, redacted from logs,
is reported as a warning instead of an error.

## References
- RFC 6750 §2.3 and §5.3
- OWASP, WebSocket Security Cheat Sheet: token-based authentication
"""

from rtdiagram.model.diagnostics import Severity
from rtdiagram.analysis.ruleset import Context, Problem, component_path, rule


@rule("AU002", "token-in-query-string", "warning", checklist=("C10",))
def check(ctx: Context):
    model = ctx.model
    limit = ctx.thresholds.query_token_ttl_s
    for auth in model.of_kind("auth"):
        if auth.token_location != "query":
            continue
        risks, unstated = [], []
        if auth.token_ttl_s is not None and auth.token_ttl_s > limit:
            risks.append(f"lives longer than {limit} s")
        if auth.single_use is False:
            risks.append("can be reused")
        if auth.logs_redact_query is False:
            risks.append("is not redacted from logs")
        unstated = [what for what, value in (("lifetime", auth.token_ttl_s), ("single use", auth.single_use),
                                              ("log redaction", auth.logs_redact_query)) if value is None]
        yield Problem(
            component_path(model, auth.id, "token_location"),
            f"{auth.id!r} puts the credential in the URL query string, which access logs record"
            + (f"; the token {', '.join(risks)}" if risks else "")
            + (f" (not stated: {', '.join(unstated)})" if unstated and not risks else ""),
            hint="use a single-use connect ticket of ≤ 5 minutes minted over HTTPS, or send the "
            "token in the first message; redact query strings in logs",
            severity=Severity.ERROR if risks else None,
            component=auth.id,
        )

"""
## What it does
Flags connection credentials passed in the URL's query string.

Satisfied by a short-lived (≤ 5 min), single-use ticket whose query string is redacted
from logs, or by another token location. Severity: a stated long lifetime, reuse or
unredacted logs is an error; a query token whose lifetime, single use or redaction is not
stated is a warning.

A gateway that checks the credential itself states where it rides with its own
`token_location` (`{id: gw, kind: gateway, token_location: query}`) and is judged the same
way. Lifetime, single use and redaction are read from the one auth component that does not
place the token elsewhere, if there is one; a gateway and an auth component that both say
`query` are reported once, on the auth component.

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


def _token_facts(model):
    """The auth component describing the token a gateway takes in its query string: the only
    one that does not place the token elsewhere, else None."""
    candidates = [a for a in model.of_kind("auth") if a.token_location in (None, "query")]
    return candidates[0] if len(candidates) == 1 else None


def _judged(model):
    """(component stating query, auth component stating the token's lifetime etc. or None)."""
    for auth in model.of_kind("auth"):
        if auth.token_location == "query":
            yield auth, auth
    facts = _token_facts(model)  # the same for every gateway
    for gateway in model.of_kind("gateway"):
        if gateway.token_location == "query" and (facts is None or facts.token_location != "query"):
            yield gateway, facts  # else reported on the auth component


@rule("AU002", "token-in-query-string", "warning", checklist=("C10",))
def check(ctx: Context):
    model = ctx.model
    limit = ctx.thresholds.query_token_ttl_s
    for component, auth in _judged(model):
        ttl, single_use, redacted = (auth.token_ttl_s, auth.single_use, auth.logs_redact_query) if auth \
            else (None, None, None)
        risks = []
        if ttl is not None and ttl > limit:
            risks.append(f"lives longer than {limit} s")
        if single_use is False:
            risks.append("can be reused")
        if redacted is False:
            risks.append("is not redacted from logs")
        unstated = [what for what, value in (("lifetime", ttl), ("single use", single_use),
                                              ("log redaction", redacted)) if value is None]
        who = f"{component.id!r} puts" if component.kind == "auth" else f"clients of {component.id!r} put"
        source = f" (stated by {auth.id!r})" if auth is not None and auth is not component and risks else ""
        yield Problem(
            component_path(model, component.id, "token_location"),
            f"{who} the credential in the URL query string, which access logs record"
            + (f"; the token {', '.join(risks)}{source}" if risks else "")
            + (f" (not stated: {', '.join(unstated)})" if unstated and not risks else ""),
            hint="use a single-use connect ticket of ≤ 5 minutes minted over HTTPS, or send the "
            "token in the first message; redact query strings in logs"
            + ("; an auth component states the token's lifetime (token_ttl_s), single_use and "
               "logs_redact_query" if auth is None else ""),
            severity=Severity.ERROR if risks else None,
            component=component.id,
        )

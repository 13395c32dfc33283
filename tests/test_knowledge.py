"""The knowledge base the package reads is the YAML people edit, and lookups behave."""

from __future__ import annotations

from importlib import resources

from rtdiagram.knowledge import technologies as kb


def test_the_json_the_package_reads_is_the_yaml() -> None:
    folder = resources.files("rtdiagram.knowledge")
    source = folder.joinpath(kb.DATA_FILE).read_text(encoding="utf-8")
    assert folder.joinpath(kb.LOADED_FILE).read_text(encoding="utf-8") == kb.json_text(source), (
        "run: python -m rtdiagram.knowledge.technologies")


def test_lookup_by_alias_and_by_whole_token() -> None:
    assert kb.canonical("Socket.IO cluster") == "socketio"
    assert kb.canonical("AWS API Gateway WebSocket") == "apigw_websocket"
    assert kb.canonical("Envoy") == "envoy"
    assert kb.canonical("an envoyish proxy") is None          # a whole-token alias, not a substring
    assert kb.canonical("definitely not a product") is None


def test_a_knowledge_base_id_is_shown_by_its_products_name() -> None:
    from types import SimpleNamespace

    from rtdiagram.knowledge.names import technology_label

    def shown(technology: str, label: str = "edge") -> str | None:
        return technology_label(SimpleNamespace(technology=technology, kind="load_balancer", display_name=label))

    assert shown("oracle_db") == "Oracle Database"
    assert shown("f5_bigip", "F5 BIG-IP") is None  # the label already says it
    assert shown("alb") == "AWS ALB" and shown("cpp") == "C++"
    assert shown("Something Custom") == "Something Custom"


def test_a_technology_is_named_for_the_job_its_component_does() -> None:
    """PostgreSQL as the bus is its LISTEN/NOTIFY; the same id on a datastore is just PostgreSQL
    (a drafted journal table was labelled "PostgreSQL LISTEN/NOTIFY")."""
    from types import SimpleNamespace

    from rtdiagram.knowledge.names import technology_label

    def shown(kind: str) -> str | None:
        return technology_label(SimpleNamespace(technology="postgres", kind=kind, display_name="db"))

    assert shown("pubsub") == "PostgreSQL LISTEN/NOTIFY"
    assert shown("datastore") == "PostgreSQL" and shown("registry") == "PostgreSQL"

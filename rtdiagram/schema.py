"""The JSON Schema of the model, shaped for editors (Red Hat YAML language server).

pydantic generates it; three post-processing steps make it better for people:

* no auto-generated titles ("Heartbeat Interval S" clutters hover text);
* ``description`` copied to ``markdownDescription`` (what VS Code shows);
* the discriminated ``oneOf`` of components rewritten as ``if``/``then`` on ``kind``. Generic
  validators ignore OpenAPI's ``discriminator`` and try every branch, which reports the wrong
  branch's errors; with ``if``/``then`` an error names the actual field.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic.json_schema import GenerateJsonSchema

from rtdiagram import __version__
from rtdiagram.model import Model

SCHEMA_ID = "https://rtdiagram.dev/schema/v1/rtdiagram.schema.json"
MODELINE = "# yaml-language-server: $schema={}"


class _NoTitles(GenerateJsonSchema):
    def field_title_should_be_set(self, schema: Any) -> bool:
        return False


def json_schema() -> dict[str, Any]:
    schema = Model.model_json_schema(schema_generator=_NoTitles, by_alias=True)
    _strip_titles(schema)
    _rewrite_discriminators(schema)
    _markdown_descriptions(schema)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "rtdiagram model",
        "description": f"A real-time system design for rtdiagram {__version__.split('.')[0]}.x. "
        "Validate with `rtdiagram validate FILE`.",
        **{key: value for key, value in schema.items() if key not in ("title", "description")},
    }


def json_schema_text() -> str:
    return json.dumps(json_schema(), indent=2, sort_keys=False, ensure_ascii=False) + "\n"


def _walk(node: Any):
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from _walk(value)


def _strip_titles(schema: dict) -> None:
    for definition in schema.get("$defs", {}).values():
        definition.pop("title", None)


def _rewrite_discriminators(schema: dict) -> None:
    for node in list(_walk(schema)):
        discriminator = node.get("discriminator")
        if not (discriminator and "oneOf" in node):
            continue
        prop = discriminator["propertyName"]
        mapping = discriminator["mapping"]
        node.pop("oneOf")
        node.pop("discriminator")
        node.update({
            "type": "object",
            "required": [prop],
            "properties": {prop: {"enum": list(mapping), "description": "Component kind."}},
            "allOf": [
                {"if": {"properties": {prop: {"const": tag}}, "required": [prop]},
                 "then": {"$ref": ref}}
                for tag, ref in mapping.items()
            ],
        })


def _markdown_descriptions(schema: dict) -> None:
    for node in _walk(schema):
        if isinstance(node.get("description"), str):
            node["markdownDescription"] = node["description"]

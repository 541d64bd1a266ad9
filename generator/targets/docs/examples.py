"""The example request of a model's page three ways: curl, the Python client and the
TypeScript client."""

from __future__ import annotations

import json
from typing import Any

from ...catalog import ModelSpec
from ...catalog.hub import HubSpec
from ...naming import attribute_name
from ...render.filters import to_json
from ...render.layout import Call, statement
from ..python.client_surface import RESERVED_KEYWORDS


def curl_command(hub: HubSpec, path: str, request: dict[str, Any]) -> str:
    """A curl call with the body in a quoted here-document: no shell quoting to get wrong."""
    body = json.dumps(request, indent=2, ensure_ascii=False)
    return (
        f'curl -sS -X POST "${hub.base_url_env}{path}" \\\n'
        f'  -H "{hub.auth_header}: Bearer ${hub.auth_env}" \\\n'
        '  -H "Content-Type: application/json" \\\n'
        f"  --data-binary @- <<'JSON'\n{body}\nJSON"
    )


def python_call(model: ModelSpec) -> str:
    """The example through hub_sdk's client: keywords where every name can be one."""
    example = model.hub_example()
    resource = f"client.{model.capability}"
    if all(attribute_name(key) == key and key not in RESERVED_KEYWORDS for key in example):
        kwargs = (("model", model.id), *example.items())
        call = Call(f"{resource}.generate_and_wait", (), tuple(kwargs))
    else:
        call = Call(f"{resource}.submit", (model.id, example))
    lines = [
        "from hub_sdk import HubClient",
        "",
        "# The token and base URL come from HUB_API_KEY and HUB_BASE_URL.",
        "with HubClient() as client:",
        statement("task = ", call, indent=4),
        "    print(task.status, task.output_urls())",
    ]
    return "\n".join(lines)


def typescript_call(model: ModelSpec, hub: HubSpec) -> str:
    """The page example through the TypeScript client."""
    params = to_json({"model": model.id, "input": model.hub_example()})
    lines = [
        f'import {{ HubClient }} from "{hub.sdk_package}";',
        "",
        f"// The token and base URL come from {hub.auth_env} and {hub.base_url_env}.",
        "const client = new HubClient();",
        f"const task = await client.{model.capability}.generateAndWait({params});",
        "console.log(task.status, task.data);",
    ]
    return "\n".join(lines)

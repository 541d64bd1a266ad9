"""Small hand-made inputs for the template tests (tests/templates/): a hub with one
capability and the three endpoints, two models of it with one or two parameters, a catalog
of them, a second capability without models, and a text no output may hold as it is.
Built from the catalog's own dataclasses, frozen, so tests share them."""

from __future__ import annotations

from dataclasses import replace

from generator.catalog import Capability, Catalog, HubSpec, ImageMapping, ModelSpec, Parameter
from generator.catalog.hub import Endpoint, Polling, TaskField

IMAGE = Capability(
    name="image",
    path="/hub/v1/image",
    summary="Start an image job | any size.",
    modes=("text-to-image", "image-to-image"),
)

HUB = HubSpec(
    name="Tiny Hub",
    base_url="https://hub.example",
    auth_header="Authorization",
    auth_env="TINY_KEY",
    endpoints=(
        Endpoint("list_models", "GET", "/hub/v1/models", "Browse models."),
        Endpoint("get_model", "GET", "/hub/v1/models/{model}", "One model."),
        Endpoint("get_task", "GET", "/hub/v1/tasks/{task_id}", "Poll a task."),
    ),
    capabilities=(IMAGE,),
    task=(
        TaskField("task_id", "string", "Unique task ID.", required=True, aliases=("taskId",)),
        TaskField("data", "object", "The output, as the hub gives it."),
    ),
    source="specs/hub.yaml",
    polling=Polling(
        interval=1.5,
        max_interval=8.0,
        backoff=2.0,
        jitter=0.25,
        timeout=600.0,
        running=("pending", "processing"),
        succeeded=("completed",),
        failed=("failed", "cancelled"),
    ),
    base_url_env="TINY_BASE_URL",
    sdk_package="tiny-sdk",
    sdk_version="0.3.0",
)

PROMPT = Parameter(name="prompt", type="string", required=True, description="What to draw.")
STEPS = Parameter(
    name="num_steps",
    type="integer",
    has_default=True,
    default=4,
    minimum=1,
    maximum=8,
    description="Sampling steps.",
)

DRAW = ModelSpec(
    id="tiny-draw",
    name="Tiny Draw",
    vendor="Acme",
    capability="image",
    mode="text-to-image",
    summary="Draws from a prompt.",
    parameters=(PROMPT, STEPS),
    images=None,
    rules=(),
    example={"prompt": "a red fox", "num_steps": 2},
    source="specs/models/tiny-draw.yaml",
)

EDIT = ModelSpec(
    id="tiny-edit",
    name="Tiny Edit",
    vendor="Acme",
    capability="image",
    mode="image-to-image",
    summary="Edits one image.",
    parameters=(PROMPT, Parameter(name="image_url", type="string", format="uri", required=True)),
    images=ImageMapping(min=1, max=1, slots=("image_url",)),
    rules=(),
    example={"prompt": "make it blue", "image_url": "https://example.com/in.png"},
    source="specs/models/tiny-edit.yaml",
    bases=("specs/bases/acme.yaml",),
)

CATALOG = Catalog(hub=HUB, models=(DRAW, EDIT))

AUDIO = Capability(name="audio", path="/hub/v1/audio", summary="Start a sound job.", modes=())
"""A second capability, with no models in the catalog."""

WITH_AUDIO = Catalog(hub=replace(HUB, capabilities=(IMAGE, AUDIO)), models=(DRAW, EDIT))
"""The catalog with the second capability."""

ODD = 'Odd "quoted" \\ back\nslash </script>'
"""Text no literal may hold as it is: a quote, a backslash, a newline, a closing tag."""

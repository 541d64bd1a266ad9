"""A model or the hub as JSON: its input's JSON Schema, the wire form, OpenAPI."""

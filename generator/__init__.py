"""hubgen: keeps SDKs, schemas and docs in lock-step with the hub's model catalog."""

__version__ = "0.1.0"

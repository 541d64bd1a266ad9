"""generated/ on disk: what it holds, whether it is current, replacing it."""

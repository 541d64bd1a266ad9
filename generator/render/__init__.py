"""Rendering: the Jinja environment, its escaping filters, black's layout, black."""

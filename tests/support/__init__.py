"""Shared test helpers: real databases, fake servers, a running Rasa stack (tests/ is on sys.path)."""

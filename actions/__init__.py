"""Custom actions for the Rasa action server (`rasa run actions`).

Actions stay thin: they read the tracker, call `bot/` for the real work and turn the
result into events and responses.
"""

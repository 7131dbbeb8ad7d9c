"""Stapwijzer: our own code beside the Rasa project (regions, handoffs, notifications, channels)."""

__version__ = "0.1.0"

"""Handoffs: a student asked for a person; we store the minimum and tell their Doorstroompunt."""

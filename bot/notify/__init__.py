"""Counsellor notifications: targets, the outbox dispatcher and its delivery channels."""

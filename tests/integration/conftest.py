"""A real Stapwijzer (action server + Rasa with the live model) per database backend.

These tests run after `make model` (marker `needs_model`); they fail, never skip, when the
model or PostgreSQL is missing. The `stack` and `counsellor_webhook` fixtures live in
tests/conftest.py, shared with tests/browser.
"""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.needs_model

"""Each test signs with keys in its own temporary folder."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def key_dir(app, tmp_path):
    previous = app.config.get("CREDENTIAL_KEY_DIR")
    app.config["CREDENTIAL_KEY_DIR"] = str(tmp_path / "keys")
    yield tmp_path / "keys"
    app.config["CREDENTIAL_KEY_DIR"] = previous

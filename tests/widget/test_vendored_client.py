"""The vendored socket.io client (web/vendor/) and the server in the venv speak the same protocol.

python-socketio's compatibility chart (its README, "Version compatibility"):

    JavaScript Socket.IO | Socket.IO protocol | Engine.IO protocol | python-socketio
    3.x and 4.x          | 5                  | 4                  | 5.x  (python-engineio 4.x)
"""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
from importlib.metadata import version

from bot.config import PROJECT_ROOT
from widget.echo import EchoRasa

VENDOR = PROJECT_ROOT / "web" / "vendor"
CLIENT = VENDOR / "socket.io.min.js"

# JavaScript client major -> (Socket.IO protocol, Engine.IO protocol, python-socketio major, python-engineio major)
COMPATIBLE = {3: (5, 4, 5, 4), 4: (5, 4, 5, 4)}


def major(text: str) -> int:
    return int(text.split(".")[0])


def vendored_version() -> str:
    match = re.search(r"Socket\.IO v(\d+\.\d+\.\d+)", CLIENT.read_text()[:300])
    assert match, "the vendored file lost its version banner"
    return match.group(1)


def bundle_protocols() -> tuple[int, int]:
    """(Socket.IO, Engine.IO) protocol revisions compiled into the minified bundle."""
    bundle = CLIENT.read_text()
    socketio_protocol = re.search(r"__proto__:null,protocol:(\d+)", bundle)
    engineio_protocol = re.search(r"\.protocol=(\d+),\w+\.protocol;", bundle)
    assert socketio_protocol and engineio_protocol, "bundle layout changed; check the protocol revisions by hand"
    return int(socketio_protocol.group(1)), int(engineio_protocol.group(1))


def test_vendored_client_is_the_pinned_release() -> None:
    package = json.loads((PROJECT_ROOT / "package.json").read_text())
    lock = json.loads((PROJECT_ROOT / "package-lock.json").read_text())
    pinned = package["devDependencies"]["socket.io-client"]
    assert re.fullmatch(r"\d+\.\d+\.\d+", pinned), "pin an exact version"
    assert lock["packages"]["node_modules/socket.io-client"]["version"] == pinned
    assert vendored_version() == pinned
    assert "MIT License" in (VENDOR / "socket.io-client.LICENSE").read_text()


def test_axe_core_is_pinned_exactly() -> None:
    package = json.loads((PROJECT_ROOT / "package.json").read_text())
    lock = json.loads((PROJECT_ROOT / "package-lock.json").read_text())
    pinned = package["devDependencies"]["axe-core"]
    assert re.fullmatch(r"\d+\.\d+\.\d+", pinned)
    assert lock["packages"]["node_modules/axe-core"]["version"] == pinned


def test_client_and_server_versions_are_a_compatible_pair() -> None:
    client_major = major(vendored_version())
    assert client_major in COMPATIBLE, f"socket.io-client {vendored_version()} is not in the chart"
    socketio_protocol, engineio_protocol, server_major, engine_major = COMPATIBLE[client_major]
    assert bundle_protocols() == (socketio_protocol, engineio_protocol)
    assert major(version("python-socketio")) == server_major
    assert major(version("python-engineio")) == engine_major


def test_server_accepts_the_clients_engineio_revision(echo_rasa: EchoRasa) -> None:
    """The real Rasa channel answers an Engine.IO handshake of the bundle's revision, and only that."""
    _, engineio_protocol = bundle_protocols()
    handshake = f"{echo_rasa.url}/socket.io/?EIO={engineio_protocol}&transport=polling"
    with urllib.request.urlopen(handshake, timeout=10) as response:
        body = response.read().decode()
    assert body.startswith("0") and '"sid"' in body  # "0" = Engine.IO open packet
    try:
        urllib.request.urlopen(f"{echo_rasa.url}/socket.io/?EIO={engineio_protocol - 1}&transport=polling", timeout=10)
        raise AssertionError("the server accepted an older Engine.IO revision")
    except urllib.error.HTTPError as error:
        assert error.code == 400

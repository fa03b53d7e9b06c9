"""The composer's Voila kernel, started before anyone asks for the page.

``jianggao compose`` and ``make voila`` run Voila with a pre-heated kernel
(:data:`toolkit.notebook.app.VOILA_OPTIONS`): Voila starts a kernel and runs the composer
notebook as soon as it starts, and again a few seconds after each page it hands out, so a
page request finds Python, Jupyter and the toolkit loaded instead of starting them.

The notebook calls :func:`wait_for_page` after its imports and before it opens the draft.
In a pre-heated kernel that first warms what every composer needs and what cannot go stale
(:func:`warm_up`: the modules loaded, the section library's templates parsed and compiled
into caches keyed by their text), then waits until the page is requested. So the draft, the
settings and the library are read when the writer opens the page, never before: a page
opened an hour after Voila started shows the draft as it is then. Anywhere else
(JupyterLab, Voila without pre-heating, nbclient) it returns at once.
"""

from __future__ import annotations

import json
import os
import warnings


def preheated() -> bool:
    """Whether this is a kernel Voila started ahead of a page request (and not yet handed out)."""
    return os.environ.get("VOILA_PREHEAT") == "True"


def warm_up() -> None:
    """Do once, ahead of the page, what the first composer would otherwise do while the
    writer waits: load the modules the service loads on first use and try every template
    of the section library once, as the composer's library does (their parsing and
    compiling are cached by the templates' text). Nothing read here is kept as such: the
    composer reads the draft, the settings and the library again when it is built."""
    from toolkit import resources, service
    from toolkit.templating.library import Library
    from toolkit.templating.sections import template_problem

    for template in Library().templates.values():
        template_problem(template)
    example = service.open_speech(resources.example_draft())
    service.preview_html(example)
    service.placeholders(example)
    service.filled_title(example)


def wait_for_page() -> None:
    """In a pre-heated Voila kernel: warm up, then wait until the page is requested.
    Elsewhere: return at once."""
    if not preheated():
        return
    warm_up()
    info = _request_info()
    if info is not None:
        os.environ.update(json.loads(info))


def _request_info() -> str | None:
    """Wait for the page request's details, which Voila sends a pre-heated kernel over a
    websocket once it hands the kernel to a page (what ``voila.utils.wait_for_request``
    does; importing that module would load Jupyter Server into the kernel, half a second
    more before the page can show). ``None``, with a warning, when Voila cannot be reached."""
    from websockets.exceptions import WebSocketException
    from websockets.sync.client import connect

    environ = os.environ
    base = environ.get("VOILA_WS_BASE_URL", environ.get("VOILA_SERVER_URL", "/"))
    address = (
        f"{environ.get('VOILA_WS_PROTOCOL', 'ws')}://{environ.get('VOILA_APP_IP', '127.0.0.1')}:"
        f"{environ.get('VOILA_APP_PORT', '8866')}{base}voila/query/{environ.get('VOILA_KERNEL_ID', '')}"
    )
    try:
        with connect(address, open_timeout=5) as socket:
            return socket.recv()
    except (OSError, TimeoutError, WebSocketException) as error:
        warnings.warn(f"Failed to connect to {address}: {error}", stacklevel=2)
        return None

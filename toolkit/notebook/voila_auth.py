"""The composer's Voila server lets a closed or reloaded page stop its kernel.

When a Voila page is closed or reloaded, the page asks the server to shut its kernel down
(``beforeunload`` → ``POST /voila/api/shutdown/<kernel>``, a beacon carrying the ``_xsrf``
cookie's value). Voila 0.5 never sets that cookie (voila-dashboards/voila#1458), so every
such request was refused (403, "'_xsrf' argument missing from POST") and each reload left a
kernel running (about 110 MB each) until Voila stopped.

:class:`PageIdentityProvider` is Jupyter Server's usual token identity provider that also
gives each page it serves the ``_xsrf`` cookie, as JupyterLab's pages get it. The shutdown
request is then accepted, and the cross-site check stays on: a request from another site
still cannot post to the server. ``jianggao compose`` and ``make voila`` name it with
``--Voila.identity_provider_class`` (:data:`toolkit.notebook.app.VOILA_OPTIONS`). Only
Voila's process imports this module.
"""

from __future__ import annotations

import inspect

from jupyter_server.auth.identity import PasswordIdentityProvider


class PageIdentityProvider(PasswordIdentityProvider):
    """The token identity provider; a page requested by a known user also gets the
    ``_xsrf`` cookie (tornado sets it when the token is first read and the browser has none)."""

    async def get_user(self, handler):
        """The user *handler*'s request comes from (``None``: not signed in), as usual."""
        user = super().get_user(handler)
        if inspect.isawaitable(user):
            user = await user
        if user is not None and handler.request.method == "GET":
            handler.current_user = user  # what Jupyter Server sets next; tornado reads it for the cookie's lifetime
            handler.xsrf_token  # noqa: B018 - reading it sets the cookie
        return user

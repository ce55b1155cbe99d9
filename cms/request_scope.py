"""A dict kept for the length of one request: what `cms.view_restrictions` and `cms.locales` read once per request.

The scope opens when Django sends `request_started` and closes with `request_finished` (every request through the
WSGI/ASGI handlers and the test client); outside a request (Celery tasks, commands, a test calling code directly)
`get()` is None and callers read the database as Wagtail does. `forget` is a signal receiver that empties it.
"""

from contextvars import ContextVar

from django.core.signals import request_finished, request_started


class RequestScope:
    def __init__(self, name):
        self.name = name
        self._var = ContextVar(f"aimpact_{name}", default=None)  # a dict while a request runs, else None

    def get(self):
        return self._var.get()

    def open(self, **kwargs):
        self._var.set({})

    def close(self, **kwargs):
        self._var.set(None)

    def forget(self, **kwargs):
        scope = self._var.get()
        if scope is not None:
            scope.clear()

    def connect(self):
        """Opens and closes with each request (from `install()`, called by `CmsConfig.ready()`)."""
        request_started.connect(self.open, dispatch_uid=f"cms.{self.name}.open", weak=False)
        request_finished.connect(self.close, dispatch_uid=f"cms.{self.name}.close", weak=False)

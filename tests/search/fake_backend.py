"""A backend that keeps the index in a dict and records what the indexing code asked of it."""

from search.backends.base import SearchBackend


class FakeBackend(SearchBackend):
    name = "fake"

    def __init__(self):
        self.docs = {}
        self.calls = []

    def index(self, items):
        items = list(items)
        self.calls.append(("index", [item.key for item in items]))
        self.docs.update({item.key: item for item in items})
        return len(items)

    def delete(self, keys):
        keys = list(keys)
        self.calls.append(("delete", keys))
        return sum(1 for key in keys if self.docs.pop(key, None) is not None)

    def rebuild(self, batches, progress=None):
        docs = {}
        for batch in batches:
            docs.update({item.key: item for item in batch})
            if progress:
                progress(len(batch))
        self.docs = docs
        self.calls.append(("rebuild", sorted(docs)))
        return len(docs)

    def count(self):
        return len(self.docs)

    def clear(self):
        self.docs = {}


def install(monkeypatch):
    """`search.backends.get_backend()` answers a new FakeBackend (what the indexing code and the command use)."""
    backend = FakeBackend()
    monkeypatch.setattr("search.backends.get_backend", lambda: backend)
    return backend

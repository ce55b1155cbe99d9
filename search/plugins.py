"""What the search app registers with `cms` and listens to.

- the index follows the database (`search.indexing.connect()`: page events and `registry.search_changed`);
- the demo: a draft page that must never be found, then the index rebuilt, after every other demo.
"""

from cms.registry import Demo, registry


def register():
    from . import demo, indexing

    indexing.connect()
    registry.register_demo(
        Demo("search", demo.load, describe="Search: {count} draft page (never indexed).", after=("*",))
    )

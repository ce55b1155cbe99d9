"""What the search app registers with `cms` and listens to (filled by the indexing and pages work)."""


def register():
    pass

"""What this app registers with `cms.registry` when it is ready."""


def register():
    pass

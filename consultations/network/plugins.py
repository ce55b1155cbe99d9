"""What this app shows in the pages of `cms` (registered with `cms.registry` when the app is ready)."""


def register():
    pass

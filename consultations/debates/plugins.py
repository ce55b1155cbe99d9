"""What this app registers with `cms.registry` when it is ready."""


def register():
    from . import live_plugins

    live_plugins.register()  # live polls and questions: demo, personal data, counting sweep

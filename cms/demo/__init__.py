"""The demo content `make run` shows: `manage.py load_demo` loads it (see `loader.py`)."""

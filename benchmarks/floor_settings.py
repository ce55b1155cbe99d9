"""cms.settings.production plus the benchmark-only URLs of `benchmarks.floor_urls` (the framework floor of a vote and
the memory reference of a page). Everything else is production's: the benchmarks set the environment it requires.

    DJANGO_SETTINGS_MODULE=benchmarks.floor_settings gunicorn cms.wsgi:application ...
"""

import os

from cms.settings.production import *  # noqa: F403

ROOT_URLCONF = "benchmarks.floor_urls"
# The floor stores random bytes of the length a sealed ballot of the measured consultation has.
BENCH_FLOOR_SEALED_BYTES = int(os.environ.get("BENCH_FLOOR_SEALED_BYTES", "1024"))

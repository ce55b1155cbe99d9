"""`manage.py rebuild_search_index`: the configured backend's index rebuilt from the database.

Counts what it will read (searchable pages, then each search source's ids), then streams them in batches
(`--batch-size`, 1,000 by default) to `backend.rebuild()`, which keeps the old index for the readers until the new
one is complete. A progress bar on stderr (`--no-progress` for logs), then the count and the time. A backend that
cannot be reached ends the command with a clear message and exit code 1.
"""

import sys
import time

from django.core.management.base import BaseCommand, CommandError

from search import backends, indexing


def rebuild(batch_size=1000, progress=True, stream=None):
    """Rebuild the index; returns (count, seconds). `progress` shows a tqdm bar on `stream` (stderr)."""
    started = time.perf_counter()
    backend = backends.get_backend()
    bar = None
    if progress:
        from tqdm import tqdm

        bar = tqdm(total=indexing.count_all(), unit=" items", file=stream or sys.stderr, desc=f"Index ({backend.name})")
    try:
        count = backend.rebuild(indexing.all_batches(batch_size, read=bar.update if bar else None))
    finally:
        if bar is not None:
            bar.close()
    return count, time.perf_counter() - started


class Command(BaseCommand):
    help = "Rebuild the search index (the configured backend) from the database, with a progress bar."

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=1000, help="ids read at a time (default: 1000)")
        parser.add_argument("--no-progress", action="store_true", help="no progress bar (logs, cron)")

    def handle(self, *args, batch_size, no_progress, **options):
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1.")
        try:
            backend = backends.get_backend()
            count, seconds = rebuild(batch_size=batch_size, progress=not no_progress, stream=self.stderr._out)
        except Exception as error:  # noqa: BLE001 - any failure of the backend (server down, refused) ends here
            raise CommandError(
                f"The search index could not be rebuilt: the backend ({type(error).__name__}: {error}) did not "
                "answer. Check that it is running (ELASTICSEARCH_URL, DATABASE_URL) and try again; the previous "
                "index is still in place."
            ) from error
        self.stdout.write(self.style.SUCCESS(f"{count} items indexed ({backend.name}) in {seconds:.1f} s."))

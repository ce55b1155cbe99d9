"""Make a key pair for sealing ballots.

    manage.py ballot_keys

Prints the two environment variables: BALLOT_PUBLIC_KEY goes to the web processes (they only seal ballots),
BALLOT_PRIVATE_KEYS to the Celery workers (they open them to count). Keep the private key out of the database, its
backups and the web servers. To change keys, put the new private key first in BALLOT_PRIVATE_KEYS and keep the old
one after it until every consultation sealed with it is closed and counted.
"""

from nacl.public import PrivateKey

from django.core.management.base import BaseCommand

from consultations.sealing import encode_private_key, encode_public_key


class Command(BaseCommand):
    help = "Make a key pair for sealing ballots (prints BALLOT_PUBLIC_KEY and BALLOT_PRIVATE_KEYS)."

    def handle(self, **options):
        key = PrivateKey.generate()
        self.stdout.write(f"BALLOT_PUBLIC_KEY={encode_public_key(key.public_key)}")
        self.stdout.write(f"BALLOT_PRIVATE_KEYS={encode_private_key(key)}")

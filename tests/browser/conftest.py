"""Browser tests share the demo content, loaded into the live server's database for each test."""

import pytest

from django.core.management import call_command


@pytest.fixture
def demo(tmp_path, migrated_data):
    call_command("load_demo", credentials_file=str(tmp_path / "credentials.txt"), skip_index=True, verbosity=0)
    credentials = {}
    for line in (tmp_path / "credentials.txt").read_text().splitlines():
        if line and not line.startswith("#"):
            username, password = line.split("\t")[:2]
            credentials[username] = password
    return credentials

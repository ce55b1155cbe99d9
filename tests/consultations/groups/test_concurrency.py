"""Two joins at once, and two creations of one name at once: the row lock and the constraint (PostgreSQL)."""

import threading

import pytest

from django.db import connection

from consultations.groups import services
from consultations.groups.models import CitizenGroup, GroupMembership

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]


@pytest.fixture(autouse=True)
def base_content(migrated_data):
    """A transactional test starts from a database another one may have emptied: the home page first."""
    return migrated_data


def _parallel(*calls):
    errors = []

    def run(call):
        try:
            call()
        except Exception as error:  # noqa: BLE001 - collected for the assertion
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def test_parallel_joins_count_every_member_once(group, citizen, third):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    errors = _parallel(*(lambda user=user: services.join(group, user) for user in [citizen, third, citizen, third]))
    assert errors == []
    group.refresh_from_db()
    assert group.members_count == 3 == GroupMembership.objects.filter(group=group).count()


def test_parallel_creations_of_one_name_make_one_group(places, citizen, third):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    make = [
        lambda user=user: services.create_group(
            user, name="Même nom", description="x", theme="sport", territory=places["nantes"]
        )
        for user in (citizen, third)
    ]
    errors = _parallel(*make)
    assert CitizenGroup.objects.filter(name="Même nom").count() == 1
    assert len(errors) == 1 and errors[0].code == "name_taken"

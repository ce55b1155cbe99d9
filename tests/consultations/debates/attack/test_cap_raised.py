"""The editor raises the seat cap of a full debate and publishes: those waiting must move up then. They stayed on
the waiting list while the page announced free seats, and the next citizen to register, told « 1 place disponible »,
landed on the waiting list."""

import pytest

from consultations.debates import services
from consultations.debates.models import Registration

pytestmark = pytest.mark.django_db


def test_raising_the_cap_promotes_those_waiting(make_debate, citizens, mailoutbox, django_capture_on_commit_callbacks):
    debate = make_debate(seats=1)
    first, second = citizens(2)
    with django_capture_on_commit_callbacks(execute=True):
        services.register(debate, first)
        services.register(debate, second)
    assert Registration.objects.get(user=second).status == "waiting"
    debate.refresh_from_db()
    debate.seats = 2
    with django_capture_on_commit_callbacks(execute=True):
        debate.save_revision().publish()
    assert Registration.objects.get(user=second).status == "confirmed"
    assert [message.to for message in mailoutbox][-1] == [second.email]

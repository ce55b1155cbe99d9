import datetime

import pytest

from tests.factories import BarometreEntryPageFactory, BarometreIndexPageFactory


@pytest.fixture
def barometre(home):
    return BarometreIndexPageFactory(parent=home)


@pytest.fixture
def make_entry(barometre):
    """An entry with a status timeline, published (which creates its perception poll)."""
    from barometre.models import StatusStep

    def make(steps=(("proposee", 30), ("adoptee", 3)), publish=True, **kwargs):
        entry = BarometreEntryPageFactory.build(**kwargs)
        today = datetime.date.today()
        entry.status_steps = [
            StatusStep(status=status, date=today - datetime.timedelta(days=days)) for status, days in steps
        ]
        barometre.add_child(instance=entry)
        if publish:
            entry.save_revision().publish()
        return type(entry).objects.get(pk=entry.pk)

    return make


@pytest.fixture
def vote():
    """Cast one perception ballot through the engine, for a new account each time."""
    from tests.consultations.helpers import cast
    from tests.factories import CitizenFactory

    def cast_one(entry, opinion):
        return cast(entry.perception_poll.specific, CitizenFactory(), {"perception": opinion})

    return cast_one

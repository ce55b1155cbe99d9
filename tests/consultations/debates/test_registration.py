"""Registration, the seat cap, the waiting list and its promotion, invitation-only access."""

import datetime

import pytest

from django.utils import timezone

from consultations.debates import services
from consultations.debates.models import DebateInvitation, Registration
from tests.factories import CitizenFactory

pytestmark = pytest.mark.django_db
Status = Registration.Status


def test_register_confirms_while_seats_are_free_then_waits(make_debate, citizens):
    debate = make_debate(seats=2)
    first, second, third = citizens(3)
    assert services.register(debate, first).status == Status.CONFIRMED
    assert services.register(debate, second).status == Status.CONFIRMED
    assert services.register(debate, third).status == Status.WAITING
    state = services.registration_state(debate, third)
    assert (state.seats_left, state.waiting, state.position) == (0, 1, 1)


def test_cancelling_promotes_the_first_waiting_in_queue_order(
    make_debate, citizens, mailoutbox, django_capture_on_commit_callbacks
):
    debate = make_debate(seats=1)
    holder, early, late = citizens(3)
    services.register(debate, holder)
    services.register(debate, early)
    services.register(debate, late)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel(debate, holder)
    statuses = dict(Registration.objects.values_list("user_id", "status"))
    assert statuses == {holder.pk: Status.CANCELLED, early.pk: Status.CONFIRMED, late.pk: Status.WAITING}
    assert [message.to for message in mailoutbox] == [[early.email]]
    assert "place s'est libérée" in mailoutbox[0].subject


def test_registering_again_after_cancelling_goes_to_the_end_of_the_queue(make_debate, citizens):
    debate = make_debate(seats=1)
    holder, waiting, back = citizens(3)
    services.register(debate, holder)
    services.register(debate, back)  # waiting, first
    services.register(debate, waiting)  # waiting, second
    services.cancel(debate, back)
    services.register(debate, back)
    services.cancel(debate, holder)
    assert Registration.objects.get(user=waiting).status == Status.CONFIRMED
    assert Registration.objects.get(user=back).status == Status.WAITING


def test_refusals(make_debate, citizens):
    debate = make_debate()
    (citizen,) = citizens(1)
    unverified = CitizenFactory(email="u@example.org", verified_email=False)
    with pytest.raises(services.RegistrationRefused) as refused:
        services.register(debate, unverified)
    assert refused.value.code == "not_verified"
    services.register(debate, citizen)
    with pytest.raises(services.RegistrationRefused) as refused:
        services.register(debate, citizen)
    assert refused.value.status == 409
    begun = make_debate(starts_at=timezone.now() - datetime.timedelta(minutes=5))
    with pytest.raises(services.RegistrationRefused) as refused:
        services.register(begun, citizen)
    assert refused.value.code == "closed" and "commencé" in refused.value.message


def test_invitation_only_needs_the_verified_address_on_the_list(make_debate, citizens):
    debate = make_debate(access="invitation")
    invited, outsider = citizens(2)
    DebateInvitation.objects.create(debate=debate, email=invited.email.lower())
    with pytest.raises(services.RegistrationRefused) as refused:
        services.register(debate, outsider)
    assert refused.value.code == "not_invited" and "invitation" in refused.value.message
    assert services.register(debate, invited).status == Status.CONFIRMED
    # An unverified address on the list is not enough.
    sneaky = CitizenFactory(email="sneaky@example.org", verified_email=False)
    DebateInvitation.objects.create(debate=debate, email="sneaky@example.org")
    with pytest.raises(services.RegistrationRefused):
        services.register(debate, sneaky)


def test_hybrid_online_attendance_takes_no_seat(make_debate, citizens):
    debate = make_debate(format="hybrid", stream_url="https://example.org/live", seats=1)
    first, second = citizens(2)
    services.register(debate, first, "in_person")
    assert services.register(debate, second, "online").status == Status.CONFIRMED
    with pytest.raises(services.RegistrationRefused) as refused:
        services.register(make_debate(), CitizenFactory(email="x@example.org"), "online")
    assert refused.value.field == "attendance"


def test_raising_the_cap_promotes_the_waiting_list(make_debate, citizens):
    debate = make_debate(seats=1)
    first, second = citizens(2)
    services.register(debate, first)
    services.register(debate, second)
    debate.seats = 2
    debate.save()
    third = CitizenFactory(email="third@example.org")
    assert services.register(debate, third).status == Status.WAITING
    assert Registration.objects.get(user=second).status == Status.CONFIRMED


def test_registrations_of_a_translation_go_to_the_original(debate, citizens):
    from wagtail.models import Locale

    english = Locale.objects.get_or_create(language_code="en")[0]
    translation = debate.copy_for_translation(english, copy_parents=True)
    translation.save_revision().publish()
    translation = type(translation).objects.get(pk=translation.pk)
    (citizen,) = citizens(1)
    registration = services.register(translation, citizen)
    assert registration.debate_id == debate.pk and registration.language == "en"


def test_erasing_an_account_frees_its_seat(make_debate, citizens):
    from consultations.debates import personal_data

    debate = make_debate(seats=1)
    holder, waiting = citizens(2)
    services.register(debate, holder)
    services.register(debate, waiting)
    assert personal_data.export(holder)["registrations"][0]["status"] == "confirmed"
    personal_data.erase(holder)
    assert not Registration.objects.filter(user=holder).exists()
    assert Registration.objects.get(user=waiting).status == Status.CONFIRMED


def test_registering_again_and_again_is_limited(make_debate, citizens):
    debate = make_debate()
    (citizen,) = citizens(1)
    for _round in range(services.REGISTRATIONS_PER_DAY):
        services.register(debate, citizen)
        services.cancel(debate, citizen)
    with pytest.raises(services.RegistrationRefused) as refused:
        services.register(debate, citizen)
    assert refused.value.status == 429
    assert Registration.objects.get(user=citizen).status == Status.CANCELLED

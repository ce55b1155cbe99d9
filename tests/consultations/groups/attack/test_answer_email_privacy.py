"""The collectivité's answer is emailed to the group's moderators, who are citizens: one email each, never one
email with every moderator's address in its To: header (each would read the others' addresses)."""

import pytest

from consultations.groups import notifications, services
from consultations.groups.models import Role

pytestmark = pytest.mark.django_db


def test_each_moderator_gets_their_own_email(group, creator, citizen, third, editor, mailoutbox):
    for member in (citizen, third):
        services.join(group, member)
        membership = services.membership(group, member)
        services.set_role(group, creator, membership.pk, Role.MODERATOR)
    message = services.send_message(group, creator, "Objet", "Corps")
    services.answer_message(message.pk, editor, "Réponse")
    assert notifications.notify_answer(message.pk) == 3
    addresses = sorted(address for mail in mailoutbox for address in [*mail.to, *mail.cc, *mail.bcc])
    assert addresses == sorted([creator.email, citizen.email, third.email])
    assert all(len(mail.to) == 1 for mail in mailoutbox), [mail.to for mail in mailoutbox]

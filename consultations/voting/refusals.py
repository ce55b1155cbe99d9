"""Why a vote is refused: one exception per refusal, with the HTTP status and the code a program reads.

`vote()` raises them in a fixed order (see `consultations.voting`); `check_open()` is the refusal of a consultation
not open yet or closed, the same for the vote and for the survey form.
"""

from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Status


class VoteRefused(Exception):
    status = 403
    code = "refused"

    def __init__(self, message, code=None, reason=None):
        super().__init__(message)
        self.message = message
        if code:
            self.code = code
        self.reason = reason or self.code


class NotFound(VoteRefused):
    status = 404
    code = "not_found"


class NotOpen(VoteRefused):
    code = "not_open"


class Closed(VoteRefused):
    code = "closed"


class NotEligible(VoteRefused):
    code = "not_eligible"


class AlreadyVoted(VoteRefused):
    status = 409
    code = "already_voted"


def not_found():
    return NotFound(_("Cette consultation n'existe pas ou n'est pas publiée."))


def already_voted():
    return AlreadyVoted(_("Vous avez déjà voté à cette consultation : un seul vote par personne."))


def check_open(config, now=None):
    status = config.status_at(now)
    if status == Status.UPCOMING:
        opens = timezone.localtime(config.opens_at)
        raise NotOpen(
            _("Cette consultation n'est pas encore ouverte : le vote commence le %(date)s à %(time)s.")
            % {"date": opens.strftime("%d/%m/%Y"), "time": opens.strftime("%H:%M")}
        )
    if status == Status.CLOSED:
        raise closed()


def closed():
    return Closed(_("Cette consultation est terminée : il n'est plus possible de voter."))

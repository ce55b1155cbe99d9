"""Who may do what with a debate. Every view, API endpoint and service asks here.

- `original(page)`: the debate's original-language version, which carries its registrations, polls and questions
  (its translations show the same ones).
- `debates_enabled(page)`: the debate's space includes debates in its package (or the debate is the national
  network's).
- `can_organise(user, page)`: may open and close polls, moderate questions, read registrations, invite: whoever may
  edit the page in Wagtail (its space's editors, national editors, superusers).
- `can_participate(user, debate)`: may vote in its live polls and ask questions: a verified account, and for a
  debate by invitation only, a confirmed registration.
"""

from wagtail.models import Page

from consultations.comments.services import _email_verified


def original(page):
    """The first created language version of the debate (the one its data points to)."""
    return Page.objects.filter(translation_key=page.translation_key).order_by("pk").first() or page


def debates_enabled(page):
    space = getattr(page.specific, "collectivite_space", None)
    return space is None or space.has_feature("debates")


def can_organise(user, page):
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or page.permissions_for_user(user).can_edit()


def is_verified(user):
    return user is not None and user.is_authenticated and user.is_active and _email_verified(user)


def is_registered(user, debate):
    from .models import Registration

    if user is None or not user.is_authenticated:
        return False
    return Registration.objects.filter(
        debate_id=original(debate).pk, user=user, status=Registration.Status.CONFIRMED
    ).exists()


def can_participate(user, debate):
    from .models import DebateAccess

    if not is_verified(user):
        return False
    return debate.specific.access == DebateAccess.OPEN or is_registered(user, debate)

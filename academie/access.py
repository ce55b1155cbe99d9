"""Who may read the full library.

The basic library is open to everyone. The full library is for client collectivités' spaces and their citizens,
that is, a request that:

- has entered the access code of a client space (the `cms` session record `aimpact_spaces`, written by
  `CollectiviteSpace.grant_access`, the same as the space's own `acces/` page), or
- comes from a user who lives in the territory of a client space (their profile's commune), or who edits a client
  space (its editors' group), or who may edit the page itself (AimPact's editors, superusers).

A client space is a live space whose package has the `academie_full` feature (`cms.choices.PACKAGE_FEATURES`).
"""

import contextlib

from django.utils.crypto import constant_time_compare

from cms.choices import PACKAGE_FEATURES
from cms.models import CollectiviteSpace, Territory
from cms.models.collectivite import granted_spaces

FULL_LIBRARY_FEATURE = "academie_full"
_CACHE_ATTRIBUTE = "_academie_full_library"


def full_library_packages():
    return [package for package, features in PACKAGE_FEATURES.items() if FULL_LIBRARY_FEATURE in features]


def client_spaces():
    """Live spaces whose package opens the full library."""
    return CollectiviteSpace.objects.live().filter(package__in=full_library_packages())


def containing_territory_ids(commune):
    """Ids of the territories whose `Territory.objects.within()` includes this commune (one query)."""
    return Territory.objects.filter(pk=commune.pk).containing_ids()


def spaces_of_user(user):
    """Client spaces the user belongs to: as a resident of their territory or as one of their editors."""
    if user is None or not user.is_authenticated:
        return client_spaces().none()
    from django.db.models import Q

    query = Q(editors_group__in=user.groups.all())
    commune = getattr(user, "commune", None)
    if commune is not None:
        query |= Q(territory_id__in=containing_territory_ids(commune))
    return client_spaces().filter(query)


def spaces_of_session(request):
    """Client spaces whose current access code (or private link) this session entered."""
    session = getattr(request, "session", None)
    granted = granted_spaces(session) if session is not None else {}
    if not granted:
        return client_spaces().none()
    spaces = client_spaces().filter(translation_key__in=list(granted))
    return client_spaces().filter(pk__in=[space.pk for space in spaces if space.has_access(request)])


def has_full_library(request):
    """True when the request comes from a client space's citizen or editor (see the module's docstring)."""
    if request is None:
        return False
    cached = getattr(request, _CACHE_ATTRIBUTE, None)
    if cached is not None:
        return cached
    user = getattr(request, "user", None)
    allowed = bool(
        (user is not None and user.is_authenticated and user.is_superuser)
        or spaces_of_session(request).exists()
        or spaces_of_user(user).exists()
    )
    with contextlib.suppress(AttributeError):  # a request that takes no attributes
        setattr(request, _CACHE_ATTRIBUTE, allowed)
    return allowed


def can_read_full_library(request, page=None):
    if has_full_library(request):
        return True
    user = getattr(request, "user", None)
    if page is not None and user is not None and user.is_authenticated:
        return page.permissions_for_user(user).can_edit()
    return False


# -- entering an access code from the Académie --------------------------------------------------------------------


def spaces_with_code(code):
    """The client spaces whose access code is `code` (compared like the space's own form: trimmed, any case)."""
    code = (code or "").strip().casefold()
    if not code:
        return []
    return [
        space
        for space in client_spaces().exclude(access_code="")
        if constant_time_compare(space.access_code.casefold(), code)
    ]


def enter_access_code(request, code):
    """Open the full library (and the space's reserved pages) with a client space's code; returns the spaces opened.

    The caller counts the try in the limiter every code form shares (`cms.ratelimit.ACCESS_CODES`).
    """
    spaces = spaces_with_code(code)
    if not spaces:
        return []
    for space in spaces:
        space.grant_access(request)
    if hasattr(request, _CACHE_ATTRIBUTE):
        delattr(request, _CACHE_ATTRIBUTE)
    return spaces

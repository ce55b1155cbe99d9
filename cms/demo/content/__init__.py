"""The demo content, as data: the platform home and two collectivité spaces.

Spaces are created in this order, so that pages a space links to already exist.
"""

from .home import HOME_PAGE
from .loire_vignoble import LOIRE_VIGNOBLE
from .villebrune import ACCESS_CODE, VILLEBRUNE

SPACES = (LOIRE_VIGNOBLE, VILLEBRUNE)

__all__ = ["ACCESS_CODE", "HOME_PAGE", "LOIRE_VIGNOBLE", "SPACES", "VILLEBRUNE"]

"""The one pagination of the platform's list endpoints (settings' `DEFAULT_PAGINATION_CLASS`).

`?limit=` (20 by default, 100 at most) and `?offset=`; the page is {"count", "next", "previous", "results"}.
The Wagtail page API (/api/v2/) keeps its own (`?limit=&offset=`, {"meta": {"total_count"}, "items"}).
"""

from rest_framework.pagination import LimitOffsetPagination


class Pagination(LimitOffsetPagination):
    default_limit = 20
    max_limit = 100

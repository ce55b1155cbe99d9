"""What `cms` itself gives a newsletter's automatic sections (`cms.registry` digests): a space's latest news; and the
helpers every app's digest source shares (whose newsletter it is, the pages it may show, their absolute address).

A digest source's `collect(owner, since, limit)` gets the `CollectiviteSpace` or the `PlatformHomePage` whose
newsletter is being written, in the language of the issue (`owner.locale`), and returns at most `limit`
`DigestItem`s, newest first, only of what an anonymous visitor may read: live pages without view restrictions (a
space's access code is a password restriction on its private pages: `public()` leaves them out).
"""

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .models import CollectiviteSpace, NewsPage
from .registry import DigestItem, DigestSource, registry


def is_space(owner):
    """Whether `owner` is a collectivité's space (else it is the national network's home)."""
    return isinstance(owner, CollectiviteSpace)


def readable(queryset, owner):
    """The pages of `queryset` an anonymous visitor may read, in `owner`'s language."""
    return queryset.live().public().filter(locale_id=owner.locale_id)


def since_filter(queryset, since, field="first_published_at"):
    """`queryset` cut to what happened at or after `since` (None: no lower bound)."""
    return queryset if since is None else queryset.filter(**{f"{field}__gte": since})


def full_url(page, subpage=""):
    """The absolute address of `page` (on the site that serves it, else WAGTAILADMIN_BASE_URL), plus `subpage`."""
    url = page.get_full_url() or ""
    if url.startswith("/"):
        url = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + url
    return url + subpage


def collect_news(owner, since, limit):
    """The space's news published since `since`, newest first. The national network has no news pages of its own
    (news live under a space's « Actualités »): its newsletter gets none."""
    if not is_space(owner):
        return []
    news = readable(NewsPage.objects.descendant_of(owner), owner)
    news = since_filter(news, since).newest_first().with_image()[:limit]
    return [
        DigestItem(
            title=page.title,
            url=full_url(page),
            summary=page.summary,
            date=page.date,
            meta=page.get_theme_tag_display() if page.theme_tag else "",
            image=page.image,
        )
        for page in news
    ]


def register():
    registry.register_digest(DigestSource("news", _("Dernières actualités"), collect_news, order=10))

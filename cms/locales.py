"""Wagtail's locales, read once per request.

Wagtail reads a `Locale` row each time it asks `Locale.get_active()` / `Locale.objects.get_for_language()` (routing,
`page.localized`, the page chooser blocks, the legal footer) and each time a page's `locale` is read through its
foreign key (the page head, the language links): five reads of a three-row table on a dashboard. Here every locale
is read once per request (one query) and kept in a request scope, like the view restrictions
(`cms.view_restrictions`):

- the scope opens when Django sends `request_started` and closes with `request_finished`; outside a request (Celery
  tasks, commands, a test calling code directly) nothing is kept and every call reads the table, as Wagtail does;
- saving or deleting a locale empties the scope;
- `LocaleManager.get_for_language` answers from the kept rows (same language-variant lookup, same `DoesNotExist`),
  and `page.locale` (a page's foreign key to its locale) too: `install()`, from `CmsConfig.ready()`.
"""

from django.db.models.signals import post_delete, post_save

from cms.request_scope import RequestScope

_scope = RequestScope("locales")


def kept_locales():
    """{id: locale} of every locale, read once per request; None outside a request."""
    from wagtail.models import Locale

    scope = _scope.get()
    if scope is None:
        return None
    if "by_id" not in scope:
        scope["by_id"] = {locale.pk: locale for locale in Locale.objects.all()}
    return scope["by_id"]


def install():
    from wagtail.coreutils import get_supported_content_language_variant
    from wagtail.models import Locale, Page
    from wagtail.models.i18n import LocaleManager

    wagtail_get_for_language = LocaleManager.get_for_language

    def get_for_language(self, language_code):
        locales = kept_locales()
        if locales is None:
            return wagtail_get_for_language(self, language_code)
        code = get_supported_content_language_variant(language_code)
        for locale in locales.values():
            if locale.language_code == code:
                return locale
        raise Locale.DoesNotExist(f"No locale for the language {code!r}.")

    LocaleManager.get_for_language = get_for_language

    descriptor = Page.locale  # ForwardManyToOneDescriptor of `Page.locale`, inherited by every page type
    wagtail_get_object = descriptor.get_object

    def get_object(instance):
        locales = kept_locales()
        if locales is not None and instance.locale_id in locales:
            return locales[instance.locale_id]
        return wagtail_get_object(instance)

    descriptor.get_object = get_object

    _scope.connect()
    post_save.connect(_scope.forget, sender=Locale, dispatch_uid="cms.locales.saved")
    post_delete.connect(_scope.forget, sender=Locale, dispatch_uid="cms.locales.deleted")

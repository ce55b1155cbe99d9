"""Helpers shared by the tests."""


def ensure_base_content():
    """Re-create what the migrations put in a fresh database (locales, root page and collection,
    platform home, default site) when a transactional test has emptied it. Returns the home."""
    from wagtail.models import Collection, Locale, Page, Site

    from cms.models import PlatformHomePage

    french, _ = Locale.objects.get_or_create(language_code="fr")
    Locale.objects.get_or_create(language_code="en")
    if not Collection.objects.exists():
        Collection.add_root(name="Root")
    root = Page.get_first_root_node() or Page.add_root(instance=Page(title="Root", slug="root", locale=french))
    home = PlatformHomePage.objects.filter(locale=french).first()
    if home is None:
        home = root.add_child(instance=PlatformHomePage(title="AimPact", slug="accueil", locale=french))
    if not Site.objects.exists():
        Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True, site_name="AimPact")
    return home

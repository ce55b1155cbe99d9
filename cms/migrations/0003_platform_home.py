"""Replace Wagtail's welcome page with the platform home and point the default site at it."""

from django.db import migrations


def create_platform_home(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Page = apps.get_model("wagtailcore.Page")
    Site = apps.get_model("wagtailcore.Site")
    Locale = apps.get_model("wagtailcore.Locale")
    PlatformHomePage = apps.get_model("cms.PlatformHomePage")

    if PlatformHomePage.objects.exists():
        return
    Page.objects.filter(depth=2, slug="home", content_type__model="page").delete()
    locale, _ = Locale.objects.get_or_create(language_code="fr")
    Locale.objects.get_or_create(language_code="en")
    content_type, _ = ContentType.objects.get_or_create(model="platformhomepage", app_label="cms")
    root = Page.objects.get(depth=1)
    siblings = Page.objects.filter(depth=2).order_by("-path")
    last = siblings.first()
    if last is None:
        path = root.path + "0001"
    else:
        number = int(last.path[-4:], 36) + 1
        alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
        digits = ""
        while number:
            number, remainder = divmod(number, 36)
            digits = alphabet[remainder] + digits
        path = root.path + digits.rjust(4, "0")
    home = PlatformHomePage.objects.create(
        title="AimPact",
        draft_title="AimPact",
        slug="accueil",
        content_type=content_type,
        path=path,
        depth=2,
        numchild=0,
        url_path="/accueil/",
        locale=locale,
        live=True,
        introduction=(
            "Le réseau social citoyen de l'action publique : suivez ce que fait votre collectivité, "
            "donnez votre avis et participez aux décisions."
        ),
    )
    root.numchild = Page.objects.filter(depth=2).count()
    root.save(update_fields=["numchild"])
    Site.objects.filter(is_default_site=True).delete()
    Site.objects.create(hostname="localhost", port=80, root_page_id=home.id, is_default_site=True,
                        site_name="AimPact")


def remove_platform_home(apps, schema_editor):
    apps.get_model("cms.PlatformHomePage").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0002_pages"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(create_platform_home, remove_platform_home)]

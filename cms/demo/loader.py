"""Loads the demo: two collectivité spaces, their content and images, English translations, accounts.

Idempotent: a space that exists is left as it is (whatever editors did to it), the platform
home is only filled while its body is empty, pages that already have an English translation
are not translated again, and accounts are created once and never get a new password. So a
second run changes nothing but the search index, which is rebuilt every time.
"""

import csv
import datetime
import io
import time
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.core.management import call_command, get_commands
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from wagtail.contrib.redirects.models import Redirect
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Locale, PageViewRestriction, Site
from wagtail.utils.file import hash_filelike

from cms.models import BudgetLine, CollectiviteSpace, NewsPage, PlatformHomePage, Territory
from cms.registry import registry
from cms.spaces import space_collection

from . import content
from .accounts import ADMIN, CITIZEN, CredentialStore, default_credentials_file, ensure_account
from .content.common import ImageRef
from .content.legal import PLATFORM_LEGAL_PAGES, SPACE_LEGAL_PAGES
from .images import render_illustration, render_logo
from .resolve import Resolver
from .translations import translate_page

# Section indexes are created in the content's order (their menu order); their children in this
# order, so that the pages that news and budgets link to already exist.
CHILDREN_ORDER = {"ProjectIndexPage": 0, "BudgetIndexPage": 1, "NewsIndexPage": 2}

# The fictional territories of the demo, if `import_territories` is not there to load them.
FALLBACK_TERRITORIES = (
    # (kind, code, name, population, parent (kind, code), epci code)
    ("region", "52", "Pays de la Loire", None, None, None),
    ("departement", "44", "Loire-Atlantique", None, ("region", "52"), None),
    ("epci", "200099990", "Communauté de communes Loire et Vignoble", 31745, ("departement", "44"), None),
    ("commune", "44990", "Villebrune-sur-Loire", 18450, ("departement", "44"), "200099990"),
)


@dataclass
class DemoReport:
    credentials_file: Path
    created_spaces: list = field(default_factory=list)
    existing_spaces: list = field(default_factory=list)
    home_updated: bool = False
    translated_pages: list = field(default_factory=list)
    untranslated_segments: int = 0
    images_created: int = 0
    accounts: list = field(default_factory=list)
    access_codes: dict = field(default_factory=dict)
    legal_pages: list = field(default_factory=list)  # "parent – page" of each legal page created
    features: list = field(default_factory=list)  # (demo, pages created) for each feature app's registered demo
    seconds: float = 0.0


def ensure_demo_territories():
    """The demo's territories: loaded by `import_territories --demo --france` when it exists (every real commune of
    France next to the fictional ones, ~4 s the first time; `--demo` alone where settings.DEMO_TERRITORIES_FRANCE
    is False, as in the tests), else a minimal fallback."""
    needed = [space.territory for space in content.SPACES]
    france = getattr(settings, "DEMO_TERRITORIES_FRANCE", True)

    def missing():
        return [pair for pair in needed if not Territory.objects.filter(kind=pair[0], code=pair[1]).exists()]

    def france_missing():  # Paris stands for the shipped list: loaded once, then left to import_territories
        return france and not Territory.objects.filter(kind=Territory.Kind.COMMUNE, code="75056").exists()

    if not missing() and not france_missing():
        return
    if "import_territories" in get_commands():
        call_command(
            "import_territories", demo=True, france=france, verbosity=0, stdout=io.StringIO(), stderr=io.StringIO()
        )
        if not missing():
            return
    for kind, code, name, population, parent, epci in FALLBACK_TERRITORIES:
        Territory.objects.get_or_create(
            kind=kind,
            code=code,
            defaults={
                "name": name,
                "population": population,
                "parent": Territory.objects.get(kind=parent[0], code=parent[1]) if parent else None,
                "epci": Territory.objects.get(kind="epci", code=epci) if epci else None,
            },
        )


class DemoLoader:
    def __init__(self, credentials_file=None, today=None, update_index=True):
        self.credentials_file = Path(credentials_file or default_credentials_file())
        self.today = today or timezone.localdate()
        self.update_index = update_index
        self.image_titles = {spec.key: spec.title for space in content.SPACES for spec in (*space.images, space.logo)}
        self.document_titles = {spec.key: spec.title for space in content.SPACES for spec in space.documents}

    def load(self):
        """Load everything, telling nobody: the demo's people and addresses are fictional, so the emails its
        content would trigger (workflow submissions, moderation decisions, openings) are dropped, those of tasks
        run after the commit included (in-process without a broker)."""
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
            return self._load()

    def _load(self):
        started = time.perf_counter()
        report = DemoReport(credentials_file=self.credentials_file)
        store = CredentialStore(self.credentials_file)
        self.report, self.store = report, store  # for the features' accounts (`ensure_account`)
        with transaction.atomic():
            self.french_locale = Locale.objects.get(language_code="fr")
            self.english_locale, _created = Locale.objects.get_or_create(language_code="en")
            self.home = PlatformHomePage.objects.get(locale=self.french_locale)
            self.french = self._resolver("fr")
            self.english = self._resolver("en")

            self.admin, credential = ensure_account(store, ADMIN, superuser=True)
            report.accounts.append(credential)
            ensure_demo_territories()
            for spec in content.SPACES:
                space = self.ensure_space(spec, report)
                if space.access_code:
                    report.access_codes[space.title] = space.access_code
                if spec.editor:
                    _user, credential = ensure_account(store, spec.editor, groups=[space.editors_group])
                    report.accounts.append(credential)
            report.home_updated = self.ensure_home()
            self.ensure_dev_site()
            translated_ids = self.ensure_translations(report)
            translated_ids += self.ensure_legal_pages(report)
            for demo in registry.demos():  # each feature app's content, registered from its AppConfig.ready()
                report.features.append((demo, len(demo.load(self))))
            report.accounts.append(self.ensure_citizen(store))
        store.save()
        # Localize creates each English page under its French slug, then renames it; once the transaction
        # is committed, Wagtail adds redirects from those never-published addresses. They only add noise.
        Redirect.objects.filter(automatically_created=True, redirect_page_id__in=translated_ids).delete()
        if self.update_index:
            call_command("update_index", verbosity=0, stdout=io.StringIO(), stderr=io.StringIO())
        report.seconds = time.perf_counter() - started
        return report

    def ensure_account(self, spec, **kwargs):
        """A feature's demo account (a moderator...): made like the platform's, its password kept in the same
        credentials file and printed with the others. Returns (user, created)."""
        user, credential = ensure_account(self.store, spec, **kwargs)
        self.report.accounts.append(credential)
        return user, credential.created

    def ensure_citizen(self, store):
        """A resident of Villebrune with a complete profile, to vote in the demo consultations."""
        user, credential = ensure_account(store, CITIZEN)
        if credential.created:
            user.commune = Territory.objects.filter(kind="commune", code="44990").first()
            user.age_bracket = "35-49"
            user.gender = "femme"
            user.demographics_consent_at = timezone.now()
            user.save()
        return credential

    def ensure_dev_site(self):
        """Absolute links (API `html_url`, sharing links) point at the demo server, 127.0.0.1:8000.

        Only the untouched default site made by the migration is changed: a site an administrator
        has configured is left as it is.
        """
        Site.objects.filter(is_default_site=True, hostname="localhost", port=80).update(hostname="127.0.0.1", port=8000)

    def _resolver(self, language):
        return Resolver(
            language, today=self.today, home=self.home, images=self.image_titles, documents=self.document_titles
        )

    # -- pages -----------------------------------------------------------------------------------------
    def publish(self, page):
        revision = page.save_revision(user=self.admin)
        revision.publish(user=self.admin)
        return revision

    def create_page(self, parent, spec, path, space):
        model = apps.get_model("cms", spec.model)
        page = model(owner=self.admin, locale=self.french_locale, **self.french.fields(spec.fields, path))
        if spec.lines:
            page.lines = [
                BudgetLine(
                    sort_order=index, sector=item.sector, nature=item.nature, amount=item.amount, label=item.label
                )
                for index, item in enumerate(spec.lines)
            ]
        parent.add_child(instance=page)
        self.publish(page)
        if spec.restricted:
            PageViewRestriction.objects.create(
                page=page, restriction_type=PageViewRestriction.PASSWORD, password=space.access_code
            )
        if isinstance(page, NewsPage):
            # Published on the news item's date, as it would have been.
            published = timezone.make_aware(datetime.datetime.combine(page.date, datetime.time(9, 30)))
            NewsPage.objects.filter(pk=page.pk).update(first_published_at=published, last_published_at=published)
        return page

    def ensure_space(self, spec, report):
        path = spec.page.slug
        existing = self.french.page(path)
        if existing is not None:
            report.existing_spaces.append(existing.title)
            return existing.specific

        territory = Territory.objects.get(kind=spec.territory[0], code=spec.territory[1])
        # The body may link to pages of the space: it is set once they exist.
        fields = {name: value for name, value in spec.page.fields.items() if name != "body"}
        space = CollectiviteSpace(owner=self.admin, territory=territory, **self.french.fields(fields, path))
        self.home.add_child(instance=space)  # its post_save signal creates the editors' group and collection

        collection = space_collection(space)
        for image in spec.images:
            report.images_created += self.ensure_image(
                image.title,
                f"{image.key}.jpg",
                lambda image=image: render_illustration(image.motif, image.caption, image.palette),
                collection,
            )
        logo = spec.logo
        report.images_created += self.ensure_image(
            logo.title,
            f"{logo.key}.png",
            lambda: render_logo(logo.letters, logo.primary, logo.secondary, logo.emblem),
            collection,
        )
        for document_spec in spec.documents:
            self.ensure_document(document_spec, collection)

        indexes = []
        for child in spec.page.children:
            indexes.append((child, self.create_page(space, child, f"{path}/{child.slug}", space)))
        for child, index in sorted(indexes, key=lambda pair: CHILDREN_ORDER.get(pair[0].model, len(CHILDREN_ORDER))):
            for grandchild in child.children:
                self.create_page(index, grandchild, f"{path}/{child.slug}/{grandchild.slug}", space)

        space.logo = self.french.field(ImageRef(logo.key), "")
        if spec.listing_image:
            space.listing_image = self.french.field(ImageRef(spec.listing_image), "")
        if "body" in spec.page.fields:
            space.body = self.french.field(spec.page.fields["body"], f"{path}/body")
        self.publish(space)
        report.created_spaces.append(space.title)
        return space

    def ensure_home(self):
        """Fill the platform home's introduction and body, unless an editor has already written a body."""
        home = self.home
        if home.body:
            return False
        fields = self.french.fields(content.HOME_PAGE.fields, "")
        home.introduction = fields["introduction"]
        home.body = fields["body"]
        self.publish(home)
        return True

    def translatable_pages(self):
        """(path, spec) of every page to translate, parents before their children."""
        yield "", content.HOME_PAGE

        def walk(spec, path):
            if spec.translate:
                yield path, spec
            for child in spec.children:
                yield from walk(child, f"{path}/{child.slug}")

        for space in content.SPACES:
            yield from walk(space.page, space.page.slug)

    def ensure_translations(self, report):
        """Translate the pages marked `translate` that have no English version yet; returns their ids."""
        translated_ids = []
        for path, spec in self.translatable_pages():
            page = self.home if not path else self.french.page(path)
            if page is None or page.get_translations().filter(locale=self.english_locale).exists():
                continue
            translated, untranslated = translate_page(
                page,
                self.french.fields(spec.fields, path),
                self.english.fields(spec.fields, path),
                self.english_locale,
                user=self.admin,
            )
            report.translated_pages.append(translated.title)
            report.untranslated_segments += untranslated
            translated_ids.append(translated.pk)
        return translated_ids

    def ensure_legal_pages(self, report):
        """The platform's four legal pages, and the spaces' own ones, each created and translated once; an existing
        page of the same type (an editor's) is left as it is. Returns the ids of the English pages made."""
        translated_ids = []
        parents = [("", self.home, PLATFORM_LEGAL_PAGES)]
        for slug, specs in SPACE_LEGAL_PAGES.items():
            space = self.french.page(slug)
            if space is not None:
                parents.append((slug, space.specific, specs))
        for parent_path, parent, specs in parents:
            for spec in specs:
                model = apps.get_model("cms", spec.model)
                if model.objects.child_of(parent).exists():
                    continue
                path = f"{parent_path}/{spec.slug}".strip("/")
                page = self.create_page(parent, spec, path, parent)
                report.legal_pages.append(f"{parent.title} – {page.title}")
                english_parent = parent.get_translations().filter(locale=self.english_locale).first()
                if english_parent is None:
                    continue
                translated, untranslated = translate_page(
                    page,
                    self.french.fields(spec.fields, path),
                    self.english.fields(spec.fields, path),
                    self.english_locale,
                    user=self.admin,
                )
                report.untranslated_segments += untranslated
                translated_ids.append(translated.pk)
        return translated_ids

    # -- media -----------------------------------------------------------------------------------------
    def ensure_image(self, title, filename, render, collection):
        """Create the image (drawn by `render`) unless the collection has one with that title; returns 1 if created."""
        image_model = get_image_model()
        if image_model.objects.filter(title=title, collection=collection).exists():
            return 0
        data = render()
        image = image_model(title=title, collection=collection, file=ImageFile(io.BytesIO(data), name=filename))
        image.file_size = len(data)
        image.file_hash = hash_filelike(io.BytesIO(data))
        image.uploaded_by_user = self.admin
        image.save()
        return 1

    def ensure_document(self, spec, collection):
        document_model = get_document_model()
        if document_model.objects.filter(title=spec.title, collection=collection).exists():
            return
        output = io.StringIO()
        csv.writer(output, delimiter=";").writerows(spec.rows)
        data = ("\ufeff" + output.getvalue()).encode("utf-8")  # with a BOM, so that spreadsheet software reads UTF-8
        document = document_model(title=spec.title, collection=collection, file=ContentFile(data, name=spec.filename))
        document.file_size = len(data)
        document.file_hash = hash_filelike(io.BytesIO(data))
        document.uploaded_by_user = self.admin
        document.save()

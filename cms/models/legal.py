"""The legal pages a French collectivité cannot publish without: mentions légales, politique de confidentialité,
déclaration d'accessibilité, contact.

The platform (AimPact, editor of the national network) publishes the four defaults under its home; a collectivité
space overrides any of them with a page of the same type under the space. `LegalPages.find(space)` gives, for each
kind, the space's own page, else the platform's, in the visitor's language when translated; every footer links to
them (`cms.templatetags.legal_tags`). A platform page reached from a space without its own is served for that space
at `<platform page>/<space slug>/`: in the space's colours and header, and (privacy policy) naming the space as the
controller of its citizens' data.

Who is responsible for the data (controller, DPO) is said once, on the contact page: the privacy policy shows the
contact page's details of the space it is read for.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import OuterRef, Q, Subquery
from django.http import Http404
from django.shortcuts import redirect
from django.utils import timezone, translation
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Locale, Page
from wagtail_localize.fields import SynchronizedField

from .base import BasePage
from .collectivite import CollectiviteSpace
from .home import PlatformHomePage, versions_and_platform_homes

LEGAL_TEXT_FEATURES = ["h2", "h3", "bold", "italic", "ol", "ul", "link", "document-link"]
LEGAL_PARENTS = ["cms.PlatformHomePage", "cms.CollectiviteSpace"]


class LegalPage(RoutablePageMixin, BasePage):
    """What the four legal pages share: one of each kind under the platform's home and under any space."""

    kind = ""  # the key in `LegalPages`
    body = RichTextField(_("texte"), features=LEGAL_TEXT_FEATURES, blank=True)
    updated_on = models.DateField(_("dernière mise à jour"), default=timezone.localdate)

    content_panels = [*BasePage.content_panels, FieldPanel("updated_on"), FieldPanel("body")]
    api_fields = [*BasePage.api_fields, APIField("updated_on"), APIField("body")]
    override_translatable_fields = [SynchronizedField("updated_on")]

    parent_page_types = LEGAL_PARENTS
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        abstract = True

    # -- read for a space ---------------------------------------------------------------------------------------
    @cached_property
    def home_space(self):
        """The space this page is under; None for the platform's default."""
        space = CollectiviteSpace.objects.ancestor_of(self).first()
        return space.specific if space else None

    @property
    def collectivite_space(self):
        return getattr(self, "_read_for_space", None) or self.home_space

    @property
    def is_platform_default(self):
        return self.home_space is None

    def url_for_space(self, space, request=None):
        """This page's address as a space's (its own page, or the platform's default read for the space)."""
        if space is None or not self.is_platform_default:
            return self.get_url(request)
        return self.get_url(request) + self.reverse_subpage("for_space", args=[space.slug])

    @path("<slug:space_slug>/", name="for_space")
    def for_space_view(self, request, space_slug):
        if not self.is_platform_default:
            raise Http404
        space = CollectiviteSpace.objects.child_of(self.get_parent()).live().public().filter(slug=space_slug).first()
        if space is None:
            raise Http404
        own = type(self).objects.child_of(space).live().public().first()
        if own is not None:  # the space has published its own: that one is its page
            return redirect(own.get_url(request))
        self._read_for_space = space.specific
        self.__dict__.pop("site_theme", None)
        return self.render(request)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["legal"] = LegalPages.find(self.collectivite_space, request=request)
        return context


class LegalNoticePage(LegalPage):
    """Mentions légales (loi pour la confiance dans l'économie numérique, article 6-III): who publishes the site,
    who is responsible for what it says, who hosts it."""

    kind = "notice"
    publisher = models.TextField(
        _("éditeur du site"),
        help_text=_("Nom de la collectivité ou de l'organisme, adresse, SIREN, téléphone."),
    )
    publication_director = models.CharField(
        _("directeur ou directrice de la publication"),
        max_length=200,
        help_text=_("Par exemple : « Hélène Marchand, maire de Villebrune-sur-Loire »."),
    )
    host = models.TextField(_("hébergeur"), help_text=_("Nom, adresse et téléphone de l'hébergeur du site."))

    content_panels = [
        *BasePage.content_panels,
        FieldPanel("publisher"),
        FieldPanel("publication_director"),
        FieldPanel("host"),
        FieldPanel("updated_on"),
        FieldPanel("body"),
    ]
    api_fields = [
        *LegalPage.api_fields,
        APIField("publisher"),
        APIField("publication_director"),
        APIField("host"),
    ]

    class Meta:
        verbose_name = _("mentions légales")
        verbose_name_plural = _("mentions légales")


class PrivacyPolicyPage(LegalPage):
    """Politique de confidentialité (RGPD, articles 12 to 14). The controller and its DPO come from the contact page
    of the space it is read for; what a secret ballot keeps is said by the template, as the code does it."""

    kind = "privacy"

    class Meta:
        verbose_name = _("politique de confidentialité")
        verbose_name_plural = _("politiques de confidentialité")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # The size of the batches ballots are opened by (`consultations.release`), read from settings: cms does not
        # import the consultations.
        context["ballot_batch"] = getattr(settings, "CONSULTATIONS_BALLOT_BATCH", 25)
        return context


class Compliance(models.TextChoices):
    # The three states of the RGAA (décret n° 2019-768, article 5), as the footer must say them.
    FULL = "totale", _("totalement conforme")
    PARTIAL = "partielle", _("partiellement conforme")
    NONE = "non", _("non conforme")


class AccessibilityStatementPage(LegalPage):
    """Déclaration d'accessibilité (RGAA 4.1): the compliance state, shown in the footer of every page, the rate,
    the audit, what is not accessible and the recourse."""

    kind = "accessibility"
    compliance = models.CharField(
        _("état de conformité"), max_length=10, choices=Compliance.choices, default=Compliance.NONE
    )
    compliance_rate = models.PositiveSmallIntegerField(
        _("taux de conformité (%)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(100)],
        help_text=_("Pourcentage de critères RGAA respectés, tel que l'audit l'a mesuré. Vide sans audit."),
    )
    audit_date = models.DateField(_("date de l'audit"), null=True, blank=True)
    auditor = models.CharField(_("audit réalisé par"), max_length=200, blank=True)
    non_compliant_content = RichTextField(
        _("contenus non accessibles"),
        features=LEGAL_TEXT_FEATURES,
        blank=True,
        help_text=_("Les non-conformités relevées, les dérogations et les contenus non soumis à l'obligation."),
    )

    content_panels = [
        *BasePage.content_panels,
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("compliance"), FieldPanel("compliance_rate")]),
                FieldRowPanel([FieldPanel("audit_date"), FieldPanel("auditor")]),
            ],
            heading=_("État de conformité"),
        ),
        FieldPanel("non_compliant_content"),
        FieldPanel("updated_on"),
        FieldPanel("body"),
    ]
    api_fields = [
        *LegalPage.api_fields,
        APIField("compliance"),
        APIField("compliance_rate"),
        APIField("audit_date"),
        APIField("auditor"),
        APIField("non_compliant_content"),
    ]
    override_translatable_fields = [
        *LegalPage.override_translatable_fields,
        SynchronizedField("compliance"),
        SynchronizedField("compliance_rate"),
        SynchronizedField("audit_date"),
    ]

    class Meta:
        verbose_name = _("déclaration d'accessibilité")
        verbose_name_plural = _("déclarations d'accessibilité")


class ContactPage(LegalPage):
    """Contact: the collectivité's details and its data protection officer (DPO), named as controller by the
    privacy policy."""

    kind = "contact"
    organisation = models.CharField(
        _("nom de l'organisme"),
        max_length=200,
        help_text=_("Responsable du traitement des données : la collectivité (ou AimPact pour le réseau national)."),
    )
    address = models.TextField(_("adresse postale"))
    email = models.EmailField(_("adresse e-mail de contact"))
    phone = models.CharField(_("téléphone"), max_length=40, blank=True)
    dpo_name = models.CharField(
        _("délégué à la protection des données (DPO)"),
        max_length=200,
        blank=True,
        help_text=_("Nom, ou fonction, du délégué à la protection des données."),
    )
    dpo_email = models.EmailField(_("adresse e-mail du DPO"))
    dpo_address = models.TextField(_("adresse postale du DPO"), blank=True)

    content_panels = [
        *BasePage.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("organisation"),
                FieldPanel("address"),
                FieldRowPanel([FieldPanel("email"), FieldPanel("phone")]),
            ],
            heading=_("La collectivité"),
        ),
        MultiFieldPanel(
            [FieldPanel("dpo_name"), FieldPanel("dpo_email"), FieldPanel("dpo_address")],
            heading=_("Délégué à la protection des données"),
        ),
        FieldPanel("updated_on"),
        FieldPanel("body"),
    ]
    api_fields = [
        *LegalPage.api_fields,
        APIField("organisation"),
        APIField("address"),
        APIField("email"),
        APIField("phone"),
        APIField("dpo_name"),
        APIField("dpo_email"),
        APIField("dpo_address"),
    ]
    override_translatable_fields = [
        *LegalPage.override_translatable_fields,
        SynchronizedField("email"),
        SynchronizedField("phone"),
        SynchronizedField("dpo_email"),
    ]

    class Meta:
        verbose_name = _("page contact")
        verbose_name_plural = _("pages contact")


LEGAL_PAGE_MODELS = (LegalNoticePage, PrivacyPolicyPage, AccessibilityStatementPage, ContactPage)
KINDS = {model.kind: model for model in LEGAL_PAGE_MODELS}


@dataclass(frozen=True)
class LegalLink:
    page: LegalPage
    url: str

    @property
    def title(self):
        return self.page.title


@dataclass(frozen=True)
class LegalPages:
    """For one space (or the platform, `space` None): each kind's page, its own or the platform's."""

    space: object
    pages: dict  # kind -> LegalPage (specific)

    @classmethod
    def find(cls, space=None, locale=None, request=None):
        """Each kind: the space's page in the visitor's language, else in another of the space's languages, else the
        platform's, in the same order. Four queries at most (the locale, the parents' translations, the view
        restrictions, the pages), kept on the request: the footer, the page and the forms
        ask more than once.
        """
        cache_key = (getattr(space, "pk", None), locale.pk if locale else translation.get_language())
        cache = getattr(request, "_legal_pages", None) if request is not None else None
        if cache is not None and cache_key in cache:
            return cache[cache_key]

        locale = locale or Locale.get_active()
        if space is not None:  # the space's versions and the platform's homes, read once with its translations
            parents = {
                page.path: page
                for page in versions_and_platform_homes(space)
                if page.is_platform_home
                or (page.translation_key == space.translation_key and page.depth == space.depth)
            }
        else:
            homes = Page.objects.filter(pk__in=PlatformHomePage.objects.values("pk")).only("path", "depth", "locale_id")
            parents = {page.path: page for page in homes}
        pages = {}
        if parents:
            under = Q()
            for parent in parents.values():
                under |= Q(path__startswith=parent.path, depth=parent.depth + 1)
            # One query: the pages as their own types with their own fields deferred (the footer needs the title,
            # the address and the accessibility page's compliance, read here with the rest; another field, read
            # later, loads then).
            candidates = (
                Page.objects.live()
                .public()
                .type(*LEGAL_PAGE_MODELS)
                .filter(under)
                .annotate(
                    _compliance=Subquery(
                        AccessibilityStatementPage.objects.filter(pk=OuterRef("pk")).values("compliance")[:1]
                    )
                )
            )
            ranked = {}
            for generic in candidates:
                candidate = generic.specific_deferred
                if isinstance(candidate, AccessibilityStatementPage):
                    candidate.__dict__["compliance"] = generic._compliance
                parent = parents[candidate.path[: -Page.steplen]]
                own = space is not None and parent.depth == space.depth
                rank = (0 if own else 2) + (0 if candidate.locale_id == locale.pk else 1)
                if not own:  # the platform's page: no space above it (known here, no query later)
                    candidate.__dict__["home_space"] = None
                elif parent.pk == space.pk:
                    candidate.__dict__["home_space"] = space.specific
                if candidate.kind not in ranked or rank < ranked[candidate.kind][0]:
                    ranked[candidate.kind] = (rank, candidate)
            pages = {kind: page for kind, (_rank, page) in ranked.items()}
        found = cls(space=space, pages=pages)
        if request is not None:
            if cache is None:
                cache = request._legal_pages = {}
            cache[cache_key] = found
        return found

    def page(self, kind):
        return self.pages.get(kind)

    def link(self, kind, request=None):
        page = self.pages.get(kind)
        if page is None:
            return None
        return LegalLink(page=page, url=page.url_for_space(self.space, request))

    def links(self, request=None):
        """The footer's links, in the order of `KINDS`, leaving out a kind nobody published."""
        return [link for kind in KINDS if (link := self.link(kind, request)) is not None]

    @property
    def accessibility(self):
        return self.pages.get("accessibility")

    @property
    def contact(self):
        return self.pages.get("contact")

    @property
    def own_contact(self):
        """The space's own contact page (None for a space that has not published one)."""
        contact = self.contact
        if contact is None or (self.space is not None and contact.is_platform_default):
            return None
        return contact

"""A client collectivité's space: the page at the top of its pages, with its theme, package and access code."""

import secrets

from django.contrib.auth.models import Group
from django.core.validators import MaxLengthValidator, MinLengthValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from django.utils.crypto import salted_hmac
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, FieldRowPanel, HelpPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import path
from wagtail.fields import StreamField
from wagtail.images.api.fields import ImageRenditionField
from wagtail.models import Locale, PageViewRestriction
from wagtail_localize.fields import SynchronizedField

from cms import views
from cms.blocks import body_blocks
from cms.choices import PACKAGE_FEATURES, Package
from cms.registry import registry
from cms.serializers import TerritorySerializer
from cms.theming import DEFAULT_PRIMARY, DEFAULT_SECONDARY, Theme, validate_contrast_on_white
from cms.view_restrictions import is_public

from .base import BasePage
from .dashboard import Dashboard
from .routing import PageViewsMixin

# The « mot d'accueil » is a paragraph or two above the dashboard: 2,000 characters is about 300 words. A
# 100,000-character text was accepted before and pushed the whole dashboard off the screen.
WELCOME_TEXT_MAX_LENGTH = 2000


def new_private_link_token():
    return secrets.token_urlsafe(18)


SESSION_SPACES_KEY = "aimpact_spaces"


def granted_spaces(session):
    """{space translation key: access generation} of the spaces whose code (or private link) this session entered."""
    granted = session.get(SESSION_SPACES_KEY)
    return dict(granted) if isinstance(granted, dict) else {}  # an older list of keys: entered with unknown codes


class CollectiviteSpace(PageViewsMixin, BasePage):
    """A client collectivité's space: its dashboard home, theme, package and access code.

    Pages below it inherit its theme. Pages an editor makes private with a password
    (Wagtail's privacy setting) are its client-only content: they open with the space's
    access code, or all at once through the private link.
    """

    territory = models.ForeignKey(
        "cms.Territory", verbose_name=_("territoire"), on_delete=models.PROTECT, related_name="spaces"
    )
    package = models.CharField(_("package"), max_length=16, choices=Package.choices, default=Package.ESSENTIEL)
    introduction = models.TextField(
        _("mot d'accueil"),
        blank=True,
        max_length=WELCOME_TEXT_MAX_LENGTH,
        validators=[MaxLengthValidator(WELCOME_TEXT_MAX_LENGTH)],
        help_text=_("Quelques phrases d'accueil : 2 000 caractères au plus."),
    )
    body = StreamField(body_blocks(), verbose_name=_("contenu complémentaire"), blank=True)
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    primary_color = models.CharField(
        _("couleur principale"),
        max_length=7,
        default=DEFAULT_PRIMARY,
        validators=[validate_contrast_on_white],
        help_text=_("Format #RRGGBB. Doit rester lisible en texte blanc (contraste 4,5:1 au moins)."),
    )
    secondary_color = models.CharField(
        _("couleur secondaire"),
        max_length=7,
        default=DEFAULT_SECONDARY,
        validators=[validate_contrast_on_white],
        help_text=_("Format #RRGGBB, pour les mises en valeur. Même exigence de contraste."),
    )
    access_code = models.CharField(
        _("code d'accès"),
        max_length=64,
        blank=True,
        validators=[MinLengthValidator(6)],
        help_text=_(
            "Code que la collectivité communique à ses citoyens pour ouvrir les contenus réservés "
            "(pages rendues privées « avec un mot de passe »). 6 caractères au moins."
        ),
    )
    private_link_token = models.CharField(
        _("jeton du lien privé"), max_length=64, default=new_private_link_token, editable=False
    )
    editors_group = models.ForeignKey(
        Group,
        verbose_name=_("groupe des éditeurs"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    content_panels = [
        *BasePage.content_panels,
        FieldPanel("introduction"),
        FieldPanel("territory", permission="superuser"),
        FieldPanel("body"),
    ]
    settings_panels = [
        *BasePage.settings_panels,
        FieldPanel("package", permission="superuser"),
        MultiFieldPanel(
            [FieldPanel("logo"), FieldRowPanel([FieldPanel("primary_color"), FieldPanel("secondary_color")])],
            heading=_("Marque blanche"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("access_code"),
                HelpPanel(template="cms/admin/private_link_help.html"),
            ],
            heading=_("Accès réservé"),
        ),
    ]

    api_fields = [
        *BasePage.api_fields,
        APIField("introduction"),
        APIField("territory", serializer=TerritorySerializer()),
        APIField("package"),
        APIField("logo", serializer=ImageRenditionField("max-400x200")),
        APIField("primary_color"),
        APIField("secondary_color"),
        APIField("body"),
    ]

    override_translatable_fields = [
        SynchronizedField("primary_color"),
        SynchronizedField("secondary_color"),
        # One code for the space in every language, always the default language's (see `save`).
        SynchronizedField("access_code", overridable=False),
    ]

    page_views = views

    def save(self, *args, **kwargs):
        # A translation takes the access code of the space in the default language, whatever its own revision
        # holds: a code changed in French closes the English forms too (the French space's save updates the
        # translations' rows at once: cms.signals).
        source = self.default_language_space()
        if source is not None:
            self.access_code = source.access_code
        return super().save(*args, **kwargs)

    def default_language_space(self):
        """The space in the default language when this is one of its translations, else None."""
        if self.pk is None or self.locale_id == Locale.get_default().pk:
            return None
        return CollectiviteSpace.objects.filter(
            translation_key=self.translation_key, locale=Locale.get_default()
        ).first()

    parent_page_types = ["cms.PlatformHomePage"]
    subpage_types = [
        "cms.NewsIndexPage",
        "cms.BudgetIndexPage",
        "cms.ProjectIndexPage",
        "consultations.ConsultationIndexPage",
        "debates.DebateIndexPage",
        "newsletters.NewsletterPage",
        "cms.LegalNoticePage",
        "cms.PrivacyPolicyPage",
        "cms.AccessibilityStatementPage",
        "cms.ContactPage",
    ]

    class Meta:
        verbose_name = _("espace collectivité")
        verbose_name_plural = _("espaces collectivité")
        constraints = [
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("introduction"), WELCOME_TEXT_MAX_LENGTH),
                name="cms_space_welcome_text_max_length",
            )
        ]

    # -- theme and package ---------------------------------------------------------
    def get_theme(self):
        return Theme(name=self.title, primary=self.primary_color, secondary=self.secondary_color, logo=self.logo)

    @property
    def collectivite_space(self):
        return self

    def has_feature(self, feature):
        return feature in PACKAGE_FEATURES.get(self.package, set())

    # -- dashboard ---------------------------------------------------------------
    def get_dashboard(self):
        return Dashboard(self)

    @cached_property
    def public_sections(self):
        """The space's live and public children (generic pages, in the tree's order), read once per space instance:
        the navigation, the dashboard's sections and the features' panels pick theirs from it."""
        return [child for child in self.get_children().live() if is_public(child)]

    def public_section(self, model):
        """The first of the space's live and public children of that type (or a subclass), as a specific page whose
        own fields load only if read; None when there is none."""
        for child in self.public_sections:
            page_class = child.specific_class
            if page_class is not None and issubclass(page_class, model):
                return child.specific_deferred
        return None

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["dashboard"] = self.get_dashboard()
        context["panels"] = registry.panels("space_dashboard", self, request)
        return context

    # -- client-only content -------------------------------------------------------
    def restricted_pages_restrictions(self):
        """Password restrictions on pages of this space and of its translations."""
        query = Q()
        for space in self.get_translations(inclusive=True):
            query |= Q(page__path__startswith=space.path)
        return PageViewRestriction.objects.filter(query, restriction_type=PageViewRestriction.PASSWORD)

    def access_generation(self):
        """A digest of the current access code (never the code itself): a session opened with an older code, or
        before the code was cleared, opens nothing once the code has changed."""
        code = f"{self.translation_key}:{self.access_code.casefold()}"
        return salted_hmac("aimpact.space-access", code).hexdigest()[:20]

    def closed_password(self):
        """The password of the space's restrictions while it has no access code: no one can type it."""
        return "!" + salted_hmac("aimpact.space-closed", str(self.translation_key)).hexdigest()

    def grant_access(self, request):
        key = PageViewRestriction.passed_view_restrictions_session_key
        passed = set(request.session.get(key, []))
        passed.update(self.restricted_pages_restrictions().values_list("pk", flat=True))
        request.session[key] = sorted(passed)
        request.session[SESSION_SPACES_KEY] = {
            **granted_spaces(request.session),
            str(self.translation_key): self.access_generation(),
        }

    def has_access(self, request):
        session = getattr(request, "session", None)
        if session is None:
            return False
        return granted_spaces(session).get(str(self.translation_key)) == self.access_generation()

    def access_code_url(self, request=None):
        return self.get_url(request) + self.reverse_subpage("access_code")

    def private_link_url(self, request=None):
        return self.get_url(request) + self.reverse_subpage("private_link", args=[self.private_link_token])

    # -- public views (the logic is in cms.views) -----------------------------------------------------------------
    @path("acces/", name="access_code")
    def access_code_view(self, request):
        return self.views.access_code(request, self)

    @path("acces/<str:token>/", name="private_link")
    def private_link_view(self, request, token):
        return self.views.private_link(request, self, token)

    def regenerate_private_link(self):
        self.private_link_token = new_private_link_token()

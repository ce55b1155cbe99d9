from decimal import Decimal

from rest_framework.fields import DecimalField

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, HelpPanel, InlinePanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.models import Orderable

from cms.blocks import body_blocks
from cms.charts import bar_rows
from cms.page_forms import BasePageForm
from cms.query import BudgetYearPageManager

from .base import BasePage
from .listing import FilterableListMixin


class BudgetYearPageForm(BasePageForm):
    """Refuses a second page for the same fiscal year in the same budget."""

    def clean(self):
        cleaned_data = super().clean()
        year = cleaned_data.get("fiscal_year")
        parent = self.parent_page if self.instance.pk is None else self.instance.get_parent()
        if year and parent is not None:
            duplicates = BudgetYearPage.objects.child_of(parent).filter(fiscal_year=year)
            if self.instance.pk:
                duplicates = duplicates.exclude(pk=self.instance.pk)
            if duplicates.exists():
                self.add_error("fiscal_year", _("Le budget %(year)s existe déjà dans cet espace.") % {"year": year})
        return cleaned_data


class BudgetSector(models.TextChoices):
    """Sectors of spending, after the functional presentation of the M57 instruction."""

    GENERAL = "services_generaux", _("Services généraux et administration")
    SAFETY = "securite", _("Sécurité et salubrité")
    EDUCATION = "enseignement", _("Enseignement et jeunesse")
    CULTURE = "culture", _("Culture et patrimoine")
    SPORT = "sport", _("Sport et loisirs")
    SOCIAL = "social", _("Action sociale et santé")
    HOUSING = "amenagement", _("Aménagement, urbanisme et logement")
    ENVIRONMENT = "environnement", _("Environnement et propreté")
    ECONOMY = "economie", _("Action économique")
    TRANSPORT = "voirie", _("Voirie et transports")
    DEBT = "dette", _("Remboursement de la dette")


class BudgetNature(models.TextChoices):
    OPERATING = "fonctionnement", _("Fonctionnement")
    INVESTMENT = "investissement", _("Investissement")


class BudgetIndexPage(FilterableListMixin, BasePage):
    """Budget: the list of fiscal years, newest first."""

    introduction = models.TextField(_("introduction"), blank=True)

    content_panels = [*BasePage.content_panels, FieldPanel("introduction")]
    api_fields = [*BasePage.api_fields, APIField("introduction")]

    parent_page_types = ["cms.CollectiviteSpace"]
    subpage_types = ["cms.BudgetYearPage"]
    max_count_per_parent = 1

    listing_model = "cms.BudgetYearPage"
    listing_context_name = "years"

    class Meta:
        verbose_name = _("index du budget")
        verbose_name_plural = _("index du budget")

    def order_listing(self, queryset, sort=None):
        return queryset.latest_first()

    def get_years(self):
        """Every listed fiscal year, newest first (the dashboard shows the first)."""
        return self.order_listing(self.get_listing_queryset())


class NotableInvestmentBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Investissement"), max_length=200)
    amount = blocks.DecimalBlock(label=_("Montant (€)"), min_value=0, decimal_places=2)
    description = blocks.TextBlock(label=_("Description"), required=False)
    project = blocks.PageChooserBlock(label=_("Projet lié"), page_type="cms.ProjectPage", required=False)

    class Meta:
        template = "blocks/notable_investment_block.html"
        icon = "success"
        label = _("Investissement marquant")
        description = _("Un investissement de l'année à mettre en avant, avec son montant.")
        preview_value = {
            "title": "Rénovation de l'école Jules-Ferry",
            "amount": "1250000",
            "description": "Isolation et chauffage par géothermie.",
        }


class BudgetYearPage(BasePage):
    """One fiscal year of a collectivité's budget: its lines by sector and notable investments."""

    fiscal_year = models.PositiveSmallIntegerField(
        _("exercice"),
        validators=[MinValueValidator(1990), MaxValueValidator(2100)],
        help_text=_("L'année budgétaire, par exemple 2026."),
    )
    introduction = models.TextField(_("présentation"), blank=True)
    notable_investments = StreamField(
        [("investment", NotableInvestmentBlock())], verbose_name=_("investissements marquants"), blank=True
    )
    body = StreamField(body_blocks(), verbose_name=_("contenu complémentaire"), blank=True)

    objects = BudgetYearPageManager()
    base_form_class = BudgetYearPageForm

    content_panels = [
        *BasePage.content_panels,
        FieldPanel("fiscal_year"),
        FieldPanel("introduction"),
        HelpPanel(template="cms/admin/budget_import_help.html", heading=_("Importer un fichier CSV")),
        InlinePanel("lines", heading=_("Lignes budgétaires"), label=_("ligne")),
        FieldPanel("notable_investments"),
        FieldPanel("body"),
    ]
    api_fields = [
        *BasePage.api_fields,
        APIField("fiscal_year"),
        APIField("introduction"),
        APIField("total", serializer=DecimalField(max_digits=16, decimal_places=2, read_only=True)),
        APIField("lines"),
        APIField("notable_investments"),
        APIField("body"),
    ]

    parent_page_types = ["cms.BudgetIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("budget annuel")
        verbose_name_plural = _("budgets annuels")

    # -- figures, all computed from the lines --------------------------------------
    @cached_property
    def line_list(self):
        return list(self.lines.all())

    @property
    def total(self):
        return sum((line.amount for line in self.line_list), Decimal("0"))

    def total_for(self, nature):
        return sum((line.amount for line in self.line_list if line.nature == nature), Decimal("0"))

    @property
    def operating_total(self):
        return self.total_for(BudgetNature.OPERATING)

    @property
    def investment_total(self):
        return self.total_for(BudgetNature.INVESTMENT)

    def sector_totals(self):
        """[(sector value, label, amount, share %)] largest first."""
        from cms.budget import sector_totals

        return sector_totals(self.line_list)

    def previous_year(self):
        return (
            BudgetYearPage.objects.sibling_of(self, inclusive=False)
            .live()
            .filter(fiscal_year=self.fiscal_year - 1)
            .first()
        )

    def comparison(self):
        from cms.budget import compare_years

        previous = self.previous_year()
        return compare_years(self, previous) if previous else None

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        sectors = self.sector_totals()
        context["sectors"] = sectors
        context["bars"] = bar_rows([(row.label, row.amount) for row in sectors], with_shares=True)
        context["comparison"] = self.comparison()
        return context


class BudgetLine(Orderable):
    page = ParentalKey(BudgetYearPage, on_delete=models.CASCADE, related_name="lines")
    sector = models.CharField(_("secteur"), max_length=32, choices=BudgetSector.choices)
    label = models.CharField(_("détail"), max_length=200, blank=True)
    nature = models.CharField(_("nature"), max_length=16, choices=BudgetNature.choices)
    amount = models.DecimalField(
        _("montant (€)"), max_digits=14, decimal_places=2, validators=[MinValueValidator(Decimal("0"))]
    )

    panels = [FieldPanel("sector"), FieldPanel("label"), FieldPanel("nature"), FieldPanel("amount")]
    api_fields = [APIField("sector"), APIField("label"), APIField("nature"), APIField("amount")]

    class Meta(Orderable.Meta):
        verbose_name = _("ligne budgétaire")
        verbose_name_plural = _("lignes budgétaires")
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gte=0), name="budget_line_amount_not_negative"),
        ]

    def __str__(self):
        return f"{self.get_sector_display()} – {self.amount} €"


__all__ = ["BudgetIndexPage", "BudgetLine", "BudgetNature", "BudgetSector", "BudgetYearPage"]

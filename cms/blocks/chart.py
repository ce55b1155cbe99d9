from django.utils.translation import gettext_lazy as _

from wagtail import blocks

from cms.charts import bar_rows


class ChartRowBlock(blocks.StructBlock):
    label = blocks.CharBlock(label=_("Libellé"), max_length=120)
    value = blocks.FloatBlock(label=_("Valeur"))

    class Meta:
        icon = "list-ul"
        label = _("Ligne")


class ChartBlock(blocks.StructBlock):
    """A bar chart drawn from a small data table; the table is always shown with it."""

    title = blocks.CharBlock(label=_("Titre du graphique"), max_length=200)
    unit = blocks.CharBlock(
        label=_("Unité"), max_length=30, required=False, help_text=_("Par exemple : €, %, habitants.")
    )
    rows = blocks.ListBlock(ChartRowBlock(), label=_("Données"), min_num=1, max_num=30)
    source = blocks.CharBlock(label=_("Source"), max_length=250, required=False)

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context["bars"] = bar_rows([(row["label"], row["value"]) for row in value["rows"]])
        return context

    class Meta:
        template = "blocks/chart_block.html"
        icon = "table"
        label = _("Graphique")
        description = _("Un graphique en barres accessible, accompagné de son tableau de données.")
        preview_value = {
            "title": "Fréquentation de la médiathèque",
            "unit": "visiteurs",
            "rows": [
                {"label": "2023", "value": 18200},
                {"label": "2024", "value": 21400},
                {"label": "2025", "value": 24900},
            ],
            "source": "Service culture",
        }

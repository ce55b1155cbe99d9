"""Admin viewsets of the baromètre: indicators and their dated values (registered in wagtail_hooks.py)."""

from django.utils.translation import gettext_lazy

from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.viewsets.model import ModelViewSet

from .models import Indicator


class IndicatorFilterSet(WagtailFilterSet):
    class Meta:
        model = Indicator
        fields = ["entry"]


class IndicatorViewSet(ModelViewSet):
    """Indicators and their dated values (an InlinePanel): data of an entry, edited outside its revisions."""

    model = Indicator
    icon = "table"
    menu_label = gettext_lazy("Indicateurs du baromètre")
    menu_order = 310
    add_to_admin_menu = True
    list_display = ["name", "entry", "unit", "target", "source"]
    list_filter = None
    filterset_class = IndicatorFilterSet
    search_fields = ["name", "source"]
    ordering = ["entry", "sort_order", "name"]
    inspect_view_enabled = True
    copy_view_enabled = False


indicator_viewset = IndicatorViewSet("barometre_indicators")

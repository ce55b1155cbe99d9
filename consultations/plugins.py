"""What this app shows in the pages of `cms`, registered with `cms.registry` when the app is ready.

- the survey block's rendering (a consultation's questionnaire inside any page);
- the open consultations on each collectivité's dashboard (the network's home shows the wall of
  `consultations.network`);
- the demo consultations, loaded after the spaces;
- what a person's participations are, for the account page's download and deletion (`personal_data`).
"""

from cms.registry import Demo, Embed, Panel, registry

from . import digests, personal_data, searching
from .demo import ensure_demo_consultations
from .models import ConsultationIndexPage, ConsultationPage
from .views import survey_context

NETWORK_HOME_COUNT = 6
DASHBOARD_COUNT = 3


def survey_embed_context(consultation, request, parent_context):
    """The survey form in place, for a live consultation the visitor may see (the block checked the access)."""
    if request is None or not consultation.live:
        return {}
    return {**survey_context(request, consultation), "next": request.get_full_path()}


def network_home_panel(home, request):
    """Consultations open now across the network, in the home's language, closing soonest first."""
    consultations = ConsultationPage.objects.live().public().listed().open_at().filter(locale_id=home.locale_id)
    return {"open_consultations": list(consultations.order_by("closes_at")[:NETWORK_HOME_COUNT])}


def dashboard_panel(space, request):
    """The space's running consultations, closing soonest first; nothing when the space has no consultation index."""
    index = space.public_section(ConsultationIndexPage)  # from the children the dashboard read
    if index is None:
        return None
    consultations = ConsultationPage.objects.child_of(index).live().public().open_at()
    return {
        "consultations_index": index,
        "open_consultations": list(consultations.order_by("closes_at")[:DASHBOARD_COUNT]),
    }


def register():
    digests.register()  # open consultations and new results, for the newsletters
    searching.register()  # the published free-text answers of closed consultations, for the site's search
    registry.register_embed(
        "survey", Embed(template="consultations/blocks/survey_block.html", context=survey_embed_context)
    )
    registry.register_panel(
        "space_dashboard",
        Panel("open_consultations", template="consultations/panels/space_dashboard.html", context=dashboard_panel),
    )
    registry.register_demo(
        Demo(
            "consultations", ensure_demo_consultations, describe="Consultations: {count} pages with their demo ballots."
        )
    )
    registry.register_personal_data("consultations", export=personal_data.export, erase=personal_data.erase)

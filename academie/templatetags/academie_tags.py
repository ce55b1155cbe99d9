from django import template
from django.utils import translation

from wagtail.models import Locale

from academie.progress import learner_parcours as progresses

register = template.Library()


@register.filter
def get_item(mapping, key):
    """mapping[key], or None (dicts of results, errors and answers keyed by quiz or question id)."""
    if not mapping:
        return None
    return mapping.get(key)


@register.simple_tag
def progress_for(progress_by_parcours, page):
    return (progress_by_parcours or {}).get(page.pk)


@register.simple_tag(takes_context=True)
def learner_parcours(context):
    """The signed-in learner's parcours, started and completed, in the current language when translated."""
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    if user is None or not user.is_authenticated:
        return {"completed": [], "in_progress": []}
    locale = Locale.objects.filter(language_code=translation.get_language()).first()
    items = progresses(user, locale)
    return {
        "completed": [item for item in items if item.completed],
        "in_progress": [item for item in items if not item.completed],
    }

"""What the comments show in the pages of `cms` (registered with `cms.registry` when the app is ready):

- the discussion panel at the end of every live consultation and of any page whose editor turned comments on
  (`page_end`);
- the demo comments, after the demo consultations;
- what a person's comments, supports and reports are, for the account page's download and deletion.
"""

from django.core.paginator import Paginator

from cms.registry import Demo, Panel, registry

from . import personal_data, searching, services
from .demo import ensure_demo_comments
from .forms import CommentForm
from .limits import posting_blocked_until
from .views import FORM_STATE_KEY

PAGE_PARAMETER = "commentaires"
SORT_PARAMETER = "tri"


def _form_state(request, original):
    """The refused comment sent back by `views.post_view` (shown once, on its own page only)."""
    session = getattr(request, "session", None)
    if session is None or FORM_STATE_KEY not in session:
        return None
    state = session.get(FORM_STATE_KEY) or {}
    if state.get("page") != original.pk:
        return None
    del session[FORM_STATE_KEY]
    return state


def page_end_panel(page, request):
    """The discussion at the end of the page, or None where it has none or the visitor may not read it."""
    if request is None or getattr(request, "is_preview", False) or not page.live:
        return None
    if not services.comments_enabled(page) or not services.may_view(page, request):
        return None
    original = services.discussion_page(page)
    sort = request.GET.get(SORT_PARAMETER)
    sort = sort if sort in services.SORTS else "recents"
    paginator = Paginator(services.listing_queryset(original, sort), services.PAGE_SIZE)
    listing = paginator.get_page(request.GET.get(PAGE_PARAMETER))
    threads, supported = services.threads(listing.object_list, request.user)
    state = _form_state(request, original) or {}
    user = request.user
    may_post = False
    refusal = None
    if user.is_authenticated:
        try:
            services.check_citizen(user)
            may_post = True
        except services.CommentRefused as error:
            refusal = error.message
    error_parent = state.get("parent") or ""
    # ASCII digits only: « ² » or « ① » pass str.isdigit() but make int() raise.
    reply_parent = int(error_parent) if error_parent.isascii() and error_parent.isdigit() else None
    form = CommentForm(initial={"text": state.get("text", "")} if not error_parent else None)
    return {
        "discussion": original,
        "threads": threads,
        "supported": supported,
        "listing": listing,
        "sort": sort,
        "comments_count": services.visible_count(original),
        "closed_message": services.posting_closed_message(original),
        "may_post": may_post,
        "refusal": refusal,
        "blocked_until": posting_blocked_until(user) if may_post else None,
        "form": form,
        "form_error": state.get("error") if not error_parent else None,
        "reply_error": state.get("error") if error_parent else None,
        "reply_parent": reply_parent,
        "reply_text": state.get("text", "") if error_parent else "",
        "next": request.get_full_path(),
        "page_parameter": PAGE_PARAMETER,
    }


def register():
    searching.register()  # visible comments, for the site's search
    registry.register_panel(
        "page_end", Panel("citizen_comments", template="citizen_comments/panel.html", context=page_end_panel)
    )
    registry.register_demo(
        Demo(
            "citizen_comments",
            ensure_demo_comments,
            describe="Comments: {count} comments and replies on the demo consultations.",
            after=("consultations",),
        )
    )
    registry.register_personal_data(
        "citizen_comments", export=personal_data.export_comments, erase=personal_data.erase_comments
    )

"""The collectivités' editors' views of the groups' messages: the messages addressed to their spaces, and the
answer (one per message; its editors may correct it, the group is emailed after the first). Scoped by `rules`:
another space's message is a 404."""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from wagtail.admin import messages
from wagtail.admin.menu import MenuItem

from . import services
from .forms import AnswerForm
from .rules import answerable_messages, answerable_space_ids


class MessagesMenuItem(MenuItem):
    def is_shown(self, request):
        ids = answerable_space_ids(request.user)
        return ids is None or bool(ids)


def messages_view(request):
    if not MessagesMenuItem("", "").is_shown(request):
        raise Http404
    listing = answerable_messages(request.user)
    waiting = request.GET.get("etat") == "attente"
    if waiting:
        listing = listing.filter(answered_at__isnull=True)
    page = Paginator(listing.order_by("answered_at", "-sent_at", "-pk"), 50).get_page(request.GET.get("p"))
    return TemplateResponse(
        request,
        "citizen_groups/admin/messages.html",
        {
            "group_messages": page,
            "waiting": waiting,
            "header_title": _("Messages des groupes citoyens"),
            "breadcrumbs_items": [{"url": "", "label": _("Messages des groupes citoyens")}],
        },
    )


def answer_view(request, message_id):
    message = answerable_messages(request.user).filter(pk=message_id).first()
    if message is None:
        raise Http404
    form = AnswerForm(request.POST or None, initial={"answer": message.answer})
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.answer_message(
                    message.pk, request.user, form.cleaned_data["answer"], spaces=answerable_space_ids(request.user)
                )
            except services.GroupRefused as error:
                form.add_error("answer" if error.field == "answer" else None, error.message)
            else:
                messages.success(request, _("La réponse est publiée sur la page du groupe."))
                return redirect("citizen_groups_admin_messages")
    return TemplateResponse(
        request,
        "citizen_groups/admin/answer.html",
        {
            "message": message,
            "form": form,
            "header_title": message.subject,
            "breadcrumbs_items": [
                {"url": "citizen_groups_admin_messages", "label": _("Messages des groupes citoyens")},
                {"url": "", "label": message.subject},
            ],
        },
        status=status,
    )


def admin_home_panel(space, request):
    """The count of the space's group messages waiting for an answer (left out when the editor may not answer)."""
    user = getattr(request, "user", None)
    ids = answerable_space_ids(user) if user is not None else set()
    if ids is not None and space.pk not in ids:
        return None
    from .models import GroupMessage

    waiting = GroupMessage.objects.filter(space=space, answered_at__isnull=True).count()
    return {"waiting": waiting, "space": space, "groups_available": space.has_feature(services.FEATURE)}

"""The groups' public pages (/groupes/): the list, creating a group, a group's page with its posts, membership,
moderation, its formal messages and the consultations it proposes. Every action is a form posted to its own
address (no JavaScript needed) that redirects back to the group's page with a message."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from cms.models import CollectiviteSpace
from consultations.network.forms import ProposalForm, QuestionFormSet, add_question_row, check_proposal
from consultations.network.services import NO_INDEX_MESSAGE, PROPOSALS, ProposalRefused, national_index

from . import services
from .forms import FilterForm, GroupForm, MessageForm, ModerationForm, PostForm
from .limits import GroupLimited
from .models import CitizenGroup, GroupMembership, GroupMessage, GroupPost, GroupProposal, Role

PER_PAGE = 20


def _group(slug):
    return get_object_or_404(CitizenGroup.objects.select_related("territory", "space"), slug=slug)


def _space(request):
    raw = request.GET.get("espace") or request.POST.get("espace") or ""
    if not raw:
        return None
    valid = raw.isascii() and raw.isdigit() and len(raw) < 10
    space = CollectiviteSpace.objects.live().filter(pk=int(raw)).first() if valid else None
    if space is None:
        raise Http404
    return space


@never_cache
def group_list(request):
    form = FilterForm(request.GET or None)
    groups = services.active_groups()
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        groups = groups.filtered(territory=data.get("territory"), theme=data.get("theme"), query=data.get("q"))
    space = None
    try:
        space = _space(request)
    except Http404:
        space = None
    if space is not None:
        groups = groups.filter(space=space)
    paginator = Paginator(groups.order_by("-members_count", "-created_at", "-pk"), PER_PAGE)
    items = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "items": items,
        "space": space,
        "space_refusal": services.creation_refusal(space) if space else None,
        "query_prefix": (query.urlencode() + "&") if query else "",
    }
    return TemplateResponse(request, "citizen_groups/group_list.html", context)


@never_cache
@login_required
def create(request):
    space = _space(request)
    refusal = services.creation_refusal(space)
    if refusal is None:
        try:
            services.check_citizen(request.user)
        except services.GroupRefused as error:
            refusal = error.message
    if refusal:
        return TemplateResponse(request, "citizen_groups/group_form.html", {"refusal": refusal, "space": space})
    form = GroupForm(request.POST or None, space=space)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                group = services.create_group(
                    request.user,
                    name=data["name"],
                    description=data["description"],
                    theme=data["theme"],
                    territory=data["territory"],
                    space=space,
                )
            except services.GroupRefused as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
                status = error.status
            except GroupLimited as limited:
                form.add_error(None, limited.message)
                status = 429
            else:
                messages.success(request, _("Votre groupe est créé : vous en êtes le modérateur ou la modératrice."))
                return redirect(group.get_absolute_url())
    context = {"form": form, "space": space}
    return TemplateResponse(request, "citizen_groups/group_form.html", context, status=status)


def _detail_context(request, group, **extra):
    user = request.user
    member = services.membership(group, user)
    moderator = services.may_moderate(group, user, member)
    paginator = Paginator(GroupPost.objects.filter(group=group, parent=None).order_by("-created_at", "-pk"), PER_PAGE)
    items = paginator.get_page(request.GET.get("page"))
    items.object_list = services.visible_threads(group, items.object_list)
    context = {
        "group": group,
        "member": member,
        "may_moderate": moderator,
        "items": items,
        "moderators": GroupMembership.objects.filter(group=group, role=Role.MODERATOR).select_related("user"),
        "members": GroupMembership.objects.filter(group=group).select_related("user") if moderator else None,
        "group_messages": GroupMessage.objects.filter(group=group).select_related("space"),
        "proposals": GroupProposal.objects.filter(group=group).select_related("proposal__page"),
        "recipient": services.recipient_space(group),
        "post_form": PostForm(),
        "moderation_form": ModerationForm(),
        "message_form": MessageForm(),
    }
    context.update(extra)
    return context


@never_cache
def detail(request, slug):
    group = _group(slug)
    return TemplateResponse(request, "citizen_groups/group_detail.html", _detail_context(request, group))


def _back(group):
    return redirect(group.get_absolute_url())


def _refused(request, error):
    messages.error(request, error.message)


@require_POST
@login_required
def join(request, slug):
    group = _group(slug)
    try:
        services.join(group, request.user)
    except services.GroupRefused as error:
        _refused(request, error)
    else:
        messages.success(request, _("Vous êtes membre du groupe."))
    return _back(group)


@require_POST
@login_required
def leave(request, slug):
    group = _group(slug)
    try:
        if services.leave(group, request.user):
            messages.success(request, _("Vous avez quitté le groupe."))
    except services.GroupRefused as error:
        _refused(request, error)
    return _back(group)


@require_POST
@login_required
def post(request, slug):
    group = _group(slug)
    try:
        services.post(group, request.user, request.POST.get("text", ""), parent_id=request.POST.get("parent"))
    except services.GroupRefused as error:
        form = PostForm(request.POST)
        form.is_valid()
        form.add_error("text" if error.field in ("text", None) else None, error.message)
        context = _detail_context(request, group, post_form=form, reply_to=request.POST.get("parent", ""))
        return TemplateResponse(request, "citizen_groups/group_detail.html", context, status=error.status)
    except GroupLimited as limited:
        messages.error(request, limited.message)
        return _back(group)
    messages.success(request, _("Votre message est publié."))
    return _back(group)


@require_POST
@login_required
def moderate(request, slug, post_id):
    group = _group(slug)
    try:
        services.moderate_post(
            post_id, request.user, request.POST.get("action", ""), request.POST.get("reason", ""), group=group
        )
    except services.GroupRefused as error:
        if error.status == 404:
            raise Http404 from error
        _refused(request, error)
    else:
        messages.success(request, _("La décision est enregistrée."))
    return _back(group)


@require_POST
@login_required
def member_action(request, slug, membership_id):
    group = _group(slug)
    action = request.POST.get("action", "")
    try:
        if action == "remove":
            services.remove_member(group, request.user, membership_id)
            messages.success(request, _("Le membre a été retiré du groupe."))
        elif action in Role.values:
            services.set_role(group, request.user, membership_id, action)
            messages.success(request, _("Le rôle du membre est changé."))
        else:
            raise services.GroupRefused("invalid_action", _("Action inconnue."))
    except services.GroupRefused as error:
        if error.status == 404:
            raise Http404 from error
        _refused(request, error)
    return _back(group)


@never_cache
@login_required
def write(request, slug):
    group = _group(slug)
    if not services.speaks_for(group, request.user):
        raise Http404
    form = MessageForm(request.POST or None)
    recipient = services.recipient_space(group)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.send_message(group, request.user, form.cleaned_data["subject"], form.cleaned_data["body"])
            except services.GroupRefused as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
                status = error.status
            except GroupLimited as limited:
                form.add_error(None, limited.message)
                status = 429
            else:
                messages.success(request, _("Votre message est envoyé à la collectivité."))
                return _back(group)
    context = {
        "group": group,
        "form": form,
        "recipient": recipient,
        "no_recipient": None if recipient else services.no_collectivite_message(group),
    }
    return TemplateResponse(request, "citizen_groups/message_form.html", context, status=status)


@never_cache
@login_required
def propose(request, slug):
    """The network's proposal form, on behalf of the group (members only)."""
    group = _group(slug)
    context = {"group": group, "refusal": None}
    if services.membership(group, request.user) is None:
        context["refusal"] = _("Rejoignez le groupe pour proposer une consultation en son nom.")
    elif not group.is_active:
        context["refusal"] = _("Ce groupe est fermé : il ne reçoit plus de participation.")
    elif national_index() is None:
        context["refusal"] = str(NO_INDEX_MESSAGE)
    else:
        try:
            services.check_citizen(request.user)
        except services.GroupRefused as error:
            context["refusal"] = error.message
    if context["refusal"]:
        return TemplateResponse(request, "citizen_groups/propose.html", context)
    if request.method != "POST":
        context.update(form=ProposalForm(), formset=QuestionFormSet(prefix="questions"))
        return TemplateResponse(request, "citizen_groups/propose.html", context)
    data = request.POST
    if "add_question" in data:
        data = add_question_row(data, "questions")
    form, formset = ProposalForm(data), QuestionFormSet(data, prefix="questions")
    context.update(form=form, formset=formset)
    if "add_question" in request.POST:
        form._errors, form.cleaned_data = {}, {}
        formset._errors, formset._non_form_errors = [], formset.error_class()
        for each in formset.forms:
            each._errors = {}
        return TemplateResponse(request, "citizen_groups/propose.html", context)
    values = check_proposal(form, formset) if (form.is_valid() & formset.is_valid()) else None
    if values is None:
        return TemplateResponse(request, "citizen_groups/propose.html", context, status=400)
    if PROPOSALS.blocked(request) or not PROPOSALS.attempt(request):
        form.add_error(None, PROPOSALS.message)
        return TemplateResponse(request, "citizen_groups/propose.html", context, status=429)
    try:
        services.propose(group, request.user, values, language=translation.get_language())
    except (ProposalRefused, services.GroupRefused) as refusal:
        PROPOSALS.succeeded(request)
        form.add_error(None, refusal.message)
        return TemplateResponse(request, "citizen_groups/propose.html", context, status=refusal.status)
    messages.success(
        request,
        _("Merci ! La consultation proposée par le groupe est envoyée à la modération ; elle apparaît sur cette page."),
    )
    return _back(group)

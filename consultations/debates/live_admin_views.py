"""« Régie du débat »: the organiser's console in the Wagtail admin (a page action of `DebatePage`): the debate's
polls (create, edit, open, close, delete a draft) and its audience's questions (answered, hide with a reason,
restore). Scoped like the page: whoever may edit the debate (`cms.admin_actions.editable_page`: a 404 for what is
not a debate, a 403 for another space's editor). The lists refresh every ten seconds (`static/debates/regie.js`
reloads them from `?fragment=1`)."""

from django import forms
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail.admin import messages

from cms.admin_actions import PageActionMenuItem, editable_page, page_breadcrumbs

from . import live, questions, rules
from .models import DebatePage, LivePoll


class PollForm(forms.Form):
    question = forms.CharField(label=gettext_lazy("Question"), max_length=300)
    choices = forms.CharField(
        label=gettext_lazy("Réponses possibles"),
        help_text=gettext_lazy("Une par ligne, de 2 à 8, toutes différentes."),
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    phase = forms.ChoiceField(label=gettext_lazy("Moment"), choices=LivePoll.Phase.choices)
    mode = forms.ChoiceField(label=gettext_lazy("Secret du vote"), choices=LivePoll.Mode.choices)
    compare_with = forms.TypedChoiceField(
        label=gettext_lazy("Comparer avec"),
        required=False,
        coerce=int,
        empty_value=None,
        help_text=gettext_lazy("Un sondage précédent posant la même question : la page montre comment l'avis a bougé."),
    )
    sort_order = forms.IntegerField(label=gettext_lazy("Ordre"), min_value=0, max_value=999, initial=0, required=False)

    def __init__(self, *args, debate, poll=None, **kwargs):
        super().__init__(*args, **kwargs)
        earlier = LivePoll.objects.filter(debate_id=debate.pk)
        if poll is not None:
            earlier = earlier.filter(pk__lt=poll.pk)
        self.fields["compare_with"].choices = [("", _("Aucun"))] + [(p.pk, p.question) for p in earlier]
        if poll is not None and poll.state != LivePoll.State.DRAFT:
            self.fields["choices"].disabled = True
            self.fields["mode"].disabled = True


def _debate(request, page_id):
    page = editable_page(request, DebatePage, page_id)
    return page, rules.original(page)


def _poll_changes(form):
    data = form.cleaned_data
    changes = {
        "question": data["question"],
        "phase": data["phase"],
        "compare_with": data["compare_with"],
        "sort_order": data["sort_order"] or 0,
    }
    if not form.fields["choices"].disabled:
        changes["choices"] = data["choices"]
    if not form.fields["mode"].disabled:
        changes["mode"] = data["mode"]
    return changes


def _apply_refusal(form, refusal):
    field = refusal.field if refusal.field in form.fields else None
    form.add_error(field, refusal.message)


def regie_view(request, page_id):
    page, original = _debate(request, page_id)
    form = PollForm(debate=original)
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action == "create":
            form = PollForm(request.POST, debate=original)
            if form.is_valid():
                try:
                    live.create_poll(page, request.user, **_poll_changes(form))
                except live.PollRefused as refusal:
                    _apply_refusal(form, refusal)
                else:
                    messages.success(request, _("Le sondage est créé (en préparation)."))
                    return redirect("debates_regie", page.pk)
            messages.error(request, _("Le sondage n'est pas créé : corrigez ce qui est signalé."))
        else:
            done = _act(request, original, action)
            if done:
                return redirect("debates_regie", page.pk)
    context = _lists(original)
    template = "debates/admin/regie_lists.html" if request.GET.get("fragment") else "debates/admin/regie.html"
    return TemplateResponse(
        request,
        template,
        {
            **context,
            "page": page,
            "form": form,
            "public_url": page.get_url(request),
            "header_title": _("Régie du débat"),
            "breadcrumbs_items": page_breadcrumbs(page, request.user, _("Régie du débat")),
        },
        status=400 if form.errors else 200,
    )


def _act(request, original, action):
    """One of the lists' buttons: a poll's open, close, delete; a question's answered, hide, restore."""
    target = request.POST.get("id", "")
    target = int(target) if target.isascii() and target.isdigit() and len(target) < 19 else None
    if target is None:
        messages.error(request, _("Action inconnue."))
        return True
    try:
        if action in ("open", "close", "delete"):
            poll = get_object_or_404(LivePoll, pk=target, debate_id=original.pk)  # a forged id of another debate: 404
            {"open": live.open_poll, "close": live.close_poll, "delete": live.delete_draft}[action](
                poll.pk, request.user
            )
            messages.success(
                request,
                {
                    "open": _("Le sondage est ouvert au vote."),
                    "close": _("Le sondage est clos."),
                    "delete": _("Le sondage est supprimé."),
                }[action],
            )
        elif action in questions.MODERATION_ACTIONS:
            question = get_object_or_404(questions.Question, pk=target, debate_id=original.pk)
            questions.moderate(question.pk, request.user, action, request.POST.get("reason", ""))
            messages.success(
                request,
                {
                    "answered": _("La question est marquée répondue."),
                    "hide": _("La question est masquée."),
                    "restore": _("La question est rétablie."),
                }[action],
            )
        else:
            messages.error(request, _("Action inconnue."))
    except (live.PollRefused, questions.QuestionRefused) as refusal:
        messages.error(request, refusal.message)
    return True


def _lists(original):
    polls = list(LivePoll.objects.filter(debate_id=original.pk).select_related("compare_with"))
    polls.sort(key=lambda poll: (live.PHASE_ORDER.get(poll.phase, 9), poll.sort_order, poll.pk))
    return {
        "polls": [{"poll": poll, "results": live.poll_results(poll)} for poll in polls],
        "questions": list(questions.all_questions(original)),
    }


def poll_edit_view(request, poll_id):
    poll = get_object_or_404(LivePoll, pk=poll_id)
    page, original = _debate(request, poll.debate_id)
    initial = {
        "question": poll.question,
        "choices": "\n".join(poll.choices),
        "phase": poll.phase,
        "mode": poll.mode,
        "compare_with": poll.compare_with_id,
        "sort_order": poll.sort_order,
    }
    form = PollForm(request.POST or None, initial=initial, debate=original, poll=poll)
    if request.method == "POST":
        if form.is_valid():
            try:
                live.edit_poll(poll.pk, request.user, **_poll_changes(form))
            except live.PollRefused as refusal:
                _apply_refusal(form, refusal)
            else:
                messages.success(request, _("Le sondage est enregistré."))
                return redirect("debates_regie", page.pk)
        messages.error(request, _("Le sondage n'est pas enregistré : corrigez ce qui est signalé."))
    return TemplateResponse(
        request,
        "debates/admin/poll_edit.html",
        {
            "page": page,
            "poll": poll,
            "form": form,
            "header_title": _("Modifier le sondage"),
            "breadcrumbs_items": page_breadcrumbs(page, request.user, _("Régie du débat")),
        },
        status=400 if form.errors else 200,
    )


class RegieMenuItem(PageActionMenuItem):
    page_model = DebatePage
    label = gettext_lazy("Régie du débat")
    icon_name = "list-ul"
    url_name = "debates_regie"
    header_priority = 10
    listing_priority = 2

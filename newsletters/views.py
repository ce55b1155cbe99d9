"""Public views of the newsletters: the subscription form's POST and the pages of the emails' signed links.

- `subscribe` takes the form of a space's home, the network's home, a newsletter's page or the account page (plain
  POST, no JavaScript needed) and sends the visitor back where they came from (`next`, on this site only) with a
  message; a refused form comes back with its errors next to its fields (the data kept in the session for that one
  display, as the comments do).
- `confirm`, `unsubscribe` and `preferences` read a signed token (`newsletters.tokens`). GET shows a page with one
  button (mail scanners follow GET links: they must change nothing); POST acts. A tampered, unknown or expired token
  gets a polite page (404) and changes nothing. `unsubscribe` also takes the RFC 8058 one-click POST of mail
  providers (`List-Unsubscribe=One-Click`, no CSRF token: the signed token is the proof).
- Pages are themed with the newsletter's space.
"""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from cms.http import safe_next_url

from . import subscriptions, tokens
from .forms import AccountSubscriptionForm, PreferencesForm, SubscriptionForm
from .limits import ClientLimited
from .models import ConsentRecord, Subscription

FORM_STATE_KEY = "newsletters_form"
ACCOUNT_ORIGIN = "compte"
FORM_FIELDS = ("newsletter", "email", "language", "themes", "consent")


# -- the subscription form --------------------------------------------------------------------------------------------
def account_form(request, data=None):
    """The account page's form: the lists one may subscribe to, the account's verified addresses."""
    from allauth.account.models import EmailAddress

    addresses = EmailAddress.objects.filter(user=request.user, verified=True).order_by("-primary", "email")
    return AccountSubscriptionForm(
        data,
        newsletters=subscriptions.subscribable_newsletters(subscriptions.active_language()),
        addresses=[address.email for address in addresses],
        prefix="lettre-compte",
    )


def _keep_state(request, target, data, error=None):
    """Keep the refused form for its one display on the page it came from (`target`: a newsletter id or the
    account)."""
    request.session[FORM_STATE_KEY] = {
        "target": target,
        "data": {name: [value[:300] for value in values[:20]] for name, values in data.lists()},
        "error": str(error) if error else "",
    }


def form_state(request, target):
    """(data, error) of the refused form for `target`, once; (None, "") otherwise."""
    session = getattr(request, "session", None)
    if session is None or FORM_STATE_KEY not in session:
        return None, ""
    state = session.get(FORM_STATE_KEY) or {}
    if state.get("target") != target:
        return None, ""
    del session[FORM_STATE_KEY]
    return MultiValueDict(state.get("data") or {}), state.get("error") or ""


def bound_again(form, error):
    """A refused form shown again: its errors computed anew, plus the refusal that was not about a field."""
    form.is_valid()
    if error:
        form.add_error(None, error)
    return form


@require_POST
def subscribe(request):
    back = safe_next_url(request, "/")
    from_account = request.POST.get("origin") == ACCOUNT_ORIGIN and request.user.is_authenticated
    if from_account:
        form = account_form(request, request.POST)
        target, anchor, source = ACCOUNT_ORIGIN, "lettres", ConsentRecord.Source.ACCOUNT
    else:
        form = SubscriptionForm(request.POST)
        raw = request.POST.get("newsletter", "")
        target = int(raw) if raw.isascii() and raw.isdigit() and len(raw) < 19 else 0
        anchor, source = f"lettre-{target}", ConsentRecord.Source.WEB
    back = back.split("#")[0] + "#" + anchor
    kept = MultiValueDict({form.add_prefix(name): request.POST.getlist(form.add_prefix(name)) for name in FORM_FIELDS})
    if not form.is_valid():
        _keep_state(request, target, kept)
        return redirect(back)
    data = form.cleaned_data
    try:
        outcome = subscriptions.request_subscription(
            data["newsletter"],
            data["email"],
            data["language"],
            data["themes"],
            source,
            user=request.user,
            consent_text_shown=form.consent_text,
            request=request,
        )
    except ClientLimited as limited:
        _keep_state(request, target, kept, error=limited.message)
        return redirect(back)
    messages.success(request, outcome.message)
    return redirect(back)


# -- the signed links' pages ------------------------------------------------------------------------------------------
def _page(request, template, newsletter, context=None, status=200):
    """A page of the newsletters themed with the newsletter's space (the platform's theme without a newsletter)."""
    from cms.theming import default_theme

    if newsletter is not None:
        newsletter = subscriptions.newsletter_in(newsletter, subscriptions.active_language())
    full = {
        "newsletter": newsletter,
        "space": newsletter.collectivite_space if newsletter is not None else None,
        "site_theme": newsletter.site_theme if newsletter is not None else default_theme(),
        **(context or {}),
    }
    response = TemplateResponse(request, template, full, status=status)
    response["Referrer-Policy"] = "same-origin"  # the address holds the token: never passed on to another site
    response["X-Robots-Tag"] = "noindex"
    return response


def _invalid(request):
    return _page(request, "newsletters/invalid_link.html", None, status=404)


def _preferences_path(subscription):
    from django.urls import reverse

    return reverse("newsletters:preferences", kwargs={"token": tokens.make_token(subscription, tokens.PREFERENCES)})


@never_cache
@require_http_methods(["GET", "POST"])
def confirm(request, token):
    found = tokens.read_token(token, tokens.CONFIRM)
    if found is None:
        return _invalid(request)
    subscription = found.subscription
    if request.method == "POST":
        subscription = subscriptions.confirm(subscription, ConsentRecord.Source.EMAIL_LINK)
        return _page(
            request,
            "newsletters/confirmed.html",
            subscription.newsletter,
            {"subscription": subscription, "preferences_url": _preferences_path(subscription)},
        )
    return _page(request, "newsletters/confirm.html", subscription.newsletter, {"subscription": subscription})


def _resubscribe_form(subscription, data=None):
    newsletter = subscriptions.newsletter_in(subscription.newsletter, subscriptions.active_language())
    return SubscriptionForm(
        data,
        newsletter=newsletter,
        initial={"email": subscription.email, "language": subscription.language, "themes": subscription.themes},
        prefix="reinscription",
    )


def _unsubscribed(request, subscription, form=None, status=200):
    return _page(
        request,
        "newsletters/unsubscribed.html",
        subscription.newsletter,
        {"subscription": subscription, "form": form or _resubscribe_form(subscription)},
        status=status,
    )


@csrf_exempt  # RFC 8058: mail providers POST without a CSRF token; the signed token is the proof.
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    found = tokens.read_token(token, tokens.UNSUBSCRIBE)
    if found is None:
        return _invalid(request)
    subscription = found.subscription
    if request.method == "GET":
        return _page(request, "newsletters/unsubscribe.html", subscription.newsletter, {"subscription": subscription})
    if request.POST.get("List-Unsubscribe") == "One-Click":
        subscriptions.unsubscribe(subscription, ConsentRecord.Source.ONE_CLICK, delivery_id=found.delivery_id)
        return HttpResponse(_("Vous êtes désinscrit."), content_type="text/plain; charset=utf-8")
    if request.POST.get("action") == "reinscription":
        return _resubscribe(request, subscription)
    subscription = subscriptions.unsubscribe(
        subscription, ConsentRecord.Source.EMAIL_LINK, delivery_id=found.delivery_id
    )
    return _unsubscribed(request, subscription)


def _resubscribe(request, subscription):
    """The « Me réinscrire » form of the page shown after unsubscribing: double opt-in again, to the same address."""
    data = request.POST.copy()
    data["reinscription-email"] = subscription.email  # the address the link was sent to, never another
    data["reinscription-newsletter"] = str(
        subscriptions.newsletter_in(subscription.newsletter, subscriptions.active_language()).pk
    )
    form = _resubscribe_form(subscription, data)
    if not form.is_valid():
        return _unsubscribed(request, subscription, form, status=400)
    try:
        outcome = subscriptions.request_subscription(
            form.cleaned_data["newsletter"],
            subscription.email,
            form.cleaned_data["language"],
            form.cleaned_data["themes"],
            ConsentRecord.Source.EMAIL_LINK,
            user=request.user,
            consent_text_shown=form.consent_text,
            request=request,
        )
    except ClientLimited as limited:
        form.add_error(None, limited.message)
        return _unsubscribed(request, subscription, form, status=429)
    return _page(request, "newsletters/resubscribed.html", subscription.newsletter, {"message": outcome.message})


@never_cache
@require_http_methods(["GET", "POST"])
def preferences(request, token):
    found = tokens.read_token(token, tokens.PREFERENCES)
    if found is None:
        return _invalid(request)
    subscription = found.subscription
    if request.method == "POST" and request.POST.get("action") == "desinscription":
        subscription = subscriptions.unsubscribe(subscription, ConsentRecord.Source.EMAIL_LINK)
        return _unsubscribed(request, subscription)
    initial = {"language": subscription.language, "themes": subscription.themes}
    form = PreferencesForm(request.POST if request.method == "POST" else None, initial=initial)
    saved = False
    if form.is_bound and form.is_valid():
        subscription = subscriptions.update_preferences(
            subscription, form.cleaned_data["language"], form.cleaned_data["themes"], ConsentRecord.Source.EMAIL_LINK
        )
        saved = True
        form = PreferencesForm(initial={"language": subscription.language, "themes": subscription.themes})
    return _page(
        request,
        "newsletters/preferences.html",
        subscription.newsletter,
        {
            "subscription": subscription,
            "form": form,
            "saved": saved,
            "pending": subscription.status == Subscription.Status.PENDING,
        },
        status=400 if form.errors else 200,
    )

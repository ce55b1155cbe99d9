"""What the newsletters show in the pages of `cms` and hook into (registered when the app is ready).

Three parts, one per concern, each in its own function:
- subscribing: the subscription form on a space's home, on the national network and on the account page; what a
  person's subscriptions are, for the account page's download and deletion;
- issues: the digest sources `cms` itself cannot register (none: each app registers its own), the demo;
- sending: publishing an issue starts its sending, the beat sweep that resumes an interrupted one, the provider's
  tracking webhooks.
"""

from django.db import transaction

from cms.registry import Demo, registry

from .demo import ensure_demo_newsletters


def register():
    register_subscribing()
    register_issues()
    register_sending()


# -- subscribing -----------------------------------------------------------------------------------------------------
def subscription_form_context(newsletter, request):
    """The subscription form of `newsletter` (a page version) for this visitor: the refused one sent back by
    `views.subscribe` (its errors next to its fields), else a new one with the account's address filled in."""
    from .forms import SubscriptionForm
    from .views import bound_again, form_state

    data, error = form_state(request, newsletter.pk) if request is not None else (None, "")
    if data is not None:
        form = bound_again(SubscriptionForm(data, newsletter=newsletter), error)
    else:
        user = getattr(request, "user", None)
        initial = {"email": user.email} if user is not None and user.is_authenticated else {}
        form = SubscriptionForm(newsletter=newsletter, initial=initial)
    return {
        "newsletter": newsletter,
        "subscription_form": form,
        "next": request.get_full_path() if request is not None else "",
    }


def _child_newsletter(owner):
    from .models import NewsletterPage
    from .subscriptions import subscribable

    newsletter = NewsletterPage.objects.child_of(owner).live().first()
    if newsletter is not None:
        newsletter.__dict__["owner_page"] = owner  # its parent, known here (no query for it)
    return newsletter if subscribable(newsletter) else None


def space_panel(space, request):
    """The form on a space's home: only with a live newsletter and the package's newsletters."""
    if request is None or getattr(request, "is_preview", False) or not space.has_feature("newsletters"):
        return None
    newsletter = _child_newsletter(space)
    return subscription_form_context(newsletter, request) if newsletter is not None else None


def network_panel(home, request):
    if request is None or getattr(request, "is_preview", False):
        return None
    newsletter = _child_newsletter(home)
    return subscription_form_context(newsletter, request) if newsletter is not None else None


def account_panel(user, request):
    """The citizen's subscriptions on every list, with their state and the links to manage them, and the form that
    subscribes one of the account's verified addresses (ACTIVE at once)."""
    from django.urls import reverse

    from . import subscriptions, tokens
    from .views import ACCOUNT_ORIGIN, account_form, bound_again, form_state

    if request is None:
        return None
    language = subscriptions.active_language()
    rows = []
    for subscription in subscriptions.subscriptions_of(user).order_by("newsletter__title", "email_key"):
        rows.append(
            {
                "subscription": subscription,
                "title": subscriptions.newsletter_in(subscription.newsletter, language).title,
                "preferences_url": reverse(
                    "newsletters:preferences",
                    kwargs={"token": tokens.make_token(subscription, tokens.PREFERENCES)},
                ),
                "unsubscribe_url": reverse(
                    "newsletters:unsubscribe",
                    kwargs={"token": tokens.make_token(subscription, tokens.UNSUBSCRIBE)},
                ),
                "subscribed": subscription.status in (subscription.Status.ACTIVE, subscription.Status.PENDING),
            }
        )
    data, error = form_state(request, ACCOUNT_ORIGIN)
    form = bound_again(account_form(request, data), error) if data is not None else account_form(request)
    return {
        "rows": rows,
        "account_form": form,
        "origin": ACCOUNT_ORIGIN,
        "next": request.get_full_path(),
        "may_subscribe": bool(form.fields["newsletter"].choices and form.fields["email"].choices),
    }


def register_subscribing():
    from cms.registry import Panel, registry

    from . import personal_data

    registry.register_panel(
        "space_dashboard",
        Panel("newsletter_subscription", template="newsletters/panels/subscribe.html", context=space_panel, order=200),
    )
    registry.register_panel(
        "network_home",
        Panel("newsletter_subscription", template="newsletters/panels/subscribe.html", context=network_panel, order=80),
    )
    registry.register_panel(
        "account_profile",
        Panel("newsletter_subscriptions", template="newsletters/panels/account.html", context=account_panel, order=50),
    )
    registry.register_personal_data("newsletters", export=personal_data.export, erase=personal_data.erase)


# -- issues ----------------------------------------------------------------------------------------------------------
def register_issues():
    registry.register_demo(
        Demo(
            "newsletters",
            ensure_demo_newsletters,
            describe="Newsletters: {count} pages (a newsletter per space and the network's, a sent issue, a draft).",
            after=("consultations", "network", "academie", "barometre", "doleances"),
        )
    )


# -- sending ---------------------------------------------------------------------------------------------------------
RESUME_EVERY = 60.0  # seconds: the beat sweep that resumes interrupted sendings


def start_sending(sender, instance, **kwargs):
    """Publishing an issue (any language version, now or by the scheduled publishing) sends it: its `IssueSending`
    is recorded in the publishing's transaction, the fan-out is handed to Celery after the commit (the beat sweep
    catches up when the broker cannot take it). A second publish finds the sending and adds nobody."""
    from cms.queue import enqueue

    from .models import IssueSending

    if not instance.live:
        return  # Wagtail sends the signal for a revision scheduled for later too: it is sent when it goes live
    issue = instance.specific.original
    if not issue.live:
        # A translation published before its original: the original was never published (its row holds a draft),
        # so nothing is sent until the original itself is published.
        return
    IssueSending.objects.get_or_create(issue=issue)
    issue_id = issue.pk
    transaction.on_commit(lambda: enqueue("newsletters.fan_out", issue_id, if_unavailable="skip"))


def register_sending():
    from anymail.signals import tracking

    from wagtail.signals import page_published

    from cms.celery import app

    from . import tracking as newsletter_tracking
    from .models import NewsletterIssuePage

    page_published.connect(start_sending, sender=NewsletterIssuePage, dispatch_uid="newsletters_start_sending")
    tracking.connect(newsletter_tracking.on_tracking, dispatch_uid="newsletters_tracking")
    # The beat schedule is the settings' (cms); the newsletters add their sweep without being named there.
    app.conf.beat_schedule = {
        **(app.conf.beat_schedule or {}),
        "newsletters-resume-sending": {"task": "newsletters.resume_sending", "schedule": RESUME_EVERY},
    }

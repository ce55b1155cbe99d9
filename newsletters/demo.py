"""The newsletters' demo: a newsletter page in each demo space and on the national network; in the demo commune
(Villebrune-sur-Loire) `settings.NEWSLETTER_DEMO_SUBSCRIBERS` subscribers with their consent records, one issue
already sent (its deliveries with the statuses a provider would have reported) and one draft ready to send; and a
citizen account (its password in the demo's credentials file) subscribed from their profile.

Subscribers are on `@exemple.invalid` addresses (RFC 2606: the `.invalid` domain never resolves, nothing can be
delivered there), inserted with `bulk_create` in chunks. The sent issue gets its `IssueSending` with its fan-out and
its end already recorded, and its deliveries, *before* it is published: publishing an issue whose fan-out is done
sends nothing. The draft is a revision, never published: no sending starts. Safe to run again: what exists is left
as it is, nothing is doubled.
"""

import datetime
from itertools import islice

from django.conf import settings
from django.db.models import F, OuterRef, Subquery
from django.template import TemplateDoesNotExist
from django.utils import timezone
from django.utils.html import strip_tags

from cms.choices import PublicPolicyTheme
from cms.demo.content import SPACES
from cms.demo.content.common import AccountSpec
from cms.models import CollectiviteSpace

from . import rendering
from .models import (
    ConsentRecord,
    Delivery,
    IssueRendering,
    IssueSending,
    NewsletterIssuePage,
    NewsletterPage,
    Subscription,
    Suppression,
    normalise_email,
)

COMMUNE_SLUG = "villebrune-sur-loire"
NEWSLETTER_SLUG = "lettre-d-information"
DEMO_DOMAIN = "exemple.invalid"
CHUNK = 2000
SENT_SLUG = "numero-12"
DRAFT_SLUG = "numero-13"
DIGEST_SOURCES = ("news", "open_consultations", "new_results", "academie", "barometre", "doleances")
THEMES = PublicPolicyTheme.values

READER = AccountSpec(
    username="lectrice.villebrune",
    first_name="Claire",
    last_name="Lefebvre",
    email="claire.lefebvre@villebrune.example",
    role="citoyenne abonnée à la lettre de Villebrune-sur-Loire (/comptes/profil/)",
)

INTRODUCTIONS = {
    None: "Une fois par mois, les nouvelles du réseau AimPact : consultations citoyennes, Académie, résultats.",
    COMMUNE_SLUG: "Chaque mois, l'essentiel de la vie de la commune : actualités, consultations ouvertes, résultats "
    "et projets. Inscrivez-vous, choisissez vos thèmes, désinscrivez-vous en un clic.",
}
DEFAULT_INTRODUCTION = "Les nouvelles de votre collectivité et de ses consultations, dans votre boîte aux lettres."


def ensure_demo_newsletters(loader):
    """Create what is missing of the newsletters' demo; returns the pages made (empty when everything is there)."""
    created = []
    owners = [loader.home]
    slugs = [spec.page.slug for spec in SPACES]
    owners += sorted(
        CollectiviteSpace.objects.filter(locale=loader.french_locale, slug__in=slugs), key=lambda space: space.path
    )
    newsletters = {}
    for owner in owners:
        slug = None if owner.pk == loader.home.pk else owner.slug
        newsletters[slug] = _ensure_newsletter(loader, owner, slug, created)
    commune = newsletters.get(COMMUNE_SLUG)
    if commune is None:
        return created
    now = timezone.now()
    sent_at = (now - datetime.timedelta(days=21)).replace(hour=10, minute=0, second=0, microsecond=0)
    _ensure_subscribers(commune, settings.NEWSLETTER_DEMO_SUBSCRIBERS, now=now, sent_at=sent_at)
    _ensure_reader(loader, commune, confirmed_at=sent_at - datetime.timedelta(days=40))
    _ensure_sent_issue(loader, commune, sent_at, created)
    _ensure_draft_issue(loader, commune, created)
    return created


def _ensure_newsletter(loader, owner, slug, created):
    existing = NewsletterPage.objects.child_of(owner).first()
    if existing is not None:
        return existing.specific
    page = NewsletterPage(
        title="La lettre d'AimPact" if slug is None else f"La lettre de {owner.title}",
        slug=NEWSLETTER_SLUG,
        introduction=INTRODUCTIONS.get(slug, DEFAULT_INTRODUCTION),
        owner=loader.admin,
        locale=loader.french_locale,
    )
    owner.add_child(instance=page)
    loader.publish(page)
    created.append(page)
    return page


# -- subscribers -------------------------------------------------------------------------------------------------------
def _profile(number):
    """The status, language and themes of the demo's subscriber `number` (1, 2, …): a credible mix."""
    if number % 50 == 0:
        status = Subscription.Status.PENDING
    elif number % 100 == 1:
        status = Subscription.Status.UNSUBSCRIBED
    elif number % 200 == 3:
        status = Subscription.Status.SUPPRESSED
    else:
        status = Subscription.Status.ACTIVE
    language = "en" if number % 6 == 0 else "fr"
    themes = [] if number % 3 == 0 else sorted({THEMES[number % len(THEMES)], THEMES[(number // 7) % len(THEMES)]})
    return status, language, themes


def demo_address(number):
    return f"abonne.{number:06d}@{DEMO_DOMAIN}"


def _chunks(iterable, size=CHUNK):
    iterator = iter(iterable)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _ensure_subscribers(newsletter, count, *, now, sent_at):
    """`count` subscribers on the demo's addresses, with the consent records of what each did (made once)."""
    if Subscription.objects.filter(newsletter=newsletter, email_key__endswith=f"@{DEMO_DOMAIN}").exists():
        return 0
    consent_text = newsletter.get_consent_text()
    unsubscribed_at = sent_at + datetime.timedelta(days=2)
    suppressed_at = sent_at + datetime.timedelta(minutes=20)
    for numbers in _chunks(range(1, count + 1)):
        subscriptions = []
        for number in numbers:
            status, language, themes = _profile(number)
            pending = status == Subscription.Status.PENDING
            subscriptions.append(
                Subscription(
                    newsletter=newsletter,
                    email=demo_address(number),
                    email_key=demo_address(number),
                    language=language,
                    themes=themes,
                    status=status,
                    confirmed_at=None if pending else sent_at - datetime.timedelta(days=7 + number % 700),
                    confirmation_sent_at=now if pending else None,
                    unsubscribed_at=unsubscribed_at if status == Subscription.Status.UNSUBSCRIBED else None,
                )
            )
        Subscription.objects.bulk_create(subscriptions)
        ids = dict(
            Subscription.objects.filter(
                newsletter=newsletter, email_key__in=[each.email_key for each in subscriptions]
            ).values_list("email_key", "pk")
        )
        records = []
        for subscription in subscriptions:
            pk = ids[subscription.email_key]
            actions = [(ConsentRecord.Action.REQUESTED, ConsentRecord.Source.WEB)]
            if subscription.confirmed_at:
                actions.append((ConsentRecord.Action.CONFIRMED, ConsentRecord.Source.EMAIL_LINK))
            if subscription.status == Subscription.Status.UNSUBSCRIBED:
                actions.append((ConsentRecord.Action.UNSUBSCRIBED, ConsentRecord.Source.EMAIL_LINK))
            if subscription.status == Subscription.Status.SUPPRESSED:
                actions.append((ConsentRecord.Action.SUPPRESSED, ConsentRecord.Source.PROVIDER))
            records += [
                ConsentRecord(
                    subscription_id=pk,
                    action=action,
                    source=source,
                    list_title=newsletter.title,
                    consent_text=consent_text if action == ConsentRecord.Action.REQUESTED else "",
                    language=subscription.language,
                    themes=subscription.themes,
                )
                for action, source in actions
            ]
        ConsentRecord.objects.bulk_create(records, batch_size=CHUNK)
    # The dates `auto_now_add` set to now: put back when each thing happened (a few set-based updates).
    demo = Subscription.objects.filter(newsletter=newsletter, email_key__endswith=f"@{DEMO_DOMAIN}")
    demo.filter(confirmed_at__isnull=False).update(created_at=F("confirmed_at") - datetime.timedelta(minutes=7))
    records = ConsentRecord.objects.filter(subscription__in=demo)
    subscription = Subscription.objects.filter(pk=OuterRef("subscription_id"))
    records.filter(action=ConsentRecord.Action.REQUESTED).update(at=Subquery(subscription.values("created_at")[:1]))
    records.filter(action=ConsentRecord.Action.CONFIRMED).update(at=Subquery(subscription.values("confirmed_at")[:1]))
    records.filter(action=ConsentRecord.Action.UNSUBSCRIBED).update(at=unsubscribed_at)
    records.filter(action=ConsentRecord.Action.SUPPRESSED).update(at=suppressed_at)
    return count


def _ensure_reader(loader, newsletter, *, confirmed_at):
    """A citizen subscribed from their profile (their own verified address: active at once)."""
    user, _created = loader.ensure_account(READER)
    key = normalise_email(user.email)
    if Subscription.objects.filter(newsletter=newsletter, email_key=key).exists():
        return
    subscription = Subscription.objects.create(
        newsletter=newsletter,
        email=user.email,
        user=user,
        language="fr",
        themes=[PublicPolicyTheme.MOBILITY, PublicPolicyTheme.ENVIRONMENT],
        status=Subscription.Status.ACTIVE,
        confirmed_at=confirmed_at,
    )
    Subscription.objects.filter(pk=subscription.pk).update(created_at=confirmed_at)
    record = ConsentRecord.objects.create(
        subscription=subscription,
        action=ConsentRecord.Action.CONFIRMED,
        source=ConsentRecord.Source.ACCOUNT,
        list_title=newsletter.title,
        consent_text=newsletter.get_consent_text(),
        language="fr",
        themes=subscription.themes,
    )
    ConsentRecord.objects.filter(pk=record.pk).update(at=confirmed_at)


# -- issues ------------------------------------------------------------------------------------------------------------
def _paragraph(html):
    return {"type": "paragraph", "value": html}


SENT_BODY = [
    {"type": "heading", "value": "Le budget participatif est lancé"},
    _paragraph(
        "<p>Jusqu'à la fin du mois, proposez vos idées pour la commune : aménagements, nature en ville, sport, "
        "culture. Les projets retenus seront soumis au vote de tous les habitants.</p>"
    ),
    {"type": "heading", "value": "Travaux de la rue des Tanneurs"},
    _paragraph(
        "<p>La rue sera fermée à la circulation du 3 au 14, sauf pour les riverains. Les bus de la ligne 2 sont "
        "déviés par le quai Sud.</p>"
    ),
]

DRAFT_BODY = [
    _paragraph(
        "<p>Bonjour,</p><p>Voici ce qui s'est passé ce mois-ci à Villebrune-sur-Loire, et les consultations où votre "
        "avis est attendu.</p>"
    ),
    *({"type": "digest", "value": {"source": name, "title": "", "limit": 5, "days": 30}} for name in DIGEST_SOURCES),
]


def _issue(loader, newsletter, slug, title, preheader, body):
    issue = NewsletterIssuePage(
        title=title,
        slug=slug,
        preheader=preheader,
        body=body,
        owner=loader.admin,
        locale=loader.french_locale,
        live=False,
        has_unpublished_changes=True,
    )
    newsletter.add_child(instance=issue)
    issue.save_revision(user=loader.admin)
    return issue


def _ensure_sent_issue(loader, newsletter, sent_at, created):
    if NewsletterIssuePage.objects.child_of(newsletter).filter(slug=SENT_SLUG).exists():
        return
    issue = _issue(
        loader,
        newsletter,
        SENT_SLUG,
        "La lettre de Villebrune – n° 12",
        "Budget participatif, travaux rue des Tanneurs",
        SENT_BODY,
    )
    finished_at = sent_at + datetime.timedelta(minutes=12)
    sending = IssueSending.objects.create(issue=issue, fanned_out_at=sent_at, finished_at=finished_at)
    recipients = _sent_deliveries(issue, newsletter, sent_at)
    IssueSending.objects.filter(pk=sending.pk).update(started_at=sent_at, recipients=recipients)
    Delivery.objects.filter(issue=issue).update(created_at=sent_at)
    for language in ("fr", "en"):
        _freeze_rendering(issue, language)
    # Its fan-out is done: publishing it sends nothing (newsletters' sending part), it only shows in the archive.
    loader.publish(issue)
    NewsletterIssuePage.objects.filter(pk=issue.pk).update(first_published_at=sent_at, last_published_at=sent_at)
    created.append(issue)


def _sent_deliveries(issue, newsletter, sent_at):
    """One delivery per subscriber confirmed when the issue went out, with what the provider would have said."""
    subscribers = (
        Subscription.objects.filter(newsletter=newsletter, confirmed_at__lt=sent_at)
        .order_by("pk")
        .values_list("pk", "email", "email_key", "language", "status")
    )
    recipients = 0
    suppressed = []
    for chunk in _chunks(subscribers.iterator(chunk_size=CHUNK)):
        deliveries = []
        for pk, email, email_key, language, status in chunk:
            recipients += 1
            number = recipients
            out = sent_at + datetime.timedelta(seconds=number % 700)
            delivery = Delivery(
                issue=issue,
                subscription_id=pk,
                email=email,
                language=language,
                status=Delivery.Status.DELIVERED,
                message_id=f"demo-{issue.pk}-{pk}",
                attempts=1,
                sent_at=out,
                delivered_at=out + datetime.timedelta(seconds=40),
            )
            if status == Subscription.Status.SUPPRESSED:
                if number % 3 == 0:
                    delivery.status, delivery.complained_at = (
                        Delivery.Status.COMPLAINED,
                        out + datetime.timedelta(hours=5),
                    )
                    suppressed.append(Suppression(email_key=email_key, reason=Suppression.Reason.COMPLAINED))
                else:
                    delivery.status, delivery.delivered_at = Delivery.Status.BOUNCED, None
                    delivery.bounced_at = out + datetime.timedelta(minutes=1)
                    delivery.error = "550 5.1.1 Adresse inconnue"
                    suppressed.append(
                        Suppression(email_key=email_key, reason=Suppression.Reason.BOUNCED, detail=delivery.error)
                    )
            elif number % 150 == 7:
                delivery.status, delivery.delivered_at, delivery.sent_at = Delivery.Status.FAILED, None, None
                delivery.attempts, delivery.message_id = 3, ""
                delivery.error = "Refusé temporairement par le serveur du destinataire (3 tentatives)."
            elif number % 90 == 11:
                delivery.status, delivery.delivered_at = Delivery.Status.SENT, None
            if delivery.delivered_at and number % 5 in (0, 2):
                delivery.opened_at = out + datetime.timedelta(hours=1 + number % 48)
                if number % 4 == 0:
                    delivery.clicked_at = delivery.opened_at + datetime.timedelta(minutes=2)
            if status == Subscription.Status.UNSUBSCRIBED:
                delivery.unsubscribed_at = sent_at + datetime.timedelta(days=2)  # through this issue's link
            deliveries.append(delivery)
        Delivery.objects.bulk_create(deliveries)
    Suppression.objects.bulk_create(suppressed, ignore_conflicts=True, batch_size=CHUNK)
    return recipients


def _freeze_rendering(issue, language):
    """What was sent in `language`: the rendering part's own output where it can render, else plain words."""
    try:
        rendered = rendering.render_issue(issue, language)
        subject, html, text = rendered.subject, rendered.html, rendered.text
    except TemplateDoesNotExist:
        text = "\n\n".join(
            block["value"] if block["type"] == "heading" else _strip(block["value"]) for block in SENT_BODY
        )
        text += f"\n\n--\nSe désinscrire : {rendering.UNSUBSCRIBE_URL}\nPréférences : {rendering.PREFERENCES_URL}\n"
        subject, html = issue.title, "<html><body><pre>" + text + "</pre></body></html>"
    IssueRendering.objects.get_or_create(
        issue=issue,
        language=language,
        defaults={"source_page": issue, "subject": subject, "html": html, "text": text},
    )


def _strip(html):
    return strip_tags(html.replace("</p><p>", "\n\n"))


def _ensure_draft_issue(loader, newsletter, created):
    if NewsletterIssuePage.objects.child_of(newsletter).filter(slug=DRAFT_SLUG).exists():
        return
    issue = _issue(
        loader,
        newsletter,
        DRAFT_SLUG,
        "La lettre de Villebrune – n° 13",
        "Les actualités du mois et les consultations ouvertes",
        DRAFT_BODY,
    )
    created.append(issue)

"""Demo comments: a few residents of Villebrune discuss the demo consultations (loaded after them).

The residents are demo accounts without a usable password (nobody logs in as them): the demo's own citizen
(`citoyen.villebrune`, whose password the credentials file holds) comments, replies and supports on top of them.
"""

import datetime

from django.contrib.auth import get_user_model
from django.db.models import F
from django.utils import timezone

from .models import Comment, CommentUpvote

RESIDENTS = [
    ("demo.josiane", "Josiane", "Lebreton"),
    ("demo.karim", "Karim", "Benali"),
    ("demo.lea", "Léa", "Guérin"),
    ("demo.marc", "Marc", "Perrot"),
]

# slug: [(author, text, hours ago, [(author, reply, hours ago)], supporters)]
DISCUSSIONS = {
    "reamenagement-des-quais": [
        (
            "demo.josiane",
            "Je me promène sur les quais tous les matins : il manque surtout des bancs à l'ombre et un point d'eau. "
            "Les travaux pourraient-ils éviter l'été ?",
            50,
            [
                ("demo.karim", "D'accord pour les bancs. Et des arceaux pour les vélos près du marché, svp.", 30),
                ("demo.lea", "Le compte rendu du conseil municipal dit que le chantier commencerait en octobre.", 20),
            ],
            ["demo.karim", "demo.lea", "demo.marc"],
        ),
        (
            "demo.marc",
            "Attention au stationnement : si on supprime les places du quai, où se garent les commerçants le jour "
            "du marché ?\nUne navette depuis le parking de la gare serait une solution.",
            26,
            [("demo.josiane", "La navette du samedi existe déjà, il faudrait surtout mieux l'annoncer.", 12)],
            ["demo.josiane"],
        ),
        (
            "demo.lea",
            "Les plans sont consultables en mairie et sur https://villebrune.example/quais — pensez à regarder la "
            "partie sur les crues avant de voter.",
            6,
            [],
            [],
        ),
    ],
    "priorites-budget-2027": [
        (
            "demo.karim",
            "Pour moi la priorité reste l'école : la cantine est trop petite depuis deux ans.",
            40,
            [("demo.lea", "Parent d'élève aussi, je confirme : deux services et on mange en vingt minutes.", 22)],
            ["demo.lea", "demo.josiane"],
        ),
        (
            "demo.josiane",
            "Et l'entretien des routes de campagne ? Le chemin des Noues est dangereux à vélo.",
            15,
            [],
            ["demo.marc"],
        ),
    ],
    "eclairage-nocturne": [
        (
            "demo.marc",
            "Depuis l'essai, on revoit les étoiles depuis le jardin. Très favorable à la généralisation.",
            24 * 30,
            [
                (
                    "demo.karim",
                    "Sauf rue de la Gare, où l'on rentre à pied du dernier train : là il faut garder.",
                    24 * 29,
                )
            ],
            ["demo.josiane", "demo.lea"],
        ),
    ],
}


def _residents():
    from allauth.account.models import EmailAddress

    user_model = get_user_model()
    residents = {}
    for username, first_name, last_name in RESIDENTS:
        user, created = user_model.objects.get_or_create(
            username=username,
            defaults={"first_name": first_name, "last_name": last_name, "email": f"{username}@villebrune.example"},
        )
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
            EmailAddress.objects.get_or_create(
                user=user, email=user.email, defaults={"verified": True, "primary": True}
            )
        residents[username] = user
    return residents


def _comment(page, author, text, hours_ago, parent=None):
    comment = Comment.objects.create(page=page, author=author, text=text, parent=parent)
    when = timezone.now() - datetime.timedelta(hours=hours_ago)
    Comment.objects.filter(pk=comment.pk).update(created_at=when)  # auto_now_add: dated afterwards
    return comment


def ensure_demo_comments(loader):
    """Comment the demo consultations unless they already have comments; returns the comments made."""
    from consultations.models import ConsultationPage

    pages = {
        page.slug: page
        for page in ConsultationPage.objects.filter(slug__in=DISCUSSIONS, locale=loader.french_locale)
        if page.ballot_box.pk == page.pk
    }
    if not pages or Comment.objects.filter(page__in=pages.values()).exists():
        return []
    residents = _residents()
    created = []
    for slug, threads in DISCUSSIONS.items():
        page = pages.get(slug)
        if page is None:
            continue
        for author, text, hours_ago, replies, supporters in threads:
            comment = _comment(page, residents[author], text, hours_ago)
            created.append(comment)
            for reply_author, reply, reply_hours in replies:
                created.append(_comment(page, residents[reply_author], reply, reply_hours, parent=comment))
            for supporter in supporters:
                CommentUpvote.objects.create(comment=comment, user=residents[supporter])
            Comment.objects.filter(pk=comment.pk).update(upvotes_count=F("upvotes_count") + len(supporters))
    return created

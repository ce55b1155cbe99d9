"""The groups' demo: in Villebrune-sur-Loire (Premium), « Parents d'élèves du quartier des Coteaux », moderated by
Camille (the demo citizen), with members, posts and replies, a message to the commune and the commune's answer
(by the demo admin); and one national group, which proposed the network's demo consultation on school canteens.
Idempotent: nothing is made again once the Villebrune group exists."""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from cms.demo.accounts import CITIZEN
from cms.models import CollectiviteSpace, Territory

from .models import CitizenGroup, GroupMembership, GroupMessage, GroupPost, GroupProposal, Role

COTEAUX = "parents-eleves-coteaux"
NATIONAL = "cantines-bio-partout"


def _post(group, author, text, hours_ago, parent=None):
    item = GroupPost.objects.create(group=group, author=author, text=text, parent=parent)
    GroupPost.objects.filter(pk=item.pk).update(created_at=timezone.now() - datetime.timedelta(hours=hours_ago))
    return item


def _group(slug, name, description, theme, territory, space, creator, members):
    group = CitizenGroup.objects.create(
        name=name,
        slug=slug,
        description=description,
        theme=theme,
        territory=territory,
        space=space,
        created_by=creator,
        members_count=1 + len(members),
    )
    GroupMembership.objects.create(group=group, user=creator, role=Role.MODERATOR)
    for member in members:
        GroupMembership.objects.create(group=group, user=member, role=Role.MEMBER)
    return group


def ensure_demo_groups(loader):
    from consultations.comments.demo import _residents  # the demo's residents of Villebrune (made if missing)

    if CitizenGroup.objects.filter(slug=COTEAUX).exists():
        return []
    user_model = get_user_model()
    if not user_model.objects.filter(username=CITIZEN.username).exists() and hasattr(loader, "ensure_citizen"):
        # The loader makes its citizen after the features' demos: made here (the same call, idempotent; the loader
        # reports her login once, when it makes its own call).
        loader.ensure_citizen(loader.store)
    camille = user_model.objects.filter(username=CITIZEN.username).first()
    space = CollectiviteSpace.objects.filter(territory__kind="commune", territory__code="44990").order_by("pk").first()
    if camille is None or space is None:
        return []
    residents = _residents()
    karim, lea, josiane = residents["demo.karim"], residents["demo.lea"], residents["demo.josiane"]
    coteaux = _group(
        COTEAUX,
        "Parents d'élèves du quartier des Coteaux",
        "Nous sommes des parents des écoles Jules-Ferry et des Coteaux. Nous voulons des trajets plus sûrs vers "
        "l'école, une cantine de qualité et un accueil périscolaire qui tienne compte des horaires des familles.",
        "education",
        space.territory,
        space,
        camille,
        [karim, lea, josiane],
    )
    first = _post(
        coteaux,
        camille,
        "Bienvenue à toutes et à tous ! Premier sujet : la traversée de l'avenue des Coteaux à l'heure de l'entrée "
        "en classe. Qui a déjà vu des voitures passer trop vite ?",
        72,
    )
    _post(
        coteaux, karim, "Tous les matins. Un passage piéton surélevé et un agent à 8 h 20 changeraient tout.", 70, first
    )
    _post(coteaux, lea, "D'accord. Je peux compter les voitures un matin pour appuyer notre demande.", 60, first)
    _post(
        coteaux,
        josiane,
        "Autre sujet : l'accueil du soir ferme à 18 h 15, trop tôt pour beaucoup de parents qui travaillent à Nantes.",
        30,
    )
    message = GroupMessage.objects.create(
        group=coteaux,
        sent_by=camille,
        space=space,
        subject="Sécuriser la traversée de l'avenue des Coteaux",
        body="Madame la Maire,\n\nLes parents d'élèves du quartier des Coteaux demandent un passage piéton surélevé "
        "devant l'école et la présence d'un agent aux heures d'entrée et de sortie. Nous avons compté 240 voitures "
        "entre 8 h et 8 h 30, dont beaucoup au-dessus de 30 km/h.\n\nLe groupe des parents d'élèves",
        answer="Merci pour votre message et pour vos comptages. Un plateau surélevé est inscrit aux travaux de "
        "l'été prochain ; d'ici là, un agent sera présent devant l'école à partir de la rentrée de janvier. Nous "
        "vous proposons d'en parler lors du prochain conseil de quartier.\n\nHélène Marchand, maire",
        answered_by=loader.admin,
        answered_at=timezone.now() - datetime.timedelta(hours=20),
    )
    now = timezone.now()
    GroupMessage.objects.filter(pk=message.pk).update(  # no email for the demo's own round trip
        sent_at=now - datetime.timedelta(hours=48), editors_notified_at=now, group_notified_at=now
    )
    created = [coteaux]
    territory = Territory.objects.filter(kind="departement", code="44").first() or space.territory
    national = _group(
        NATIONAL,
        "Pour des cantines bio et locales partout",
        "Des parents et des élus de tout le pays qui veulent des repas bio et locaux dans chaque cantine scolaire.",
        "education",
        territory,
        None,
        lea,
        [karim, josiane],
    )
    _post(national, lea, "Nous avons proposé une consultation nationale sur les cantines : votez et faites voter !", 12)
    from consultations.network.models import Proposal

    proposal = Proposal.objects.filter(page__slug__startswith="faut-il-generaliser-les-cantines").first()
    if proposal is not None and not GroupProposal.objects.filter(proposal=proposal).exists():
        GroupProposal.objects.create(group=national, proposal=proposal)
    created.append(national)
    return created

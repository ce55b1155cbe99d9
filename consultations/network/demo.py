"""The network's demo: the national index « Consultations citoyennes » (with the moderation workflow), a moderator,
a citizen who proposed three consultations (one approved and open on the wall, one waiting, one asked to change),
and citizens' wish to be told of openings.

The moderator's and the citizen's passwords are kept in the demo's credentials file and printed with the other
logins (`DemoLoader.ensure_account`).
"""

from django.utils import timezone

from cms.demo.content.common import AccountSpec
from consultations.models import ConsultationIndexPage

from .models import OpeningEmailPreference, ProposalState, Scope
from .moderation import moderators_group

MODERATOR = AccountSpec(
    username="moderateur.aimpact",
    first_name="Sacha",
    last_name="Martin",
    email="moderation@aimpact.example",
    role="modérateur AimPact des consultations citoyennes (/admin/)",
)
PROPOSER = AccountSpec(
    username="citoyen.proposeur",
    first_name="Noé",
    last_name="Garnier",
    email="noe.garnier@villebrune.example",
    role="citoyen qui propose des consultations (/reseau/proposer/)",
)


def _values(title, summary, description, theme, questions, territory=None, scope=Scope.NATIONAL, start=None):
    return {
        "title": title,
        "summary": summary,
        "description": description,
        "theme": theme,
        "start_date": start or timezone.localdate(),
        "duration_days": 30,
        "scope": scope,
        "territory": territory,
        "questions": questions,
    }


PROPOSALS = [
    (
        ProposalState.APPROVED,
        _values(
            "Faut-il généraliser les cantines bio et locales ?",
            "Les cantines scolaires servent-elles assez de produits bio et locaux ? Donnez votre avis sur une "
            "généralisation dans toutes les écoles.",
            "La loi fixe un objectif de produits durables dans la restauration collective, mais les situations "
            "varient beaucoup d'une commune à l'autre.\n\nCette consultation demande aux citoyens s'ils "
            "souhaitent une généralisation, et à quel coût pour les familles.",
            "education",
            [
                {"type": "yes_no", "label": "Êtes-vous favorable à des cantines 100 % bio et locales ?", "choices": []},
                {
                    "type": "single_choice",
                    "label": "Quelle hausse du prix du repas accepteriez-vous ?",
                    "choices": ["Aucune", "Jusqu'à 20 centimes", "Jusqu'à 50 centimes", "Plus de 50 centimes"],
                },
            ],
        ),
        "",
    ),
    (
        ProposalState.PENDING,
        _values(
            "Des pistes cyclables continues entre les communes voisines",
            "Relier les bourgs voisins par des pistes cyclables sécurisées : quelles liaisons sont prioritaires ?",
            "Beaucoup de trajets quotidiens font moins de dix kilomètres mais se font en voiture faute d'itinéraire "
            "sûr. Cette consultation propose de recenser les liaisons que les habitants emprunteraient à vélo.",
            "mobilite",
            [{"type": "long_text", "label": "Quelle liaison cyclable vous manque le plus ?", "choices": []}],
        ),
        "",
    ),
    (
        ProposalState.CHANGES_REQUESTED,
        _values(
            "Ouvrir les bibliothèques municipales le dimanche",
            "Les bibliothèques devraient-elles ouvrir le dimanche, quitte à fermer un autre jour ?",
            "Plusieurs villes ont ouvert leurs bibliothèques le dimanche avec succès. Cette consultation "
            "demande si les habitants le souhaitent et quel jour de fermeture ils accepteraient en échange.",
            "culture",
            [{"type": "yes_no", "label": "Souhaitez-vous une ouverture le dimanche ?", "choices": []}],
        ),
        "Précisez le jour de fermeture proposé en échange, et ajoutez une question sur les horaires.",
    ),
]


def ensure_demo_network(loader):
    """Create the national index and the demo proposals unless the index exists; returns the pages made."""
    from wagtail.models import TaskState

    from .services import create_proposal, national_index

    moderator, proposer = _accounts(loader)
    if national_index() is not None:
        return []
    index = ConsultationIndexPage(
        title="Consultations citoyennes",
        slug="consultations-citoyennes",
        introduction="Les consultations proposées par les citoyens du réseau, vérifiées par l'équipe AimPact.",
        owner=loader.admin,
        locale=loader.french_locale,
    )
    loader.home.add_child(instance=index)
    loader.publish(index)
    created = [index]
    for state, values, message in PROPOSALS:
        proposal = create_proposal(proposer, values, language="fr")
        created.append(proposal.page)
        task_state = TaskState.objects.get(pk=proposal.page.current_workflow_task_state.pk)
        if state == ProposalState.APPROVED:
            task_state.specific.task.specific.on_action(task_state, moderator, "approve")
        elif state == ProposalState.CHANGES_REQUESTED:
            task_state.specific.task.specific.on_action(task_state, moderator, "request_changes", comment=message)
    OpeningEmailPreference.objects.get_or_create(user=proposer, defaults={"opening_emails": True})
    return created


def _accounts(loader):
    """The moderator and the proposing citizen, printed with the demo's other logins."""
    moderator, _created = loader.ensure_account(MODERATOR, groups=[moderators_group()])
    proposer, created = loader.ensure_account(PROPOSER)
    if created:
        from cms.models import Territory

        proposer.commune = Territory.objects.filter(kind="commune", code="44990").first()
        proposer.save(update_fields=["commune"])
    return moderator, proposer

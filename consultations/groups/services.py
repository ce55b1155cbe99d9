"""What citizens, group moderators and collectivités' editors do with citizen groups: the one place for the rules,
used by the web views, the API and the admin.

- **Where**: a group lives in a collectivité's space whose package has `citizen_groups` (Premium, Sur-mesure) or
  on the national network (no space). An Essentiel space takes no group (`creation_refusal()` says why).
- **Who**: a logged-in citizen with a verified address (the comments' `check_citizen`) creates a group (3 a day),
  joins and leaves it; members post and reply (one level deep; the comments' text rules and a posting limit of the
  same size, `limits.py`) and propose a consultation (the network's proposal flow, `propose()`); the group's
  moderators (its creator, the members they choose), the « Modérateurs AimPact » and superusers hide and restore
  posts (with a reason), name and remove moderators and remove members, and send the group's formal messages to its
  collectivité. The last moderator of a group cannot leave or step down without handing over.
- **Messages**: addressed to the group's space or, for a national group, to the space whose territory contains the
  group's (none: `recipient_space()` is None and the page says so); the space's editors answer in the admin.
  Emails go after the commit through Celery (`tasks.py`), each claimed once.
- Every write is one transaction; members are counted under the group's row lock.
"""

import unicodedata

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from cms import page_cache
from cms.models import CollectiviteSpace, PlatformHomePage, Territory
from consultations.comments import services as comment_services
from consultations.network.moderation import is_moderator as is_network_moderator
from consultations.network.services import create_proposal

from . import limits
from .models import (
    ANSWER_MAX_LENGTH,
    DESCRIPTION_MAX_LENGTH,
    MESSAGE_BODY_MAX_LENGTH,
    MESSAGE_SUBJECT_MAX_LENGTH,
    NAME_MAX_LENGTH,
    POST_MAX_LENGTH,
    REASON_MAX_LENGTH,
    CitizenGroup,
    GroupMembership,
    GroupMessage,
    GroupPost,
    GroupProposal,
    GroupState,
    PostStatus,
    Role,
)

FEATURE = "citizen_groups"
PAGE_SIZE = 20


class GroupRefused(Exception):
    """A refusal with its message for the citizen, a code for the API, the HTTP status and the field it is about."""

    def __init__(self, code, message, status=400, field=None):
        super().__init__(code, message)
        self.code, self.message, self.status, self.field = code, message, status, field


# -- availability --------------------------------------------------------------------------------------------------


def essentiel_message():
    return _(
        "Les groupes citoyens ne sont pas proposés dans l'espace de cette collectivité : ils font partie des offres "
        "Premium et Sur-mesure. Vous pouvez créer un groupe sur le réseau national d'AimPact."
    )


def creation_refusal(space):
    """Why no group may be created in `space` (None: the national network), or None when it may."""
    if space is not None and not space.has_feature(FEATURE):
        return essentiel_message()
    return None


def recipient_space(group):
    """The collectivité the group writes to: its space, or for a national group the space (with groups or not) whose
    territory contains the group's, the closest first; None when no collectivité of that territory is on AimPact."""
    if group.space_id:
        return group.space
    containing = Territory.objects.filter(pk=group.territory_id).containing_ids()
    spaces = list(CollectiviteSpace.objects.filter(territory_id__in=containing, live=True).select_related("territory"))
    order = {"commune": 0, "epci": 1, "departement": 2, "outre_mer": 2, "region": 3}
    spaces.sort(key=lambda space: (order.get(space.territory.kind, 9), space.pk))
    return spaces[0] if spaces else None


# -- who -----------------------------------------------------------------------------------------------------------


def check_citizen(user):
    try:
        comment_services.check_citizen(user)
    except comment_services.CommentRefused as refusal:
        raise GroupRefused(refusal.code, refusal.message, refusal.status) from refusal


def membership(group, user):
    if user is None or not user.is_authenticated:
        return None
    return GroupMembership.objects.filter(group=group, user=user).first()


def may_moderate(group, user, member=None):
    """The group's moderators, AimPact's moderators and superusers."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    member = member if member is not None else membership(group, user)
    if member is not None and member.is_moderator:
        return True
    return is_network_moderator(user)


def speaks_for(group, user):
    """The group's own moderators: they send its messages."""
    member = membership(group, user)
    return member is not None and member.is_moderator


def _require_member(group, user, message=None):
    check_citizen(user)
    member = membership(group, user)
    if member is None:
        raise GroupRefused("not_member", message or _("Rejoignez le groupe pour y participer."), status=403)
    return member


def _require_moderator(group, user):
    if user is None or not user.is_authenticated:
        raise GroupRefused("login_required", _("Connectez-vous pour modérer ce groupe."), status=403)
    if not may_moderate(group, user):
        raise GroupRefused("not_moderator", _("Seuls les modérateurs du groupe peuvent faire cela."), status=403)


def _require_active(group):
    if not group.is_active:
        raise GroupRefused("closed", _("Ce groupe est fermé : il ne reçoit plus de participation."), status=403)


def author_name(user):
    return comment_services.author_name(user)


# -- texts ---------------------------------------------------------------------------------------------------------


def clean_text(text, *, field, max_length, empty_message, single_line=False):
    """The comments' cleaning (line endings, invisible characters dropped, trimmed) with this field's limit."""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n")
    text = "".join(
        char for char in text if char in "\n\t" or unicodedata.category(char) not in ("Cc", "Cs", "Co", "Cn")
    )
    if single_line:
        text = " ".join(text.split())
    text = text.strip()
    if not text:
        raise GroupRefused("empty", empty_message, field=field)
    if len(text) > max_length:
        raise GroupRefused(
            "too_long",
            _("Ce texte fait %(length)d caractères : %(max)d au plus.") % {"length": len(text), "max": max_length},
            field=field,
        )
    return text


def _invalidate(group):
    """The pages whose panels list groups: the group's space, or the network's home."""
    if group.space_id:
        page_cache.invalidate_pages([group.space_id])
    else:
        page_cache.invalidate_pages(PlatformHomePage.objects.values_list("pk", flat=True))


# -- groups --------------------------------------------------------------------------------------------------------


RESERVED_SLUGS = {"nouveau"}  # /groupes/nouveau/ is the creation page (`web_urls.py`)


def _unique_slug(name):
    base = slugify(name)[:120].strip("-") or "groupe"
    slug, number = base, 1
    if slug in RESERVED_SLUGS:
        number, slug = 2, f"{base}-2"
    while CitizenGroup.objects.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug


def create_group(user, *, name, description, theme, territory, space=None):
    """A group, its creator as its first moderator; all or nothing. Name unique per territory (case-insensitive)."""
    check_citizen(user)
    refusal = creation_refusal(space)
    if refusal:
        raise GroupRefused("unavailable", refusal, status=403)
    name = clean_text(
        name, field="name", max_length=NAME_MAX_LENGTH, empty_message=_("Donnez un nom au groupe."), single_line=True
    )
    description = clean_text(
        description,
        field="description",
        max_length=DESCRIPTION_MAX_LENGTH,
        empty_message=_("Décrivez le sujet du groupe."),
    )
    if territory is None:
        raise GroupRefused("territory_required", _("Indiquez le territoire du groupe."), field="territory")
    if space is not None and territory.pk not in set(
        Territory.objects.within(space.territory).values_list("pk", flat=True)
    ):
        raise GroupRefused(
            "territory_outside",
            _("Le territoire du groupe doit être celui de la collectivité (%(name)s) ou l'une de ses communes.")
            % {"name": space.territory.name},
            field="territory",
        )
    taken = _("Un groupe porte déjà ce nom sur ce territoire : choisissez-en un autre ou rejoignez-le.")
    if CitizenGroup.objects.filter(name__iexact=name, territory=territory).exists():
        raise GroupRefused("name_taken", taken, status=409, field="name")
    try:
        with transaction.atomic():
            limits.count_creation(user)
            group = CitizenGroup.objects.create(
                name=name,
                slug=_unique_slug(name),
                description=description,
                theme=theme,
                territory=territory,
                space=space,
                created_by=user,
                members_count=1,
            )
            GroupMembership.objects.create(group=group, user=user, role=Role.MODERATOR)
            _invalidate(group)
    except IntegrityError as error:  # the same name at the same moment (the constraint), or the same slug
        raise GroupRefused("name_taken", taken, status=409, field="name") from error
    return group


def _locked(group):
    return CitizenGroup.objects.select_for_update().get(pk=group.pk)


def join(group, user):
    """Join (nothing changes when already a member)."""
    check_citizen(user)
    _require_active(group)
    with transaction.atomic():
        locked = _locked(group)
        member, created = GroupMembership.objects.get_or_create(group=locked, user=user)
        if created:
            CitizenGroup.objects.filter(pk=group.pk).update(members_count=F("members_count") + 1)
            _invalidate(group)
    return member


def _last_moderator(group, member):
    return (
        member.is_moderator
        and not GroupMembership.objects.filter(group=group, role=Role.MODERATOR).exclude(pk=member.pk).exists()
    )


HAND_OVER = _(
    "Vous êtes le seul modérateur ou la seule modératrice du groupe : nommez d'abord un autre membre modérateur "
    "(page du groupe, « Membres »), puis vous pourrez partir."
)


def _remove(group, member):
    member.delete()
    CitizenGroup.objects.filter(pk=group.pk).update(members_count=F("members_count") - 1)
    _invalidate(group)


def leave(group, user):
    with transaction.atomic():
        locked = _locked(group)
        member = GroupMembership.objects.select_for_update().filter(group=locked, user=user).first()
        if member is None:
            return False
        if _last_moderator(locked, member) and locked.members_count > 1:
            raise GroupRefused("last_moderator", HAND_OVER, status=409)
        _remove(locked, member)
    return True


def _member_of(group, membership_id):
    try:
        membership_id = int(membership_id)
    except (TypeError, ValueError):
        membership_id = 0
    member = GroupMembership.objects.select_for_update().filter(pk=membership_id, group=group).first()
    if member is None:  # another group's member (a forged id) is not found here
        raise GroupRefused("member_not_found", _("Ce membre n'appartient pas au groupe."), status=404)
    return member


def set_role(group, actor, membership_id, role):
    """Name a member moderator, or make a moderator a member again (never the last one)."""
    if role not in Role.values:
        raise GroupRefused("invalid_role", _("Rôle inconnu."), field="role")
    with transaction.atomic():
        locked = _locked(group)
        _require_moderator(locked, actor)
        member = _member_of(locked, membership_id)
        if role == Role.MEMBER and _last_moderator(locked, member):
            raise GroupRefused("last_moderator", _("Le groupe doit garder au moins un modérateur."), status=409)
        member.role = role
        member.save(update_fields=["role"])
    return member


def remove_member(group, actor, membership_id):
    with transaction.atomic():
        locked = _locked(group)
        _require_moderator(locked, actor)
        member = _member_of(locked, membership_id)
        if _last_moderator(locked, member):
            raise GroupRefused("last_moderator", _("Le groupe doit garder au moins un modérateur."), status=409)
        _remove(locked, member)


# -- posts ---------------------------------------------------------------------------------------------------------


def post(group, user, text, parent_id=None):
    """A member's post, or a reply (a reply to a reply goes under its top-level post: one level only)."""
    _require_member(group, user, _("Rejoignez le groupe pour y publier."))
    _require_active(group)
    text = clean_text(
        text, field="text", max_length=POST_MAX_LENGTH, empty_message=_("Écrivez votre message avant de l'envoyer.")
    )
    parent = None
    if parent_id not in (None, ""):
        try:
            parent_id = int(parent_id)
        except (TypeError, ValueError):
            parent_id = 0
        parent = GroupPost.objects.filter(pk=parent_id, group=group).first() if 0 < parent_id < 2**63 else None
        if parent is None:
            raise GroupRefused("parent_not_found", _("Le message auquel vous répondez n'existe pas."), field="parent")
        if parent.parent_id is not None:
            parent = GroupPost.objects.get(pk=parent.parent_id)
        if not parent.shows_text:
            raise GroupRefused("parent_unavailable", _("Ce message ne reçoit plus de réponse."), 403, "parent")
    with transaction.atomic():
        limits.count_post(user)  # raises GroupLimited (its count goes back with the transaction)
        return GroupPost.objects.create(group=group, author=user, parent=parent, text=text)


def moderate_post(post_id, user, action, reason, group=None):
    """Hide or restore a post (with a reason). `group`, when given, must be the post's (a forged id is a 404)."""
    if action not in ("hide", "restore"):
        raise GroupRefused("invalid_action", _("Action inconnue : hide ou restore."), field="action")
    reason = clean_text(
        reason,
        field="reason",
        max_length=REASON_MAX_LENGTH,
        empty_message=_("Indiquez le motif de votre décision."),
        single_line=True,
    )
    with transaction.atomic():
        item = GroupPost.objects.select_for_update().select_related("group").filter(pk=post_id).first()
        if item is None or (group is not None and item.group_id != group.pk):
            raise GroupRefused("not_found", _("Ce message n'existe pas."), status=404)
        _require_moderator(item.group, user)
        if item.status == PostStatus.DELETED:
            raise GroupRefused("deleted", _("Ce message a été supprimé par son auteur."), status=409)
        item.status = PostStatus.HIDDEN if action == "hide" else PostStatus.VISIBLE
        item.hidden_reason = reason
        item.moderated_by, item.moderated_at = user, timezone.now()
        item.save(update_fields=["status", "hidden_reason", "moderated_by", "moderated_at"])
    return item


def visible_threads(group, posts=None):
    """Top-level posts (newest first) with their replies (oldest first). Hidden ones stay as a placeholder."""
    posts = posts if posts is not None else GroupPost.objects.filter(group=group, parent=None)
    posts = list(posts.select_related("author", "moderated_by")) if hasattr(posts, "select_related") else list(posts)
    replies = {}
    for reply in GroupPost.objects.filter(parent__in=posts).select_related("author").order_by("created_at", "pk"):
        replies.setdefault(reply.parent_id, []).append(reply)
    for item in posts:
        item.thread_replies = replies.get(item.pk, [])
    return posts


# -- messages ------------------------------------------------------------------------------------------------------


def send_message(group, user, subject, body):
    _require_active(group)
    check_citizen(user)
    if not speaks_for(group, user):  # AimPact's moderators moderate any group but never write in its name
        raise GroupRefused("not_moderator", _("Seuls les modérateurs du groupe peuvent faire cela."), status=403)
    space = recipient_space(group)
    if space is None:
        raise GroupRefused("no_collectivite", no_collectivite_message(group), status=409)
    subject = clean_text(
        subject,
        field="subject",
        max_length=MESSAGE_SUBJECT_MAX_LENGTH,
        empty_message=_("Indiquez l'objet du message."),
        single_line=True,
    )
    body = clean_text(body, field="body", max_length=MESSAGE_BODY_MAX_LENGTH, empty_message=_("Écrivez le message."))
    with transaction.atomic():
        limits.count_message(user)
        message = GroupMessage.objects.create(group=group, sent_by=user, space=space, subject=subject, body=body)
        transaction.on_commit(lambda: _enqueue("citizen_groups.notify_editors", message.pk))
    return message


def no_collectivite_message(group):
    return _(
        "Aucune collectivité de ce territoire (%(territory)s) n'est encore sur AimPact : le groupe ne peut pas lui "
        "écrire ici."
    ) % {"territory": group.territory.name}


def answer_message(message_id, user, answer, *, spaces=None):
    """The space's answer (one; its editors may correct it). `spaces`: the space ids the editor may answer for
    (None: not confined). The group's moderators are emailed after the first answer only."""
    answer = clean_text(answer, field="answer", max_length=ANSWER_MAX_LENGTH, empty_message=_("Écrivez la réponse."))
    with transaction.atomic():
        message = GroupMessage.objects.select_for_update().filter(pk=message_id).first()
        if message is None or (spaces is not None and message.space_id not in spaces):
            raise GroupRefused("not_found", _("Ce message n'existe pas."), status=404)
        first = message.answered_at is None
        message.answer = answer
        message.answered_by = user
        message.answered_at = message.answered_at or timezone.now()
        message.save(update_fields=["answer", "answered_by", "answered_at"])
        if first:
            transaction.on_commit(lambda: _enqueue("citizen_groups.notify_answer", message.pk))
    return message


def _enqueue(task, *args):
    from cms.queue import enqueue

    enqueue(task, *args, if_unavailable="skip")


# -- proposals -----------------------------------------------------------------------------------------------------


def propose(group, user, values, language="fr"):
    """The network's proposal (its checks already passed by the caller), linked to the group: one transaction."""
    _require_member(group, user, _("Rejoignez le groupe pour proposer une consultation en son nom."))
    _require_active(group)
    with transaction.atomic():
        proposal = create_proposal(user, values, language=language)
        GroupProposal.objects.create(group=group, proposal=proposal)
    return proposal


def group_of_page(page_id):
    """The group that proposed this consultation page, or None."""
    link = GroupProposal.objects.select_related("group").filter(proposal__page_id=page_id).first()
    return link.group if link else None


def active_groups():
    return CitizenGroup.objects.active().select_related("territory", "space")


__all__ = ["GroupRefused", "GroupState"]

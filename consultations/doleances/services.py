"""Filling the cahier de doléances and carrying its entries.

- `sync_entry(page)`: the entry of a consultation, made or refreshed from its frozen results (`ResultsSnapshot`) and
  its live versions. Called when the results are frozen, when a version is published, unpublished, moved or
  deleted, and when a view restriction (a space's access code) changes above it (`signals.py`); `rebuild()` does it
  for every consultation (`manage.py rebuild_doleances`). An entry is `published` only while one version of the
  consultation is live, public (no restriction on it or above it: a space with an access code is private) and
  listed in a consultations index; the public views check the page again before showing anything.
- `carry(entry, user, …)`: the refusals in order (not visible → below the threshold → not allowed → already
  carried), then one `Carrying` row. The row's unique entry is what makes a double submit or two people at once carry
  it once: the second insert fails and gets the « already carried » refusal.
"""

import copy
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from wagtail.models import Page

from consultations.models import ConsultationPage, ResultsSnapshot
from consultations.results import relabel

from .models import ArchiveEntry, Carrying, DoleancesSettings
from .rules import carrying_role

MAX_QUESTIONS = 6


# -- the summary of the results ---------------------------------------------------------------------------------------


def summarise(results):
    """A short, JSON-ready summary of frozen results: each question with its leading answer and its share (choice
    questions), its mean (scales and numbers) or its number of written answers (free texts)."""
    questions = []
    for question in results.get("questions", [])[:MAX_QUESTIONS]:
        item = {"label": str(question.get("label", "")), "respondents": question.get("respondents", 0)}
        options = [option for option in question.get("options") or [] if option.get("count")]
        if options:
            leading = max(options, key=lambda option: option["count"])
            item["leading"] = {"label": str(leading["label"]), "share": leading["share"]}
        elif question.get("stats") and question["stats"].get("mean") is not None:
            item["mean"] = question["stats"]["mean"]
        elif "texts_count" in question:
            item["texts"] = question["texts_count"]
        questions.append(item)
    return {"questions": questions}


def visible_versions(translation_key, kind=ArchiveEntry.Kind.CONSULTATION):
    """The language versions of a consultation the archive may show: live, public, in a consultations index. For a
    debate's entry (`kind` DEBATE, made by the debates app): its live and public versions."""
    if kind == ArchiveEntry.Kind.DEBATE:
        return Page.objects.filter(translation_key=translation_key).live().public()
    return ConsultationPage.objects.filter(translation_key=translation_key).live().public().listed()


def sync_entry(page_or_id):
    """Make or refresh the entry of this consultation (any of its language versions); returns it, or None when the
    consultation has no frozen results (it is not in the archive yet)."""
    page_id = page_or_id if isinstance(page_or_id, int) else page_or_id.pk
    page = ConsultationPage.objects.filter(pk=page_id).first()
    if page is None:
        return None
    box = page.ballot_box
    box = box if isinstance(box, ConsultationPage) and box.pk == page.pk else ConsultationPage.objects.get(pk=box.pk)
    snapshot = ResultsSnapshot.objects.filter(consultation_id=box.pk).first()
    if snapshot is None:
        return None
    versions = [
        version
        for version in visible_versions(box.translation_key).select_related("locale")
        if not Page.objects.ancestor_of(version).filter(depth__gt=1, live=False).exists()
    ]
    summaries = {}
    for version in versions or [box]:
        # In the version's language: the labels of yes/no answers are the interface's (« Oui », "Yes").
        with translation.override(version.locale.language_code):
            results = snapshot.results
            if version.locale_id != box.locale_id:
                results = relabel(copy.deepcopy(results), version)
            summaries[version.locale.language_code] = summarise(results)
    territory = box.effective_territory
    space = box.collectivite_space
    results = snapshot.results
    defaults = {
        "kind": ArchiveEntry.Kind.CONSULTATION,
        "translation_key": box.translation_key,
        "locale_id": box.locale_id,
        "title": box.title[:255],
        "opened_at": box.opens_at,
        "closed_at": box.closes_at,
        "year": timezone.localtime(box.closes_at).year,
        "theme": box.theme or "",
        "territory": territory,
        "space": (space.default_language_space() or space) if space is not None else None,
        "participants": results.get("voters", results.get("participants", 0)) or 0,
        "population": results.get("population"),
        "results_summary": summaries,
        "published": bool(versions),
    }
    entry, _created = ArchiveEntry.objects.update_or_create(page_id=box.pk, defaults=defaults)
    return entry


def sync_entries_under(path, published=None):
    """Refresh the entries of the consultations at or under `path` (in any language version): a page moved,
    restricted, unpublished or published again above them. `published` narrows it to the entries listed (True: an
    unpublication can only hide them) or hidden (False: a publication can only bring them back), so that publishing
    the home does not refresh the whole archive."""
    versions = ConsultationPage.objects.filter(path__startswith=path)
    entries = ArchiveEntry.objects.filter(
        Q(page__path__startswith=path) | Q(translation_key__in=versions.values("translation_key"))
    )
    if published is not None:
        entries = entries.filter(published=published)
    page_ids = list(entries.values_list("page_id", flat=True))
    for page_id in page_ids:
        sync_entry(page_id)
    return len(page_ids)


def rebuild():
    """Every consultation with frozen results gets its entry; entries whose page lost its results go. Returns the
    number of entries made or refreshed."""
    box_ids = list(ResultsSnapshot.objects.order_by("pk").values_list("consultation_id", flat=True))
    for box_id in box_ids:
        sync_entry(box_id)
    ArchiveEntry.objects.filter(kind=ArchiveEntry.Kind.CONSULTATION).exclude(page_id__in=box_ids).delete()
    return len(box_ids)


# -- what the public views read ---------------------------------------------------------------------------------------


def visible_entry(entry_id):
    """The published entry `entry_id` whose consultation is still live and public, else None."""
    if not 0 < entry_id < 2**31:
        return None
    entry = (
        ArchiveEntry.objects.published()
        .select_related("locale", "territory", "carrying__territory")
        .filter(pk=entry_id)
    )
    entry = entry.first()
    if entry is None or not visible_versions(entry.translation_key, entry.kind).exists():
        return None
    return entry


def localized_pages(entries, language):
    """{entry id: the version of its consultation to show in `language`} (one query for a page of entries)."""
    keys = {entry.translation_key: entry for entry in entries}
    debate_keys = [key for key, entry in keys.items() if entry.kind == ArchiveEntry.Kind.DEBATE]
    pages = list(
        ConsultationPage.objects.filter(translation_key__in=[key for key in keys if key not in debate_keys])
        .live()
        .public()
        .select_related("locale")
        .order_by("pk")
    )
    if debate_keys:  # a debate's entry (the debates app makes it): its page, whatever its type
        pages += list(Page.objects.filter(translation_key__in=debate_keys).live().public().specific().order_by("pk"))
    chosen = {}
    for page in pages:
        entry = keys[page.translation_key]
        current = chosen.get(entry.pk)
        if current is None or (page.locale.language_code == language and current.locale.language_code != language):
            chosen[entry.pk] = page
    return chosen


def highlighted_comments(entry):
    """The highlighted comments still visible, of this consultation only (a comment hidden later stops showing)."""
    pages = Page.objects.filter(translation_key=entry.translation_key).values("pk")
    return entry.highlighted_comments.visible().filter(page_id__in=pages).order_by("created_at", "pk")


def carry_threshold():
    return DoleancesSettings.load().carry_threshold


# -- carrying ---------------------------------------------------------------------------------------------------------


@dataclass
class CarryRefused(Exception):
    code: str
    message: str
    status: int


def carry(entry, user, *, territory=None, institution="", message=""):
    """Carry `entry` to `territory` or `institution` with `message`, as `user`: the new `Carrying`, or CarryRefused."""
    threshold = carry_threshold()
    if entry.participants < threshold:
        raise CarryRefused(
            "below_threshold",
            _(
                "Cette consultation a réuni %(participants)d participants : il en faut au moins %(threshold)d pour "
                "la porter auprès d'un acteur public."
            )
            % {"participants": entry.participants, "threshold": threshold},
            403,
        )
    role = carrying_role(user, entry)
    if role is None:
        raise CarryRefused(
            "not_allowed",
            _("Seuls l'auteur de la consultation et sa rédaction peuvent la porter auprès d'un acteur public."),
            403,
        )
    institution = (institution or "").strip()
    message = (message or "").strip()
    if (territory is None) == (not institution):
        raise CarryRefused(
            "invalid",
            _("Choisissez une collectivité dans la liste ou nommez une institution (l'une ou l'autre)."),
            400,
        )
    if not message:
        raise CarryRefused("invalid", _("Écrivez le message qui accompagnera la consultation."), 400)
    try:
        with transaction.atomic():
            return Carrying.objects.create(
                entry=entry,
                carried_by=user,
                role=role,
                territory=territory,
                institution="" if territory is not None else institution,
                message=message,
            )
    except IntegrityError:
        raise CarryRefused(
            "already_carried", _("Cette consultation a déjà été portée auprès d'un acteur public."), 409
        ) from None


def record_answer(carrying, user, answer, answered_at=None):
    """The public body's answer, recorded by an editor."""
    carrying.answer = answer.strip()
    carrying.answered_at = (answered_at or timezone.now()) if carrying.answer else None
    carrying.answer_recorded_by = user if carrying.answer else None
    carrying.save(update_fields=["answer", "answered_at", "answer_recorded_by"])
    return carrying

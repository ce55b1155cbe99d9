"""What a vote needs of its consultation, read once per published revision and kept in the process.

`box_config(box_id)` gives the consultation's dates, rules, parsed survey, eligible territories and the length
ballots are padded to (`BoxConfig`); it is read again when the caller's live revision differs from the kept one,
after `CONFIG_MAX_AGE` seconds (territories change without a new revision), or on `forget_config()` (on publish).
A refusal judged on a kept configuration is checked with `config_is_current()` before it is given.
"""

import threading
import time
from collections import OrderedDict
from dataclasses import dataclass

from django.db import connection
from django.utils import timezone

from cms.models import Territory

from .. import sealing
from ..models import ConsultationPage, Eligibility, Secrecy, Status

CONFIG_CACHE_SIZE = 512
CONFIG_MAX_AGE = 300  # seconds: territories change without a new revision of the consultation


@dataclass(frozen=True)
class BoxConfig:
    box_id: int
    revision_id: int | None
    live: bool
    opens_at: object
    closes_at: object
    secrecy: str
    eligibility: str
    territory_name: str
    territory_ids: frozenset | None  # the territories within the consultation's (residents only)
    restricted: bool  # behind a view restriction (an access code, a login): not for the public API
    survey: object
    padded_to: int
    loaded_at: float

    def status_at(self, now=None):
        now = now or timezone.now()
        if now < self.opens_at:
            return Status.UPCOMING
        if now >= self.closes_at:
            return Status.CLOSED
        return Status.OPEN

    @property
    def secret(self):
        return self.secrecy == Secrecy.SECRET


_configs = OrderedDict()
_configs_lock = threading.Lock()


def _load_config(box_id):
    page = ConsultationPage.objects.select_related("territory").filter(pk=box_id).first()
    if page is None or page.ballot_box.pk != page.pk:
        return None
    territory = page.effective_territory
    territory_ids = None
    if page.eligibility == Eligibility.RESIDENTS and territory is not None:
        territory_ids = frozenset(Territory.objects.within(territory).values_list("pk", flat=True))
    survey = page.get_survey()
    return BoxConfig(
        box_id=page.pk,
        revision_id=page.live_revision_id,
        live=page.live,
        restricted=page_state(page.pk)[2],
        opens_at=page.opens_at,
        closes_at=page.closes_at,
        secrecy=page.secrecy,
        eligibility=page.eligibility,
        territory_name=territory.name if territory is not None else "",
        territory_ids=territory_ids,
        survey=survey,
        padded_to=sealing.padded_length(len(sealing.encode_payload(survey.largest_answers(), sealing.LARGEST_PROFILE))),
        loaded_at=time.monotonic(),
    )


def box_config(box_id, revision_id=None, refresh=False):
    """The vote configuration of the ballot box `box_id` (None if there is no such consultation).

    Kept in the process; read again when `refresh`, when `revision_id` (the caller's live revision) differs from
    the kept one, or after CONFIG_MAX_AGE seconds."""
    if not 0 < box_id < 2**31:
        return None  # no page has such an id (and SQLite cannot even look it up)
    with _configs_lock:
        config = _configs.get(box_id)
    stale = (
        config is None
        or refresh
        or (revision_id is not None and revision_id != config.revision_id)
        or time.monotonic() - config.loaded_at > CONFIG_MAX_AGE
    )
    if not stale:
        return config
    config = _load_config(box_id)
    with _configs_lock:
        if config is None:
            _configs.pop(box_id, None)
        else:
            _configs[box_id] = config
            _configs.move_to_end(box_id)
            while len(_configs) > CONFIG_CACHE_SIZE:
                _configs.popitem(last=False)
    return config


def forget_config(box_id=None):
    """Drop the kept configuration (on publish; tests)."""
    with _configs_lock:
        if box_id is None:
            _configs.clear()
        else:
            _configs.pop(box_id, None)


def page_state(box_id):
    """(live, live revision id, behind a view restriction) of the consultation's page, in one query."""
    page_table = connection.ops.quote_name("wagtailcore_page")
    restriction_table = connection.ops.quote_name("wagtailcore_pageviewrestriction")
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT p.live, p.live_revision_id, EXISTS (SELECT 1 FROM {restriction_table} r "  # noqa: S608
            f"JOIN {page_table} a ON a.id = r.page_id WHERE p.path LIKE a.path || '%%') "
            f"FROM {page_table} p WHERE p.id = %s",
            [box_id],
        )
        row = cursor.fetchone()
    return (bool(row[0]), row[1], bool(row[2])) if row else (False, None, False)


def config_is_current(config):
    return page_state(config.box_id) == (config.live, config.revision_id, config.restricted)

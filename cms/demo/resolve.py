"""Turns the content description (`content/common.py`) into field values, for one language.

The French page and its English translation are resolved from the same description with the
same stable StreamField block ids, so wagtail-localize sees the same segment paths in both.
"""

import datetime
import uuid

from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page

from .content.common import (
    Bullets,
    DaysAgo,
    DocumentRef,
    ImageRef,
    Items,
    MonthStart,
    PageRef,
    RichText,
    Stream,
    T,
)

BLOCK_ID_NAMESPACE = uuid.UUID("6f1f7c52-2f55-4b8e-9a57-3b7b0a1c9e10")


def block_id(key):
    return str(uuid.uuid5(BLOCK_ID_NAMESPACE, key))


def month_start(today, months):
    month_index = today.year * 12 + today.month - 1 + months
    year, month = divmod(month_index, 12)
    return datetime.date(year, month + 1, 1)


class Resolver:
    """Resolves texts, dates and references of the content description for one language."""

    def __init__(self, language, *, today, home, images, documents):
        self.language = language
        self.today = today
        self.home = home
        self.image_titles = images  # {key: title}
        self.document_titles = documents  # {key: title}
        self._cache = {}

    # -- references ------------------------------------------------------------------------------------
    def page(self, path):
        url_path = f"{self.home.url_path}{path.strip('/')}/"
        return Page.objects.filter(locale_id=self.home.locale_id, url_path=url_path).first()

    def _lookup(self, ref):
        if ref not in self._cache:
            if isinstance(ref, ImageRef):
                found = get_image_model().objects.filter(title=self.image_titles[ref.key]).order_by("pk").first()
            elif isinstance(ref, DocumentRef):
                found = get_document_model().objects.filter(title=self.document_titles[ref.key]).order_by("pk").first()
            else:
                found = self.page(ref.path)
            if found is None:
                raise LookupError(f"The demo content refers to {ref}, which does not exist.")
            self._cache[ref] = found
        return self._cache[ref]

    # -- values ----------------------------------------------------------------------------------------
    def text(self, value):
        if self.language == "en" and value.en is not None:
            return value.en
        return value.fr

    def rich_text(self, value):
        html = []
        for part in value.parts:
            if isinstance(part, Bullets):
                html.append("<ul>" + "".join(f"<li>{self.text(item)}</li>" for item in part.items) + "</ul>")
            else:
                html.append(f"<p>{self.text(part)}</p>")
        return "".join(html)

    def field(self, value, key):
        """The value of a model field; `key` makes StreamField block ids stable."""
        if isinstance(value, Stream):
            return self.stream(value, key)
        if isinstance(value, ImageRef | DocumentRef | PageRef):
            return self._lookup(value)
        return self.scalar(value)

    def fields(self, fields, key):
        return {name: self.field(value, f"{key}/{name}") for name, value in fields.items()}

    def scalar(self, value):
        if isinstance(value, T):
            return self.text(value)
        if isinstance(value, RichText):
            return self.rich_text(value)
        if isinstance(value, DaysAgo):
            return self.today - datetime.timedelta(days=value.days)
        if isinstance(value, MonthStart):
            return month_start(self.today, value.months)
        return value

    def stream(self, value, key):
        return [
            {
                "type": block_type,
                "value": self.block_value(block_value, f"{key}/{index}"),
                "id": block_id(f"{key}/{index}"),
            }
            for index, (block_type, block_value) in enumerate(value.blocks)
        ]

    def block_value(self, value, key):
        """A block's value in its stored (JSON) form: references are primary keys."""
        if isinstance(value, dict):
            return {name: self.block_value(item, f"{key}/{name}") for name, item in value.items()}
        if isinstance(value, Items):
            return [
                {"type": "item", "value": self.block_value(item, f"{key}/{index}"), "id": block_id(f"{key}/{index}")}
                for index, item in enumerate(value.items)
            ]
        if isinstance(value, ImageRef | DocumentRef | PageRef):
            return self._lookup(value).pk
        return self.scalar(value)

"""The vocabulary the demo content is written in.

Content modules describe pages as plain data: texts are `T(french, english)` (the English
text only where the page gets an English translation), references to images, documents and
other pages are symbolic (`ImageRef`, `DocumentRef`, `PageRef`), dates are relative to the
day the demo is loaded (`DaysAgo`, `MonthStart`). The loader resolves all of it, once per
language, so that the French page and its English translation have exactly the same shape.
"""

from dataclasses import dataclass, field
from decimal import Decimal


@dataclass(frozen=True)
class T:
    """A text in French, with its English translation where there is one."""

    fr: str
    en: str | None = None


@dataclass(frozen=True)
class ImageRef:
    key: str


@dataclass(frozen=True)
class DocumentRef:
    key: str


@dataclass(frozen=True)
class PageRef:
    """A page by its French slugs below the platform home, e.g. "villebrune-sur-loire/projets"."""

    path: str


@dataclass(frozen=True)
class DaysAgo:
    days: int


@dataclass(frozen=True)
class MonthStart:
    """The first day of the month `months` months from today (negative: in the past)."""

    months: int


@dataclass(frozen=True)
class RichText:
    """Rich text: each part is a paragraph (a `T`) or a bullet list (`Bullets`)."""

    parts: tuple


@dataclass(frozen=True)
class Bullets:
    items: tuple


@dataclass(frozen=True)
class Items:
    """The items of a ListBlock (stored in Wagtail's block format, with stable ids)."""

    items: tuple


@dataclass(frozen=True)
class Stream:
    """A StreamField value: (block type, value) pairs."""

    blocks: tuple


@dataclass(frozen=True)
class ImageSpec:
    key: str
    title: str
    motif: str
    caption: str = ""
    palette: str = "day"


@dataclass(frozen=True)
class LogoSpec:
    key: str
    title: str
    letters: str
    primary: str
    secondary: str
    emblem: str = "river"


@dataclass(frozen=True)
class DocumentSpec:
    key: str
    title: str
    filename: str
    rows: tuple  # CSV rows, the first one is the header


@dataclass(frozen=True)
class BudgetLineSpec:
    sector: str
    nature: str
    amount: Decimal
    label: str


@dataclass
class PageSpec:
    """One page: its model, its field values, and what the loader does around it."""

    model: str  # class name in cms.models
    fields: dict
    translate: bool = False  # gets an English translation through wagtail-localize
    restricted: bool = False  # client-only: a password restriction opened by the space's access code
    lines: tuple = ()  # budget lines of a BudgetYearPage
    children: list = field(default_factory=list)

    @property
    def slug(self):
        slug = self.fields["slug"]
        return slug.fr if isinstance(slug, T) else slug


@dataclass
class AccountSpec:
    username: str
    first_name: str
    last_name: str
    email: str
    role: str


@dataclass
class SpaceSpec:
    page: PageSpec  # the CollectiviteSpace, with its section indexes as children
    territory: tuple  # (kind, code)
    logo: LogoSpec
    images: tuple = ()
    documents: tuple = ()
    editor: AccountSpec | None = None
    listing_image: str = ""


# -- StreamField blocks, as (type, value) pairs -------------------------------------------------------------


def heading(text, level="h2"):
    return ("heading", {"text": text, "level": level})


def paragraph(*parts):
    return ("paragraph", RichText(parts))


def bullets(*items):
    return Bullets(items)


def quote(text, attribution="", role=""):
    return ("quote", {"quote": text, "attribution": attribution, "role": role})


def image(key, alt_text, caption=""):
    return ("image", {"image": ImageRef(key), "alt_text": alt_text, "decorative": False, "caption": caption})


def call_to_action(title, button_label, *, text="", page=None, url=""):
    return (
        "call_to_action",
        {
            "title": title,
            "text": text,
            "button_label": button_label,
            "page": PageRef(page) if page else None,
            "url": url,
        },
    )


def chart(title, rows, *, unit="", source=""):
    items = Items(tuple({"label": label, "value": float(value)} for label, value in rows))
    return ("chart", {"title": title, "unit": unit, "rows": items, "source": source})


def document(key, title=""):
    return ("document", {"document": DocumentRef(key), "title": title})


def investment(title, amount, description="", project=None):
    return (
        "investment",
        {
            "title": title,
            "amount": str(Decimal(amount)),
            "description": description,
            "project": PageRef(project) if project else None,
        },
    )


def stream(*blocks):
    return Stream(blocks)


def line(sector, nature, amount, label):
    return BudgetLineSpec(sector=sector, nature=nature, amount=Decimal(amount), label=label)

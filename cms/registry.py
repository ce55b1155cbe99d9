"""Where feature apps plug into the pages of `cms`, without `cms` ever importing them.

`cms` is the shared core: it must work, import and be tested without any feature app. Where one of its pages shows a
feature's content, the feature registers it here from its `AppConfig.ready()`, and renders it with its own templates:

- **panels**: a section of a `cms` page (the network home, a collectivité's dashboard) filled by a feature. A page
  asks `registry.panels(slot, page, request)` and renders the result in its template, in the panels' order:
  `{% for panel in panels %}{{ panel }}{% endfor %}`. A panel whose `context` returns None is left out.
- **embeds**: how a block of the shared library that shows a feature's page (the survey block shows a consultation)
  is rendered: the feature gives the template and the context (see `cms.blocks.features`).
- **demos**: the demo content of each feature, loaded by `manage.py load_demo` after the spaces it fills, in the
  order of `after`.
- **digests**: what a feature has to say in a newsletter (the latest news, the consultations open, new results…):
  `collect(owner, since, limit)` returns `DigestItem`s for a space (or the national network's home when `owner` is
  the platform home), in the language of `owner`'s locale, newest first, only what an anonymous visitor may read.
  The newsletters' automatic blocks offer every registered source; `cms` registers the news itself.
- **search sources**: what a feature adds to the site's search beyond its pages (the free-text answers and comments
  of the cahier de doléances…): a `SearchSource` whose `items(ids)` gives the `SearchItem`s as they are now (an id
  not given back is no longer searchable: the index drops it), `all_ids()` every id searchable today (the rebuild)
  and `ids_for_pages(page_ids)` the ids that live on those pages (a page unpublished takes its comments with it).
  After a change the feature calls `registry.search_changed(name, ids)`; the search app (if installed) listens.
  Pages themselves are indexed by the search app from their `search_fields`; a page type may add facets with
  `search_facets()` (see `cms.models.base.BasePage`).
- **personal data**: what a feature keeps about a person, for the GDPR rights of the account page
  (`cms.accounts.personal_data`): `export(user)` returns a JSON-ready dict (the citizen's copy), `erase(user)`
  erases what must go and anonymises what must stay (called inside the deletion's transaction, before the user row
  is deleted).

Slots and embed names are plain strings, listed in `SLOTS` and `EMBEDS` so that a typo fails at registration, not as
an empty section. A new feature adds its panels here; `cms` code never names a feature app.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.dispatch import Signal
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

SLOTS = {
    "network_home": "the national network's home, after its introduction",
    "space_dashboard": "a collectivité space's home, after its projects",
    "admin_home": "the admin home of a collectivité's editor, in the panel about their space (the page is the space)",
    "page_end": "the end of any public page's main content (comments); the page is the page served",
    "account_profile": "the citizen's account page (/comptes/profil/), after their profile; the page is the account",
    "site_header": "the header of every public page, before the account links (the search box); the page may be None",
}
EMBEDS = {
    "survey": "the survey block: a consultation's questionnaire inside any page",
    "debate": "the debate block: a debate's card (date, place, registration state) inside any page",
}


@dataclass(frozen=True)
class Panel:
    """A feature's section on a `cms` page: `context(page, request)` gives its data, or None to leave it out."""

    name: str
    template: str
    context: Callable
    order: int = 100


@dataclass(frozen=True)
class RenderedPanel:
    name: str
    html: SafeString

    def __html__(self):
        return self.html

    def __str__(self):
        return self.html


@dataclass(frozen=True)
class Embed:
    """How a feature's page shown by a shared block is rendered: `context(page, request, parent_context)`."""

    template: str
    context: Callable


@dataclass(frozen=True)
class Demo:
    """A feature's demo content: `load(loader)` returns the pages it created (empty when already there).
    `after` names the demos it follows; `("*",)` means after every other one (the search index, built last)."""

    name: str
    load: Callable
    describe: str = "{count} pages"
    after: tuple = ()


@dataclass(frozen=True)
class DigestItem:
    """One line of a newsletter's automatic section: absolute `url`, `summary` plain text, `date` a date or None,
    `meta` a short plain-text line (a place, a closing date, a participation count), `image` a Wagtail image or None."""

    title: str
    url: str
    summary: str = ""
    date: object = None
    meta: str = ""
    image: object = None


@dataclass(frozen=True)
class DigestSource:
    """A kind of content a newsletter can fill itself with: `collect(owner, since, limit)` -> [DigestItem]."""

    name: str
    label: str
    collect: Callable
    order: int = 100


@dataclass(frozen=True)
class SearchItem:
    """One searchable thing, as every search backend indexes it.

    `key` is unique in the index: "<source>:<id>" ("page:42", "free_text:8812", "comment:7"). `kind` is the facet
    « type » (a page type's model name, "free_text", "comment"). `body` and `title` are plain text. `url` is the
    path where it is read (no host). `language` is the page's language, or "" for a citizen's contribution, which
    every visitor's search shows. `date` is a date or an aware datetime (sort by date, facet « year »); `territory_code`
    the INSEE code of the collectivité's territory ("" for the national network), `theme` a `PublicPolicyTheme`
    value or "", `space_id` the collectivité space's page id (None for the national network), `context_title` the
    title of the page a contribution belongs to, `page_id` the page it is, or belongs to."""

    key: str
    kind: str
    title: str
    url: str
    body: str = ""
    language: str = ""
    date: object = None
    territory_code: str = ""
    territory_name: str = ""
    theme: str = ""
    space_id: int | None = None
    context_title: str = ""
    page_id: int | None = None


@dataclass(frozen=True)
class SearchSource:
    """A feature's searchable things that are not pages (see the module's docstring).

    `kinds` maps each `kind` it produces to its label (lazy). `items(ids)` -> [SearchItem] for those still
    searchable; `all_ids()` -> iterable of every id searchable now (streamed: it may be millions);
    `ids_for_pages(page_ids)` -> iterable of ids on those pages. Its items' keys are "<key_prefix>:<id>"
    (`key_prefix` is the name when empty): the index removes "<key_prefix>:<id>" for an id `items()` leaves out."""

    name: str
    kinds: dict
    items: Callable
    all_ids: Callable
    ids_for_pages: Callable
    count: Callable = None
    key_prefix: str = ""

    def key(self, pk):
        return f"{self.key_prefix or self.name}:{pk}"


# Sent by `registry.search_changed(source, ids)`: the search app re-reads those items (after the commit).
search_items_changed = Signal()


@dataclass(frozen=True)
class PersonalData:
    """What a feature keeps about a person: `export(user)` -> dict for the download, `erase(user)` at deletion."""

    name: str
    export: Callable
    erase: Callable


@dataclass
class Registry:
    _panels: dict = field(default_factory=dict)
    _embeds: dict = field(default_factory=dict)
    _demos: dict = field(default_factory=dict)
    _personal_data: dict = field(default_factory=dict)
    _digests: dict = field(default_factory=dict)
    _search_sources: dict = field(default_factory=dict)

    # Panels -------------------------------------------------------------------------------------------------------
    def register_panel(self, slot, panel):
        if slot not in SLOTS:
            raise KeyError(f"Unknown panel slot {slot!r}: one of {', '.join(sorted(SLOTS))}")
        panels = [existing for existing in self._panels.get(slot, []) if existing.name != panel.name]
        self._panels[slot] = sorted([*panels, panel], key=lambda each: (each.order, each.name))

    def panels(self, slot, page, request=None):
        """The slot's panels for this page, rendered (with the request's context processors when there is one)."""
        rendered = []
        for panel in self._panels.get(slot, []):
            context = panel.context(page, request)
            if context is None:
                continue
            html = render_to_string(panel.template, {"page": page, **context}, request=request)
            rendered.append(RenderedPanel(panel.name, html))
        return rendered

    # Embeds -------------------------------------------------------------------------------------------------------
    def register_embed(self, name, embed):
        if name not in EMBEDS:
            raise KeyError(f"Unknown embed {name!r}: one of {', '.join(sorted(EMBEDS))}")
        self._embeds[name] = embed

    def embed(self, name):
        """The registered way to render `name`, or None when no installed app provides it."""
        return self._embeds.get(name)

    # Demos --------------------------------------------------------------------------------------------------------
    def register_demo(self, demo):
        self._demos[demo.name] = demo

    def demos(self):
        """The registered demos, each after those it names in `after` (then by name, for a stable order)."""
        ordered, placed = [], set()
        pending = dict(sorted(self._demos.items()))
        while pending:
            last = {name for name, demo in pending.items() if "*" in demo.after}
            ready = [
                name
                for name, demo in pending.items()
                if all(dep in placed or dep not in self._demos for dep in demo.after if dep != "*")
                and ("*" not in demo.after or pending.keys() <= last)
            ]
            if not ready:
                raise ValueError(f"The demos {', '.join(pending)} wait for each other")
            for name in ready:
                ordered.append(pending.pop(name))
                placed.add(name)
        return ordered

    # Digests ------------------------------------------------------------------------------------------------------
    def register_digest(self, source):
        self._digests[source.name] = source

    def digests(self):
        """The registered digest sources, in their order."""
        return sorted(self._digests.values(), key=lambda source: (source.order, source.name))

    def digest(self, name):
        """The source registered as `name`, or None (a block saved when an app was installed that is no longer)."""
        return self._digests.get(name)

    # Search sources -----------------------------------------------------------------------------------------------
    def register_search_source(self, source):
        self._search_sources[source.name] = source

    def search_sources(self):
        """The registered search sources, by name."""
        return [self._search_sources[name] for name in sorted(self._search_sources)]

    def search_source(self, name):
        return self._search_sources.get(name)

    def search_changed(self, source, ids):
        """Tell the search index that these items of `source` changed (created, edited, hidden, deleted): it reads
        them again once the current transaction commits. Does nothing when no search app listens."""
        ids = list(ids)
        if ids:
            search_items_changed.send(sender=self.__class__, source=source, ids=ids)

    # Personal data -------------------------------------------------------------------------------------------------
    def register_personal_data(self, name, *, export, erase):
        self._personal_data[name] = PersonalData(name, export=export, erase=erase)

    def personal_data(self):
        """The registered exporters and erasers, by name (a stable order for the export's keys)."""
        return [self._personal_data[name] for name in sorted(self._personal_data)]


registry = Registry()

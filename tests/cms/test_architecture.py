"""The shape of the code: the shared core never depends on the features, features plug in through the registry."""

import ast
from pathlib import Path

import pytest

from django.test import RequestFactory

from cms.blocks import SurveyBlock
from cms.registry import Demo, Embed, Panel, Registry, registry

ROOT = Path(__file__).resolve().parents[2]
FEATURE_APPS = {"consultations", "academie", "barometre", "newsletters", "search"}


def imported_modules(path):
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):  # every import, at module level or inside a function
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module


def test_the_shared_core_imports_no_feature_app():
    offenders = [
        f"{path.relative_to(ROOT)}: {module}"
        for path in sorted((ROOT / "cms").rglob("*.py"))
        for module in imported_modules(path)
        if module.split(".")[0] in FEATURE_APPS
    ]
    assert offenders == []


def test_the_check_sees_imports_inside_functions(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text("def f():\n    from consultations.models import ConsultationPage\n    import academie.demo\n")
    assert list(imported_modules(sample)) == ["consultations.models", "academie.demo"]


def test_feature_apps_register_their_panels_embeds_and_demos():
    assert [panel.name for panel in registry._panels["network_home"]] == [
        "open_consultations",
        "citizen_groups",
        "newsletter_subscription",
    ]
    assert [panel.name for panel in registry._panels["space_dashboard"]] == [
        "open_consultations",
        "upcoming_debates",
        "doleances",
        "citizen_groups",
        "newsletter_subscription",
    ]
    assert registry.embed("survey").template == "consultations/blocks/survey_block.html"
    assert registry.embed("debate").template == "debates/blocks/debate_block.html"
    # Demos load after what they build on: the baromètre's polls are consultations.
    assert [demo.name for demo in registry.demos()] == [
        "consultations",
        "academie",
        "citizen_comments",
        "debates",
        "doleances",
        "network",
        "barometre",
        "debates_live",  # after=("debates",)
        "groups",
        "newsletters",
        "search",  # after=("*",): the index is rebuilt once every demo is there
    ]


def test_a_demo_after_star_runs_after_every_other_one():
    local = Registry()
    local.register_demo(Demo("aaa_last", lambda loader: [], after=("*",)))
    local.register_demo(Demo("zzz", lambda loader: [], after=("mmm",)))
    local.register_demo(Demo("mmm", lambda loader: []))
    assert [demo.name for demo in local.demos()] == ["mmm", "zzz", "aaa_last"]


def test_a_panel_renders_with_its_own_template_and_can_leave_itself_out(settings, tmp_path):
    (tmp_path / "panel.html").write_text("<p>{{ page }}: {{ count }} {{ LANGUAGE_CODE }}</p>")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path]}]
    local = Registry()
    local.register_panel("network_home", Panel("shown", "panel.html", lambda page, request: {"count": 3}, order=2))
    local.register_panel("network_home", Panel("hidden", "panel.html", lambda page, request: None, order=1))
    request = RequestFactory().get("/")
    rendered = local.panels("network_home", "Accueil", request)
    assert [panel.name for panel in rendered] == ["shown"]
    assert str(rendered[0]) == "<p>Accueil: 3 fr</p>"


def test_registering_twice_replaces_and_unknown_names_are_refused():
    local = Registry()
    local.register_panel("space_dashboard", Panel("a", "one.html", dict))
    local.register_panel("space_dashboard", Panel("a", "two.html", dict))
    assert [panel.template for panel in local._panels["space_dashboard"]] == ["two.html"]
    with pytest.raises(KeyError, match="Unknown panel slot"):
        local.register_panel("sidebar", Panel("a", "one.html", dict))
    with pytest.raises(KeyError, match="Unknown embed"):
        local.register_embed("carousel", Embed("carousel.html", dict))
    assert local.embed("survey") is None


def test_demos_that_wait_for_each_other_are_refused():
    local = Registry()
    local.register_demo(Demo("a", list, after=("b",)))
    local.register_demo(Demo("b", list, after=("a",)))
    with pytest.raises(ValueError, match="wait for each other"):
        local.demos()
    # A demo that waits for an app that is not installed does not wait forever.
    alone = Registry()
    alone.register_demo(Demo("a", list, after=("not-installed",)))
    assert [demo.name for demo in alone.demos()] == ["a"]


def test_a_feature_block_without_its_app_says_its_content_is_unavailable(monkeypatch):
    monkeypatch.setattr(registry, "_embeds", {})
    block = SurveyBlock()
    html = block.render(block.to_python({"consultation": None, "heading": "Votre avis"}))
    assert "Votre avis" in html
    assert "pas disponible" in html
    assert block.render(block.to_python({"consultation": None, "heading": ""})).strip() == ""

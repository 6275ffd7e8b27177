"""What CONTRIBUTING.md shows a submitter: the form links on the Mitmachen page (with a screenshot of
them, see conftest.screenshot) and the pictures it refers to."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml
from conftest import REPO, screenshot

try:
    from playwright.sync_api import expect
except ImportError:  # pragma: no cover - the conftest skips browser tests then
    import pytest
    pytest.skip("playwright is not installed (pip install -e '.[test]')", allow_module_level=True)


def test_mitmachen_links_to_both_issue_forms(page: Any, base_url: str, tmp_path: Path) -> None:
    repository = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))["extra"]["repository_url"]
    page.set_viewport_size({"width": 1100, "height": 900})
    page.goto(f"{base_url}/mitmachen/")
    heading = page.get_by_role("heading", name="Der einfachste Weg: das Formular")
    expect(heading).to_be_visible()
    for name, template in (("„Neues Praxisbeispiel“", "praxisbeispiel.yml"), ("„Nachnutzung melden“", "nachnutzung.yml")):
        link = page.get_by_role("link", name=name)
        expect(link).to_have_attribute("href", f"{repository}/issues/new?template={template}")
        assert (REPO / ".github" / "ISSUE_TEMPLATE" / template).is_file()
    heading.scroll_into_view_if_needed()
    box = heading.bounding_box()
    screenshot(page, "mitmachen-formular", tmp_path,
               clip={"x": 0, "y": box["y"] - 16, "width": 1100, "height": 560})


def test_contributing_pictures_exist_and_are_made_by_the_browser_tests() -> None:
    text = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
    pictures = re.findall(r"\]\((docs/assets/mitmachen/[^)]+\.png)\)", text)
    assert len(pictures) >= 3, pictures
    made = set()
    for path in (REPO / "tests" / "browser").glob("test_*.py"):
        made.update(re.findall(r'screenshot\(page, "([^"]+)"', path.read_text(encoding="utf-8")))
    for picture in pictures:
        assert (REPO / picture).is_file(), f"{picture} is missing: PRAXISBOERSE_SCREENSHOTS=docs/assets/mitmachen"
        assert Path(picture).stem in made, f"{picture} is not made by any browser test"


FORM_PAGE = """<!doctype html><html lang="de"><head><meta charset="utf-8"><title>Formular</title><style>
body {{ font: 14px/1.5 system-ui, sans-serif; color: #1f2328; margin: 24px; max-width: 760px; }}
h1 {{ font-size: 20px; margin: 0 0 4px; }} .lede {{ color: #59636e; margin: 0 0 16px; }}
.field {{ margin: 0 0 18px; }} label {{ display: block; font-weight: 600; }}
.req {{ color: #d1242f; }} .help {{ color: #59636e; font-size: 12px; margin: 2px 0 6px; }}
input, select, textarea {{ width: 100%; box-sizing: border-box; padding: 5px 8px; border: 1px solid #d1d9e0;
  border-radius: 6px; font: inherit; background: #f6f8fa; }} textarea {{ height: 70px; }}
.note {{ background: #ddf4ff; border: 1px solid #54aeff66; border-radius: 6px; padding: 8px 12px; margin: 0 0 16px; }}
</style></head><body><h1>{name}</h1><p class="lede">{description}</p>{fields}</body></html>"""


def form_html(form: dict) -> str:
    """The issue form as a page, the way GitHub lays it out (label, * for required, help, control)."""
    from html import escape

    parts = []
    for item in form["body"]:
        attributes = item.get("attributes", {})
        if item["type"] == "markdown":
            first = attributes["value"].split("\n\n")[0]
            if first.startswith("#"):
                parts.append(f'<h2 style="font-size:16px;margin:24px 0 8px">{escape(first.lstrip("# "))}</h2>')
            else:
                parts.append(f'<div class="note">{escape(first).replace("**", "")}</div>')
            continue
        required = item.get("validations", {}).get("required")
        star = ' <span class="req">*</span>' if required else ""
        control = {"textarea": "<textarea></textarea>", "input": "<input>"}.get(item["type"], "")
        if item["type"] == "dropdown":
            chosen = attributes["options"][attributes["default"]] if "default" in attributes else "Bitte wählen"
            options = f"<option>{escape(str(chosen))}</option>"  # GitHub shows the preselected option
            control = f"<select>{options}</select>"
        if item["type"] == "checkboxes":
            control = "".join(f'<div><input type="checkbox" style="width:auto"> {escape(o["label"])}</div>'
                              for o in attributes.get("options", []))
        help_text = escape(attributes.get("description", ""))
        parts.append(f'<div class="field"><label>{escape(attributes["label"])}{star}</label>'
                     f'<div class="help">{help_text}</div>{control}</div>')
    return FORM_PAGE.format(name=escape(form["name"]), description=escape(form["description"]), fields="".join(parts))


def test_the_case_form_as_a_submitter_sees_it(page: Any, tmp_path: Path) -> None:
    """A picture of the generated form (rebuilt from the form file, laid out like GitHub's forms): the
    fields a submitter fills in, with their German labels, help texts and required marks."""
    form = yaml.safe_load((REPO / ".github" / "ISSUE_TEMPLATE" / "praxisbeispiel.yml").read_text(encoding="utf-8"))
    page.set_viewport_size({"width": 820, "height": 1000})
    page.set_content(form_html(form))
    expect(page.get_by_text("Name der Kommune oder Organisation")).to_be_visible()
    assert page.locator(".req").count() >= 10
    screenshot(page, "formular", tmp_path)

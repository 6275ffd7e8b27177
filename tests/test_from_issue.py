"""``from-issue``: a submitted issue form (as GitHub renders it, or a filled GitLab template) becomes a file that
passes ``check``, or every problem is named by its form field and nothing is written."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from support import FIXTURES, REPO, VALID, assert_plain_german

from generator import catalog, forms, newcase, schema
from generator.from_issue import answers, clean, detect_kind, parse_amount, parse_date, parse_number

ISSUES = FIXTURES / "issues"
CASE_BODY = ISSUES / "case_complete.md"
ADOPTION_BODY = ISSUES / "adoption_complete.md"
LABELS = {kind: [f.label for f in forms.fields(kind)] for kind in forms.KINDS}
WRITTEN = re.compile(r"^geschrieben: (.+)$", re.M)


# --- helpers ---------------------------------------------------------------------------------------------

def project(tmp_path: Path, cases: Path = VALID, adoptions: Path | None = None) -> Path:
    """A project folder with a copy of ``cases`` (default: the valid test cases) and of ``adoptions``."""
    root = tmp_path / "projekt"
    shutil.copytree(cases, root / "cases")
    if adoptions is not None:
        shutil.copytree(adoptions, root / "adoptions")
    return root


def run(root: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))}
    return subprocess.run([sys.executable, "-m", "generator", "from-issue", *args], cwd=root, input=stdin,
                          capture_output=True, text=True, timeout=120, env=env, encoding="utf-8")


def check(root: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))}
    return subprocess.run([sys.executable, "-m", "generator", "check", "--cases", str(root / "cases")], cwd=root,
                          capture_output=True, text=True, timeout=120, env=env, encoding="utf-8")


def files(root: Path) -> set[Path]:
    return {p.relative_to(root) for p in root.rglob("*") if p.is_file()}


def with_answer(body: str, label: str, new: str) -> str:
    """The body with the answer under '### <label>' replaced."""
    head = f"### {label}\n\n"
    assert body.count(head) == 1, label
    start = body.index(head) + len(head)
    end = body.find("\n\n### ", start)
    end = len(body.rstrip("\n")) if end < 0 else end
    return body[:start] + new + body[end:]


def ticked(body: str, option_start: str) -> str:
    line = next(line for line in body.split("\n") if line.startswith(f"- [ ] {option_start}"))
    return body.replace(line, "- [X]" + line[5:])


def unticked(body: str, option_start: str) -> str:
    line = next(line for line in body.split("\n") if line.startswith(f"- [X] {option_start}"))
    return body.replace(line, "- [ ]" + line[5:])


def written(proc: subprocess.CompletedProcess[str], root: Path) -> Path:
    assert proc.returncode == 0, proc.stderr
    (name,) = WRITTEN.findall(proc.stdout)
    return root / name


def loaded(root: Path, path: Path) -> catalog.Case | catalog.Adoption:
    """The written file as the checker reads it (it must have no errors)."""
    result = catalog.check(root / "cases")
    assert [p.text() for p in result.errors] == []
    found = [c for c in result.catalog.cases if c.path == path] + [a for a in result.catalog.adoptions
                                                                    if a.path == path]
    assert len(found) == 1
    return found[0]


def problems_of(proc: subprocess.CompletedProcess[str]) -> list[str]:
    assert proc.returncode == 1, (proc.stdout, proc.stderr)
    assert proc.stdout == ""
    lines = [line[2:] for line in proc.stderr.splitlines() if line.startswith("- ")]
    assert lines, proc.stderr
    for line in lines:
        assert_plain_german(line)
        assert not re.search(r"\bZeile \d", line), line  # form fields, never YAML lines
    return lines


# --- the fixtures are what GitHub renders from the generated forms -----------------------------------------

@pytest.mark.parametrize("name,kind", [("case_complete.md", "case"), ("adoption_complete.md", "adoption"),
                                       ("hostile_yaml.md", "case"), ("hostile_html.md", "case")])
def test_fixtures_use_every_label_of_the_generated_form_in_order(name: str, kind: str) -> None:
    text = (ISSUES / name).read_text(encoding="utf-8")
    headings = re.findall(r"^### (.+)$", text, re.M)
    assert headings == LABELS[kind]
    options = next(f for f in forms.fields(kind) if f.form == "confirm").options
    assert re.findall(r"^- \[[ X]\] (.+)$", text, re.M) == list(options)


# --- a complete case ----------------------------------------------------------------------------------------

def test_a_complete_case_is_written_checked_and_has_the_answers(tmp_path: Path) -> None:
    root = project(tmp_path)
    before = files(root)
    proc = run(root, str(CASE_BODY))
    path = written(proc, root)
    assert proc.stdout == "geschrieben: cases/beispielingen-digitale-terminvergabe-im-buergerbuero.md\n"
    assert files(root) - before == {path.relative_to(root)}
    assert check(root).returncode == 0, check(root).stdout + check(root).stderr
    case = loaded(root, path)
    data = catalog.thaw(case.data)
    assert data["id"] == path.stem and data["schema"] == 1
    assert data["title"] == "Digitale Terminvergabe im Bürgerbüro"
    assert data["lang"] == "de"
    assert data["organisation"] == {"name": "Stadt Beispielingen", "type": "city", "country": "DE", "state": "BW",
                                    "ags": "08118048", "population": 84000, "unit": "Amt für Digitalisierung"}
    assert data["partners"] == [{"name": "Kommunaler IT-Verbund Nord", "role": "implementer"},
                                {"name": "Beispiel GmbH", "role": "vendor"}]
    assert data["topics"] == ["administration", "strategy"]
    assert data["tags"] == ["terminvergabe", "open-source"]
    assert data["status"] == "operation" and data["started"] == "2021-03" and "ended" not in data
    assert data["problem"] == ("Vor dem Projekt warteten Bürgerinnen und Bürger oft **mehrere Stunden** im Flur des "
                               "Bürgerbüros.\n\n- Wartezeiten bis zu drei Stunden\n- keine Planbarkeit für "
                               "Berufstätige")
    assert data["solution"].endswith("\nDetails stehen im [Leitfaden](https://www.example.org/leitfaden.pdf).")
    assert data["cost"] == {"one_time_eur": 12500, "annual_eur": {"min": 2000, "max": 4000}, "staff_fte": 0.5,
                            "funding": [{"programme": "Digitale Modellkommunen", "funder": "Land Baden-Württemberg"}]}
    assert data["reuse"] == {
        "level": "software", "effort": "medium", "license": "EUPL-1.2", "repository": "https://code.example.org/termine",
        "requirements": "Ein Server beim kommunalen IT-Dienstleister und eine Liste aller Dienstleistungen.",
        "materials": [{"title": "Leitfaden (PDF)", "url": "https://www.example.org/leitfaden.pdf"}]}
    assert data["contact"] == {"unit": "Amt für Digitalisierung", "email": "digitalisierung@beispielingen.example"}
    assert data["links"] == [{"title": "Projektseite", "url": "https://www.beispielingen.example/termine"}]
    assert data["sdgs"] == [11, 16] and data["content_license"] == "CC-BY-4.0"
    assert case.body == ("\n## Ausgangslage\n\nIm Bürgerbüro bildeten sich morgens lange Schlangen.\n\n## Umsetzung\n\n"
                         "Seit 2021 werden alle Termine online vergeben:\n\n1. Auswahl des Systems\n"
                         "2. Schulung der Mitarbeitenden\n")


def test_the_file_looks_like_one_written_by_new(tmp_path: Path) -> None:
    root = project(tmp_path)
    text = written(run(root, str(CASE_BODY)), root).read_text(encoding="utf-8")
    template = newcase.render({}, schema.CASE_FIELDS, "")

    def comments(source: str) -> list[str]:
        front = source[:source.index("\n---\n")]
        return [line for line in front.split("\n") if line.lstrip().startswith("#")]

    assert comments(text) == comments(template)  # every field with its German comment, in the same order
    assert 'title: "Digitale Terminvergabe im Bürgerbüro"' in text
    assert "problem: |-\n  Vor dem Projekt" in text  # Markdown as a literal block
    assert "\nwithdrawn:\n" in text  # the unanswered fields are empty


def test_standard_input_with_crlf_line_ends(tmp_path: Path) -> None:
    root = project(tmp_path)
    body = CASE_BODY.read_text(encoding="utf-8").replace("\n", "\r\n")
    path = written(run(root, "-", stdin=body), root)
    assert path.name == "beispielingen-digitale-terminvergabe-im-buergerbuero.md"
    assert "\r" not in path.read_text(encoding="utf-8")
    assert check(root).returncode == 0


def test_out_names_the_file_and_the_id(tmp_path: Path) -> None:
    root = project(tmp_path)
    target = tmp_path / "vorschau" / "beispielingen-termine.md"
    path = written(run(root, str(CASE_BODY), "--out", str(target)), root)
    assert path == target and target.is_file()
    assert not (root / "cases" / "beispielingen-digitale-terminvergabe-im-buergerbuero.md").exists()
    assert 'id: "beispielingen-termine"' in target.read_text(encoding="utf-8")
    again = run(root, str(CASE_BODY), "--out", str(target))
    assert again.returncode == 2 and "wird nicht überschrieben" in again.stderr
    bad = run(root, str(CASE_BODY), "--out", str(tmp_path / "Neuer Fall.md"))
    assert bad.returncode == 2 and "Kennung" in bad.stderr and not (tmp_path / "Neuer Fall.md").exists()


def test_an_existing_file_is_never_overwritten_the_id_gets_a_number(tmp_path: Path) -> None:
    root = project(tmp_path)
    existing = root / "cases" / "beispielingen-digitale-terminvergabe-im-buergerbuero.md"
    text = (VALID / "musterstadt-minimal.md").read_text(encoding="utf-8")
    text = text.replace("id: musterstadt-minimal", f"id: {existing.stem}")
    text = text.replace("Stadt Musterstadt", "Stadt Anderswo")
    existing.write_text(text, encoding="utf-8")
    path = written(run(root, str(CASE_BODY)), root)
    assert path.name == "beispielingen-digitale-terminvergabe-im-buergerbuero-2.md"
    assert existing.read_text(encoding="utf-8") == text
    assert check(root).returncode == 0


# --- an adoption record -------------------------------------------------------------------------------------

def test_a_complete_adoption_of_a_shipped_case(tmp_path: Path) -> None:
    root = project(tmp_path, REPO / "cases", REPO / "adoptions")
    before = files(root)
    proc = run(root, str(ADOPTION_BODY))  # the kind is recognised by the labels
    path = written(proc, root)
    assert proc.stdout == "geschrieben: adoptions/gemeinde-probedorf--musterstadt-maengelmelder.md\n"
    assert files(root) - before == {path.relative_to(root)}
    assert check(root).returncode == 0
    record = loaded(root, path)
    data = catalog.thaw(record.data)
    assert data["case"] == "musterstadt-maengelmelder"  # from the case page's address
    assert data["organisation"] == {"name": "Gemeinde Probedorf", "type": "municipality", "country": "DE",
                                    "state": "HE", "population": 7200}
    assert data["status"] == "operation" and data["since"] == "2023-05"
    assert data["changes"] == "Eigene Kategorie „Wilder Müll“ mit direkter Weiterleitung an den Bauhof."
    assert record.body == "\nDie Übernahme hat drei Monate gedauert.\n"
    # the same adoption again: the checker's rule, named by the form field, nothing written
    lines = problems_of(run(root, str(ADOPTION_BODY)))
    assert any(line.startswith("Feld „Name der Kommune oder Organisation“:") and path.name in line
               for line in lines), lines
    assert files(root) - before == {path.relative_to(root)}


def test_an_adoption_of_an_unknown_case_names_the_field(tmp_path: Path) -> None:
    root = project(tmp_path, REPO / "cases", REPO / "adoptions")
    body = with_answer(ADOPTION_BODY.read_text(encoding="utf-8"), "Übernommener Fall", "musterstadt-maengelmeldr")
    lines = problems_of(run(root, "-", "--kind", "adoption", stdin=body))
    assert len(lines) == 1 and lines[0].startswith("Feld „Übernommener Fall“: ")
    assert "Meinten Sie 'musterstadt-maengelmelder'?" in lines[0]


# --- problems: named by the form field, all at once, nothing written --------------------------------------

def test_a_missing_required_answer_names_the_field_and_writes_nothing(tmp_path: Path) -> None:
    root = project(tmp_path)
    before = files(root)
    body = with_answer(CASE_BODY.read_text(encoding="utf-8"), "Ausgangslage", "_No response_")
    lines = problems_of(run(root, "-", stdin=body))
    assert len(lines) == 1 and lines[0].startswith("Feld „Ausgangslage“: Die Pflichtangabe fehlt"), lines
    assert files(root) == before


def test_a_wrong_number_names_the_field(tmp_path: Path) -> None:
    root = project(tmp_path)
    body = with_answer(CASE_BODY.read_text(encoding="utf-8"), "Einwohnerzahl", "viele")
    assert problems_of(run(root, "-", stdin=body)) == [
        "Feld „Einwohnerzahl“: „viele“ ist keine Zahl, die sich lesen lässt – bitte eine ganze Zahl eintragen, "
        "z. B. 84000."]
    body = with_answer(CASE_BODY.read_text(encoding="utf-8"), "Einwohnerzahl", "84,5")
    assert problems_of(run(root, "-", stdin=body)) == [
        "Feld „Einwohnerzahl“: „84,5“ ist keine ganze Zahl – bitte eine ganze Zahl eintragen, z. B. 84000."]


def test_an_unknown_dropdown_value_names_the_field_and_the_choices(tmp_path: Path) -> None:
    root = project(tmp_path)
    body = with_answer(CASE_BODY.read_text(encoding="utf-8"), "Stand", "Läuft super")
    (line,) = problems_of(run(root, "-", stdin=body))
    assert line.startswith("Feld „Stand“: „Läuft super“ ist keine der Auswahlmöglichkeiten.")
    assert "Im Betrieb" in line
    body = with_answer(CASE_BODY.read_text(encoding="utf-8"), "Themen", "Bildung, Raumfahrt")
    (line,) = problems_of(run(root, "-", stdin=body))
    assert line.startswith("Feld „Themen“: „Raumfahrt“ ist keine der Auswahlmöglichkeiten.")


def test_every_problem_at_once_in_form_order(tmp_path: Path) -> None:
    root = project(tmp_path)
    body = CASE_BODY.read_text(encoding="utf-8")
    for label, answer in (("Titel", "_No response_"), ("Bundesland", "_No response_"), ("Einwohnerzahl", "viele"),
                          ("Partner", "Beispiel GmbH | Lieferant\nnur ein Name"), ("Beginn", "irgendwann"),
                          ("Laufende Kosten", "4.000–2.000"), ("Quellcode", "javascript:alert(1)"),
                          ("E-Mail", "digitalisierung(at)beispielingen.example"), ("Nachhaltigkeitsziele", "3, 18")):
        body = with_answer(body, label, answer)
    body = unticked(body, "Die Angaben enthalten keine")
    lines = problems_of(run(root, "-", stdin=body))
    named = [re.match(r"Feld „([^“]+)“", line).group(1) for line in lines]
    assert named == ["Titel", "Bundesland", "Einwohnerzahl", "Partner", "Partner", "Beginn", "Laufende Kosten",
                     "Quellcode", "E-Mail", "Nachhaltigkeitsziele", "Bestätigung"], lines
    assert "Feld „Partner“, Eintrag 1: „Lieferant“ ist keine mögliche Angabe für „Rolle“" in lines[3]
    assert lines[4].startswith("Feld „Partner“, Eintrag 2: „nur ein Name“ – bitte so schreiben: Name | Rolle")


def test_not_a_form_and_unreadable_files(tmp_path: Path) -> None:
    root = project(tmp_path)
    proc = run(root, str(ISSUES / "not_a_form.md"))
    assert proc.returncode == 1 and "keine Antworten aus dem Formular" in proc.stderr
    missing = run(root, str(tmp_path / "gibt-es-nicht.md"))
    assert missing.returncode == 2 and "gibt es nicht" in missing.stderr
    (tmp_path / "latin1.md").write_bytes("### Titel\n\nB\xfcrger".encode("latin-1"))
    assert run(root, str(tmp_path / "latin1.md")).returncode == 2


# --- duplicates -------------------------------------------------------------------------------------------

def test_a_similar_title_of_the_same_organisation_is_a_problem_unless_ticked(tmp_path: Path) -> None:
    root = project(tmp_path)  # has musterstadt-minimal: Stadt Musterstadt (NW), "Online-Terminvergabe im Bürgerbüro"
    body = CASE_BODY.read_text(encoding="utf-8")
    body = with_answer(body, "Name der Kommune oder Organisation", "Stadt Musterstadt")
    body = with_answer(body, "Bundesland", "Nordrhein-Westfalen")
    body = with_answer(body, "Gemeindeschlüssel", "_No response_")
    body = with_answer(body, "Titel", "Online-Terminvergabe im Bürgerbüro 2.0")
    before = files(root)
    (line,) = problems_of(run(root, "-", stdin=body))
    assert line.startswith("Feld „Titel“: Stadt Musterstadt hat schon einen Fall mit ähnlichem Titel: "
                           "cases/musterstadt-minimal.md („Online-Terminvergabe im Bürgerbüro“).")
    assert "„Kein Duplikat“ ankreuzen" in line and files(root) == before
    proc = run(root, "-", stdin=ticked(body, "Kein Duplikat"))
    path = written(proc, root)
    assert "Hinweis: " in proc.stderr and "cases/musterstadt-minimal.md" in proc.stderr
    assert path.name == "musterstadt-online-terminvergabe-im-buergerbuero-2-0.md"


def test_another_case_of_the_same_organisation_is_a_note(tmp_path: Path) -> None:
    root = project(tmp_path)
    body = CASE_BODY.read_text(encoding="utf-8")
    body = with_answer(body, "Name der Kommune oder Organisation", "Stadt Musterstadt")
    body = with_answer(body, "Bundesland", "Nordrhein-Westfalen")
    body = with_answer(body, "Gemeindeschlüssel", "_No response_")
    body = with_answer(body, "Titel", "Baumkataster mit Bürgerbeteiligung")
    proc = run(root, "-", stdin=body)
    written(proc, root)
    (note,) = [line for line in proc.stderr.splitlines() if line.startswith("Hinweis: ")]
    assert "Von Stadt Musterstadt gibt es schon:" in note and "cases/musterstadt-minimal.md" in note
    assert "cases/musterstadt-komplett.md" not in note  # another place (SH): another organisation
    assert check(root).returncode == 0


# --- hostile input stays harmless ------------------------------------------------------------------------

def _front_matter(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    assert text.startswith("---\n")
    return text[4:text.index("\n---\n", 4)]


def test_yaml_in_answers_is_written_as_text_and_reads_back_exactly(tmp_path: Path) -> None:
    root = project(tmp_path)
    text = (ISSUES / "hostile_yaml.md").read_text(encoding="utf-8")
    path = written(run(root, str(ISSUES / "hostile_yaml.md")), root)
    front = _front_matter(path)
    events = list(yaml.parse(front))  # no tags, anchors or aliases: plain data only
    assert not [e for e in events if getattr(e, "tag", None) or getattr(e, "anchor", None)
                or isinstance(e, yaml.AliasEvent)]
    assert check(root).returncode == 0
    data = catalog.thaw(loaded(root, path).data)
    raw = answers(text, "case")
    assert data["title"] == "Bürger-App --- Teil 2: key: value" == clean(raw["title"])
    assert data["summary"] == clean(raw["summary"]).replace("\n", " ")
    assert data["organisation"]["unit"] == "\"Amt\" für 'Digitales' \\ IT: ja"
    assert data["solution"] == clean(raw["solution"]) and data["solution"].startswith("---\ntitle: eingeschleust\n")
    assert data["reviewed"] != "1999-01-01" and data["id"] == path.stem
    body = loaded(root, path).body
    assert body == "\n" + clean(raw["bericht"]) + "\n"
    assert not (root / "cases" / "eingeschleust.md").exists()


def test_script_and_textarea_are_refused_by_field(tmp_path: Path) -> None:
    root = project(tmp_path)
    before = files(root)
    lines = problems_of(run(root, str(ISSUES / "hostile_html.md")))
    named = [re.match(r"Feld „([^“]+)“", line).group(1) for line in lines]
    assert named == ["Titel", "Lösung", "Ausführlicher Bericht"], lines
    assert "'<script…'" in lines[0] and "<script>" in lines[1] and "<iframe>" in lines[2]
    assert files(root) == before


def test_a_closing_textarea_tag_is_kept_as_text(tmp_path: Path) -> None:
    root = project(tmp_path)
    answer = "</textarea> Die Stadt führte ein Buchungssystem für alle Dienstleistungen ein. </textarea>"
    body = with_answer(CASE_BODY.read_text(encoding="utf-8"), "Lösung", answer)
    path = written(run(root, "-", stdin=body), root)
    assert loaded(root, path).data["solution"] == answer


@pytest.mark.parametrize("label", ["Ausgangslage", "Titel", "Partner", "Ausführlicher Bericht"])
def test_a_100_kb_answer_is_too_long_not_a_crash(tmp_path: Path, label: str) -> None:
    root = project(tmp_path)
    huge = ("Eine sehr lange Antwort | Umsetzung\n" if label == "Partner" else "Eine sehr lange Antwort. ") * 3000
    body = with_answer(CASE_BODY.read_text(encoding="utf-8"), label, huge[:100_000].strip())
    (line,) = problems_of(run(root, "-", stdin=body))
    assert line.startswith(f"Feld „{label}“: Die Antwort ist zu lang (")
    assert "Bitte kürzen." in line


def test_an_input_over_one_megabyte_is_refused(tmp_path: Path) -> None:
    root = project(tmp_path)
    proc = run(root, "-", stdin="### Titel\n\n" + "x" * (1024 * 1024 + 10))
    assert proc.returncode == 1 and "zu lang" not in proc.stdout and "länger als 1024 KB" in proc.stderr


def test_headings_typed_into_text_areas_stay_text(tmp_path: Path) -> None:
    root = project(tmp_path)
    body = CASE_BODY.read_text(encoding="utf-8")
    problem = "Vor dem Projekt war alles langsam.\n\n### Themen\n\nBildung\n\n### Ergebnisse\n\nkeine"
    report = "### Titel\n\nEin anderer Titel\n\n### Details\n\nText."
    body = with_answer(with_answer(body, "Ausgangslage", problem), "Ausführlicher Bericht", report)
    path = written(run(root, "-", stdin=body), root)
    case = loaded(root, path)
    assert case.data["problem"] == problem and case.data["topics"] == ("administration", "strategy")
    assert case.data["title"] == "Digitale Terminvergabe im Bürgerbüro" and case.body == f"\n{report}\n"


def test_control_characters_are_dropped_and_line_separators_are_line_breaks(tmp_path: Path) -> None:
    root = project(tmp_path)
    body = with_answer(CASE_BODY.read_text(encoding="utf-8"), "Lösung",
                       "Die Stadt\x00 führte\x7f ein Buchungssystem\u2028für alle Dienstleistungen\x85online ein.")
    path = written(run(root, "-", stdin=body), root)
    assert loaded(root, path).data["solution"] == ("Die Stadt führte ein Buchungssystem\nfür alle Dienstleistungen\n"
                                                   "online ein.")


# --- GitLab -----------------------------------------------------------------------------------------------

def fill_gitlab(kind: str, values: dict[str, str], ticks: list[str]) -> str:
    """The generated GitLab template with answers written under the help comments and boxes ticked."""
    text = (REPO / forms.GITLAB_FILES[kind]).read_text(encoding="utf-8")
    for label, answer in values.items():
        head = re.search(rf"^### {re.escape(label)}\n\n<!-- Hilfe:.*?-->\n", text, re.M | re.S)
        assert head, label
        rest = text[head.end():]
        following = rest.find("\n### ")
        section = rest if following < 0 else rest[:following]
        kept = "\n".join(line for line in section.split("\n") if line.startswith("- ["))  # the task lists
        text = text[:head.end()] + "\n" + answer + "\n" + (kept + "\n" if kept else "") + rest[len(section):]
    for option in ticks:  # the first box that starts with this text
        text = re.sub(rf"^- \[ \] {re.escape(option)}", f"- [x] {option}", text, count=1, flags=re.M)
    return text


def test_a_filled_gitlab_template_parses_with_the_same_parser(tmp_path: Path) -> None:
    root = project(tmp_path)
    body = fill_gitlab("case", {
        "Titel": "Digitale Terminvergabe im Bürgerbüro",
        "Zusammenfassung": "Die Stadt vergibt Termine im Bürgerbüro online; die Wartezeit ist gesunken.",
        "Name der Kommune oder Organisation": "Stadt Beispielingen",
        "Beginn": "März 2021",
        "Ausgangslage": "Vor dem Projekt warteten Bürgerinnen und Bürger oft mehrere Stunden im Flur.\n\n- lange",
        "Lösung": "Die Stadt führte ein Buchungssystem ein, das Termine für alle Dienstleistungen vergibt.",
        "Voraussetzungen": "Ein Server beim kommunalen IT-Dienstleister.",
        "Einmalige Kosten": "ca. 1,2 Mio. €",
        "Zuständige Stelle": "Amt für Digitalisierung",
        "E-Mail": "digitalisierung@beispielingen.example",
        "Ausführlicher Bericht": "## Ausgangslage\n\nLange Schlangen.",
    }, ["Stadt", "Baden-Württemberg", "Verwaltung & Bürgerservice", "Bildung", "Im Betrieb", "Software", "Mittel",
        "Ich darf diese Angaben", "Die Angaben enthalten keine"])
    assert "<!-- Hilfe:" in body
    path = written(run(root, "-", stdin=body), root)
    assert check(root).returncode == 0
    case = loaded(root, path)
    assert case.data["organisation"]["state"] == "BW" and case.data["organisation"]["country"] == "DE"
    assert case.data["topics"] == ("administration", "education") and case.data["lang"] == "de"
    assert case.data["cost"]["one_time_eur"] == 1_200_000 and case.data["started"] == "2021-03"
    assert case.data["content_license"] == "CC-BY-4.0"
    assert case.data["problem"].endswith("im Flur.\n\n- lange") and "Hilfe" not in path.read_text(encoding="utf-8")
    assert case.body == "\n## Ausgangslage\n\nLange Schlangen.\n"


def test_a_gitlab_choice_with_two_ticks_is_a_problem(tmp_path: Path) -> None:
    root = project(tmp_path, REPO / "cases", REPO / "adoptions")
    body = fill_gitlab("adoption", {"Übernommener Fall": "musterstadt-maengelmelder",
                                    "Name der Kommune oder Organisation": "Gemeinde Probedorf", "Seit": "2023",
                                    "Zuständige Stelle": "Hauptamt", "E-Mail": "hauptamt@probedorf.example"},
                       ["Gemeinde", "Hessen", "Im Betrieb", "Pilotphase", "Ich darf diese Angaben",
                        "Die Angaben enthalten keine"])
    assert detect_kind(body) == "adoption"
    assert problems_of(run(root, "-", stdin=body)) == ["Feld „Stand“: Bitte nur eine Angabe auswählen."]


# --- reading answers --------------------------------------------------------------------------------------

@pytest.mark.parametrize("text,value", [("84.000", 84000), ("84 000", 84000), ("84000 Einwohner", 84000),
                                        ("ca. 84.000", 84000), ("1,2 Mio.", 1_200_000), ("84,5", None),
                                        ("viele", None), ("-5", None)])
def test_integers_the_german_way(text: str, value: int | None) -> None:
    assert parse_number(text, integer=True) == value


@pytest.mark.parametrize("text,value", [("12.500", 12500), ("12 500 €", 12500), ("12.500,- €", 12500),
                                        ("12.500,00 EUR", 12500), ("10.000–20.000", {"min": 10000, "max": 20000}),
                                        ("von 10.000 bis 20.000 Euro", {"min": 10000, "max": 20000}),
                                        ("1–2 Mio. €", {"min": 1_000_000, "max": 2_000_000}), ("0", 0),
                                        ("-500", None), ("teuer", None), ("12,5", None)])
def test_amounts_the_german_way(text: str, value: object) -> None:
    assert parse_amount(text) == value


@pytest.mark.parametrize("text,value", [("0,5", 0.5), ("0.5", 0.5), ("1", 1), ("1,25 VZÄ", 1.25), ("halb", None)])
def test_numbers_the_german_way(text: str, value: object) -> None:
    assert parse_number(text, integer=False) == value


@pytest.mark.parametrize("text,value", [("2021", "2021"), ("2021-3", "2021-03"), ("03/2021", "2021-03"),
                                        ("März 2021", "2021-03"), ("15.03.2021", "2021-03-15"),
                                        ("seit 2020", "2020"), ("2021-13", None), ("31.02.2021", None),
                                        ("gestern", None)])
def test_dates_the_german_way(text: str, value: str | None) -> None:
    assert parse_date(text, partial=True) == value


def test_the_kind_is_recognised_by_the_labels() -> None:
    assert detect_kind(CASE_BODY.read_text(encoding="utf-8")) == "case"
    assert detect_kind(ADOPTION_BODY.read_text(encoding="utf-8")) == "adoption"
    assert detect_kind((ISSUES / "not_a_form.md").read_text(encoding="utf-8")) is None
    assert detect_kind("") is None

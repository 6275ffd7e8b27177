"""Command line: ``python -m generator check|schema|new|build|serve|demo``.

Exit codes: 0 fine, 1 problems in the input, 2 wrong usage (also: a folder given on the command line
that does not exist or is a file). No command ever ends in a traceback: unexpected failures are
reported in one plain sentence. Everything the command line says is German, argparse's own words too.
"""

from __future__ import annotations

import argparse
import difflib
import json
import sys
import textwrap
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, Sequence

from . import diagnostics

PROG = "python -m generator"

# argparse's own words (its gettext message ids, Python 3.9–3.13) in German. Words that are not here
# stay as argparse has them; nothing breaks.
_GERMAN = {
    "usage: ": "Aufruf: ",
    "positional arguments": "Argumente",
    "options": "Optionen",
    "optional arguments": "Optionen",
    "subcommands": "Befehle",
    "show this help message and exit": "diese Hilfe anzeigen und beenden",
    "show program's version number and exit": "die Versionsnummer anzeigen und beenden",
    "%(prog)s: error: %(message)s\n": "%(prog)s: Fehler: %(message)s\n",
    "argument %(argument_name)s: %(message)s": "%(argument_name)s: %(message)s",
    "the following arguments are required: %s": "diese Angaben fehlen: %s",
    "one of the arguments %s is required": "eine dieser Angaben ist nötig: %s",
    "unrecognized arguments: %s": "unbekannte Angaben: %s",
    "invalid choice: %(value)r (choose from %(choices)s)": "%(value)r ist hier nicht möglich; möglich sind: "
                                                           "%(choices)s",
    "invalid %(type)s value: %(value)r": "%(value)r ist keine %(type)s",
    "expected one argument": "hier fehlt der Wert",
    "expected at most one argument": "hier ist höchstens ein Wert möglich",
    "expected at least one argument": "hier fehlt mindestens ein Wert",
    "expected %s argument": "hier wird %s Wert erwartet",
    "expected %s arguments": "hier werden %s Werte erwartet",
    "ambiguous option: %(option)s could match %(matches)s": "%(option)s ist nicht eindeutig: gemeint sein kann "
                                                           "%(matches)s",
    "not allowed with argument %s": "nicht zusammen mit %s möglich",
    "ignored explicit argument %r": "%r ist hier überflüssig",
    "unexpected option string: %s": "unerwartete Option: %s",
    "unknown parser %(parser_name)r (choices: %(choices)s)": "%(parser_name)r ist kein Befehl; möglich sind: "
                                                             "%(choices)s",
    "can't open '%(filename)s': %(error)s": "'%(filename)s' lässt sich nicht öffnen: %(error)s",
}


def _gettext(message: str) -> str:
    return _GERMAN.get(message, message)


def _ngettext(singular: str, plural: str, n: int) -> str:
    return _gettext(singular if n == 1 else plural)


@contextmanager
def _german_argparse() -> Iterator[None]:
    """argparse looks up its gettext functions at the time it speaks; swap in German ones meanwhile."""
    german = {"_": _gettext, "ngettext": _ngettext}
    saved = {name: getattr(argparse, name) for name in german if hasattr(argparse, name)}
    for name in saved:
        setattr(argparse, name, german[name])
    try:
        yield
    finally:
        for name, function in saved.items():
            setattr(argparse, name, function)


class _Formatter(argparse.HelpFormatter):
    """Lists the commands directly under 'Befehle', without argparse's extra '{check,schema,…}' line, and
    keeps the line breaks of descriptions."""

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        return "\n".join(textwrap.fill(line, width, initial_indent=indent, subsequent_indent=indent)
                         for line in text.splitlines())

    def _format_action(self, action: argparse.Action) -> str:
        if isinstance(action, argparse._SubParsersAction):  # noqa: SLF001 - the one way to reach the commands
            return "".join(self._format_action(command) for command in action._get_subactions())
        return super()._format_action(action)


class _Parser(argparse.ArgumentParser):
    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> None:  # German, plain, exit code 2
        self.print_usage(sys.stderr)
        self.exit(2, f"Fehler beim Aufruf: {message}\nHilfe: {self.prog} --help\n")

    def _check_value(self, action: argparse.Action, value: object) -> None:
        if isinstance(action, argparse._SubParsersAction) and value not in action.choices:  # noqa: SLF001
            names = list(action.choices)
            close = difflib.get_close_matches(str(value), names, n=1)
            hint = f" Meinten Sie '{close[0]}'?" if close else ""
            raise argparse.ArgumentError(None, f"'{value}' ist kein Befehl.{hint} Die Befehle sind: "
                                               f"{', '.join(names)}.")
        super()._check_value(action, value)


def _number(name: str, low: int, high: int | None = None):
    """An argparse type for a whole number from ``low`` (to ``high``); ``name`` is how errors call it."""
    def convert(text: str) -> int:
        value = int(text.strip())
        if value < low or (high is not None and value > high):
            raise ValueError(text)
        return value
    convert.__name__ = name  # argparse says: '<value>' ist keine <name>
    return convert


_CASES_HELP = "Ordner mit den Fällen (Standard: cases)"
_FORMAT_HELP = ("Form der Meldungen: text (eine Zeile je Meldung), github (Anmerkungen in GitHub Actions), "
                "gitlab (Code-Quality-Bericht für GitLab-Merge-Requests) oder json (Standard: text)")
_FORMATS = ("text", "github", "gitlab", "json")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog=PROG, description="Praxisbörse: Fälle prüfen und die Website bauen.",
        epilog=f"Hilfe zu einem Befehl: {PROG} BEFEHL --help\n"
               "Rückgabewert: 0 alles in Ordnung, 1 Fehler in den Fällen, 2 falscher Aufruf.")
    commands = parser.add_subparsers(dest="command", title="Befehle", metavar="BEFEHL", parser_class=_Parser)

    def command(name: str, summary: str, description: str) -> argparse.ArgumentParser:
        return commands.add_parser(name, help=summary, description=description)

    check = command("check", "alle Fälle prüfen",
                    "Prüft alle Fälle und meldet jeden Fehler mit Datei, Zeile und Spalte. Rückgabewert 0: alles "
                    "in Ordnung, 1: Fehler gefunden.")
    check.add_argument("--cases", type=Path, default=Path("cases"), metavar="ORDNER", help=_CASES_HELP)
    check.add_argument("--format", choices=_FORMATS, default="text", help=_FORMAT_HELP)
    check.add_argument("--strict", action="store_true", help="Warnungen wie Fehler behandeln (Rückgabewert 1)")

    command("schema", "das JSON Schema eines Falls ausgeben",
            "Gibt das JSON Schema der Angaben eines Falls aus, z. B. für die Prüfung im Editor.")

    new = command("new", "einen neuen Fall aus der Vorlage anlegen",
                  "Legt einen neuen Fall aus der Vorlage an. Fehlende Angaben werden nachgefragt, wenn der Befehl "
                  "in einem Terminal läuft.")
    new.add_argument("--cases", type=Path, default=Path("cases"), metavar="ORDNER",
                     help="Ordner, in dem der Fall angelegt wird (Standard: cases)")
    new.add_argument("--id", dest="case_id", metavar="KENNUNG",
                     help="Kennung des Falls und Name der Datei, z. B. musterstadt-buergerapp")
    new.add_argument("--title", metavar="TITEL", help="Titel des Praxisbeispiels")
    new.add_argument("--municipality", metavar="NAME", help="Name der Kommune, z. B. 'Stadt Musterstadt'")
    new.add_argument("--state", metavar="KÜRZEL",
                     help="Bundesland-Kürzel, z. B. BW (leer lassen außerhalb Deutschlands)")
    new.add_argument("--country", default=None, metavar="LAND",
                     help="Ländercode nach ISO 3166-1, z. B. DE, AT, ES (Standard: DE)")
    new.add_argument("--topics", metavar="THEMEN",
                     help="ein bis drei Themen, durch Komma getrennt, z. B. administration,mobility")
    new.add_argument("--adoption", metavar="KENNUNG",
                     help="statt eines Falls eine Nachnutzungsmeldung für den Fall KENNUNG anlegen (in adoptions/)")
    new.add_argument("--force", action="store_true", help="eine bestehende Datei überschreiben")

    build = command("build", "Fälle prüfen und die Website bauen",
                    "Prüft alle Fälle und baut daraus die Website. Bei Fehlern in den Fällen bleibt die bisherige "
                    "Website unverändert.")
    build.add_argument("--cases", type=Path, default=Path("cases"), metavar="ORDNER", help=_CASES_HELP)
    build.add_argument("--out", type=Path, default=Path("site"), metavar="ORDNER",
                       help="Zielordner der Website (Standard: site)")
    build.add_argument("--format", choices=_FORMATS, default="text", help=_FORMAT_HELP)
    build.add_argument("--clean", action="store_true",
                       help="den Zwischenspeicher nicht verwenden und alles neu bauen")
    build.add_argument("--interest", type=Path, metavar="DATEI",
                       help="Interessenbekundungen aus dieser Datei zeigen (geschrieben von 'interest')")

    serve = command("serve", "die Website als Vorschau im Browser zeigen",
                    "Baut die Website, zeigt sie auf diesem Rechner im Browser an (http://127.0.0.1:PORT/) und "
                    "baut sie nach jeder Änderung an den Fällen neu. Beenden mit Strg+C.")
    serve.add_argument("--port", type=_number("Portnummer von 0 bis 65535", 0, 65535), default=8000,
                       metavar="PORT", help="Port des Servers (Standard: 8000; 0 wählt einen freien Port)")
    serve.add_argument("--cases", type=Path, default=Path("cases"), metavar="ORDNER", help=_CASES_HELP)
    serve.add_argument("--out", type=Path, default=Path("site"), metavar="ORDNER",
                       help="Zielordner der Website (Standard: site)")

    demo = command("demo", "erfundene Beispielfälle für Tests und Messungen erzeugen",
                   "Schreibt erfundene, aber gültige Fälle in einen Ordner, z. B. um die Website mit vielen Fällen "
                   "zu messen.")
    demo.add_argument("--count", type=_number("ganze Zahl ab 1", 1), required=True, metavar="ANZAHL",
                      help="Anzahl der Fälle (Pflicht)")
    demo.add_argument("--out", type=Path, required=True, metavar="ORDNER",
                      help="Ordner, in den die Fälle geschrieben werden (Pflicht)")
    demo.add_argument("--seed", type=_number("ganze Zahl", 0), default=1, metavar="ZAHL",
                      help="Startwert des Zufalls: derselbe Wert ergibt dieselben Fälle (Standard: 1)")
    demo.add_argument("--adoptions", action="store_true",
                      help="auch erfundene Nachnutzungsmeldungen schreiben, in den Ordner adoptions/ neben ORDNER")

    interest = command("interest", "Interessenbekundungen von GitHub abrufen",
                       "Liest die offenen Issues mit dem Label 'interesse' (aus dem Formular \"Interesse an einem "
                       "Fall\") über die GitHub-API und schreibt sie als JSON-Datei, die 'build --interest' liest. "
                       "Ein Token in der Umgebungsvariable GITHUB_TOKEN erhöht das Abfragelimit; GITHUB_API_URL "
                       "ändert die Adresse der API (Standard: https://api.github.com).")
    interest.add_argument("--repo", required=True, metavar="EIGENTÜMER/NAME",
                          help="das GitHub-Repository mit den Issues, z. B. musterstadt/praxisboerse (Pflicht)")
    interest.add_argument("--out", type=Path, required=True, metavar="DATEI",
                          help="die JSON-Datei, die geschrieben wird, z. B. interesse.json (Pflicht)")

    command("forms", "Formulare für neue Fälle und Nachnutzungen aus dem Schema schreiben",
            "Schreibt die Issue-Formulare für GitHub (.github/ISSUE_TEMPLATE/praxisbeispiel.yml, nachnutzung.yml) "
            "und die Issue-Vorlagen für GitLab (.gitlab/issue_templates/) aus dem Schema der Fälle, im "
            "aktuellen Ordner. Das Formular interesse.yml bleibt, wie es ist.")

    from_issue = command("from-issue", "aus einem ausgefüllten Formular (Issue) eine Fall-Datei machen",
                         "Liest den Text eines Issues, das mit dem Formular für ein Praxisbeispiel oder eine "
                         "Nachnutzung eingereicht wurde, prüft jede Antwort und schreibt daraus die Datei "
                         "(cases/<kennung>.md oder adoptions/<name>.md). Fehlt etwas oder ist etwas falsch, nennt "
                         "der Befehl das Formularfeld und schreibt nichts. Rückgabewert 0: geschrieben, 1: Fehler "
                         "in den Antworten.")
    from_issue.add_argument("file", type=Path, metavar="DATEI",
                            help="Datei mit dem Text des Issues ('-' liest von der Standardeingabe)")
    from_issue.add_argument("--kind", choices=("case", "adoption"), default=None,
                            help="case (Praxisbeispiel) oder adoption (Nachnutzung); Standard: am Text erkannt")
    from_issue.add_argument("--out", type=Path, metavar="DATEI",
                            help="in diese Datei schreiben statt nach cases/ oder adoptions/")
    from_issue.add_argument("--cases", type=Path, default=Path("cases"), metavar="ORDNER", help=_CASES_HELP)

    stale = command("stale", "Fälle nennen, deren Prüfung zu lange her ist",
                    "Nennt jeden Fall, dessen Angabe 'reviewed' älter als MONATE Monate ist, mit Titel, Datei und "
                    "Kontakt; als Text oder als JSON (für den monatlichen Workflow, der Issues dazu öffnet).")
    stale.add_argument("--cases", type=Path, default=Path("cases"), metavar="ORDNER", help=_CASES_HELP)
    stale.add_argument("--months", type=_number("ganze Zahl ab 1", 1), default=24, metavar="MONATE",
                       help="so viele Monate darf die letzte Prüfung her sein (Standard: 24)")
    stale.add_argument("--format", choices=("text", "json"), default="text",
                       help="text (eine Zeile je Fall) oder json (Standard: text)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    with _german_argparse():
        parser = _parser()
        args, unknown = parser.parse_known_args(argv)
        if args.command is None:  # no command: the overview of all commands, as a usage error
            parser.print_help(sys.stderr)
            return _usage_error(f"Bitte einen Befehl angeben, z. B. {PROG} check.")
        if unknown:  # said by the command's parser, so that its usage and help are shown
            _command_parser(parser, args.command).error(_gettext("unrecognized arguments: %s") % " ".join(unknown))
    try:
        return _COMMANDS[args.command](args)
    except KeyboardInterrupt:
        print("Abgebrochen.", file=sys.stderr)
        return 130
    except Exception as exc:  # the last line of defence: never a traceback for the user
        print(f"Interner Fehler ({type(exc).__name__}: {exc}). Bitte melden Sie diesen Fehler mit dem "
              "Befehl, den Sie ausgeführt haben.", file=sys.stderr)
        return 3


def _command_parser(parser: argparse.ArgumentParser, name: str) -> argparse.ArgumentParser:
    commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))  # noqa: SLF001
    return commands.choices[name]


# --- folders given on the command line: checked here, so that every command says the same ---------------

def _usage_error(message: str) -> int:
    print(f"Fehler beim Aufruf: {message}", file=sys.stderr)
    return 2


def _cases_problem(cases: Path) -> str | None:
    """Why ``--cases`` cannot be read, or None."""
    if cases.is_dir():
        return None
    if cases.exists():
        return f"'{cases}' ist eine Datei, kein Ordner. Bitte bei --cases den Ordner mit den Fällen angeben."
    return f"den Ordner '{cases}' gibt es nicht. Bitte bei --cases den Ordner mit den Fällen angeben."


def _folder_problem(folder: Path, option: str) -> str | None:
    """Why a folder to write into cannot be made at ``folder``, or None: it or a folder above it is a file."""
    if folder.exists() and not folder.is_dir():
        return f"'{folder}' ist eine Datei, kein Ordner. Bitte bei {option} einen Ordner angeben."
    for above in folder.parents:
        if above.exists():
            if not above.is_dir():
                return (f"'{above}' ist eine Datei, kein Ordner; darin kann '{folder}' nicht angelegt werden. "
                        f"Bitte bei {option} einen anderen Ordner angeben.")
            break
    return None


def _first(*problems: str | None) -> str | None:
    return next((problem for problem in problems if problem), None)


# --- the commands ---------------------------------------------------------------------------------------

def cmd_check(args: argparse.Namespace) -> int:
    problem = _cases_problem(args.cases)
    if problem:
        return _usage_error(problem)
    from .catalog import check

    result = check(args.cases)
    output = diagnostics.render(result.problems, args.format)
    if output:
        print(output)
    if args.format == "text":
        print(diagnostics.summary(result.problems, result.files, result.adoption_files, result.collection_files),
              file=sys.stderr)
    errors, warnings = diagnostics.count(result.problems)
    return 1 if errors or (args.strict and warnings) else 0


def cmd_schema(args: argparse.Namespace) -> int:
    from .schema import json_schema

    print(json.dumps(json_schema(), ensure_ascii=False, indent=2))
    return 0


def cmd_new(args: argparse.Namespace) -> int:
    problem = _folder_problem(args.cases, "--cases")
    if problem:
        return _usage_error(problem)
    from .newcase import run

    return run(args)


def cmd_build(args: argparse.Namespace) -> int:
    problem = _first(_cases_problem(args.cases), _folder_problem(args.out, "--out"))
    if problem:
        return _usage_error(problem)
    from .build import run

    if args.interest is not None and not args.interest.is_file():
        return _usage_error(f"die Datei '{args.interest}' gibt es nicht. Bitte bei --interest die Datei angeben, "
                            "die 'python -m generator interest' geschrieben hat.")
    return run(args.cases, args.out, problem_format=args.format, clean=args.clean, interest=args.interest)


def cmd_serve(args: argparse.Namespace) -> int:
    problem = _first(_cases_problem(args.cases), _folder_problem(args.out, "--out"))
    if problem:
        return _usage_error(problem)
    from .serve import run

    return run(args)


def cmd_demo(args: argparse.Namespace) -> int:
    problem = _folder_problem(args.out, "--out")
    if problem:
        return _usage_error(problem)
    from . import demo

    written = demo.write(args.count, args.out, seed=args.seed)
    print(f"{written} erfundene Fälle in {args.out} geschrieben.", file=sys.stderr)
    if args.adoptions:
        from .catalog import adoptions_folder

        folder = adoptions_folder(args.out)
        records = demo.write_adoptions(args.out, folder, seed=args.seed)
        print(f"{records} erfundene Nachnutzungsmeldungen in {folder} geschrieben.", file=sys.stderr)
    return 0


def cmd_interest(args: argparse.Namespace) -> int:
    import os

    from . import interest

    problem = _first(interest.repository_problem(args.repo),
                     f"'{args.out}' ist ein Ordner. Bitte bei --out eine Datei angeben, z. B. interesse.json."
                     if args.out.is_dir() else None,
                     _folder_problem(args.out.parent, "--out"))
    if problem:
        return _usage_error(problem)
    api = (os.environ.get("GITHUB_API_URL") or "https://api.github.com").strip().rstrip("/")
    token = (os.environ.get("GITHUB_TOKEN") or "").strip() or None
    try:
        fetched = interest.fetch_all(args.repo, api=api, token=token)
        interest.write(fetched.data, args.out)
    except interest.InterestError as exc:
        print(exc.message, file=sys.stderr)
        return 1
    for number, reason in fetched.skipped:
        print(f"Issue #{number} übersprungen: {reason}.", file=sys.stderr)
    count, cases = fetched.count, len(fetched.data["cases"])
    print(f"{count} {'Interessenbekundung' if count == 1 else 'Interessenbekundungen'} zu {cases} "
          f"{'Fall' if cases == 1 else 'Fällen'} in {args.out} geschrieben.", file=sys.stderr)
    return 0


def cmd_forms(args: argparse.Namespace) -> int:
    from .forms import write

    for path in write(Path.cwd()):
        print(f"geschrieben: {path}")
    return 0


def cmd_from_issue(args: argparse.Namespace) -> int:
    from .from_issue import run

    return run(args.file, kind=args.kind, out=args.out, cases=args.cases)


def cmd_stale(args: argparse.Namespace) -> int:
    problem = _cases_problem(args.cases)
    if problem:
        return _usage_error(problem)
    from .stale import run

    return run(args.cases, months=args.months, fmt=args.format)


_COMMANDS = {"check": cmd_check, "schema": cmd_schema, "new": cmd_new, "build": cmd_build, "serve": cmd_serve,
             "demo": cmd_demo, "interest": cmd_interest, "forms": cmd_forms, "from-issue": cmd_from_issue,
             "stale": cmd_stale}

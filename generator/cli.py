"""Command line: ``python -m generator check|schema|new|demo|build``.

Exit codes: 0 fine, 1 problems in the input, 2 wrong usage. No command ever
ends in a traceback: unexpected failures are reported in one plain sentence.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Sequence

from . import diagnostics


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # German, plain, exit code 2
        self.print_usage(sys.stderr)
        self.exit(2, f"Fehler beim Aufruf: {message}\n")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m generator", description="Praxisbörse: Fälle prüfen und die Website bauen.")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    check = commands.add_parser("check", help="alle Fälle prüfen")
    check.add_argument("--cases", type=Path, default=Path("cases"), help="Ordner mit den Fällen (Standard: cases)")
    check.add_argument("--format", choices=("text", "github", "json"), default="text", help="Ausgabeformat")
    check.add_argument("--strict", action="store_true", help="Warnungen wie Fehler behandeln")

    commands.add_parser("schema", help="das JSON Schema eines Falls ausgeben")

    new = commands.add_parser("new", help="einen neuen Fall aus der Vorlage anlegen")
    new.add_argument("--cases", type=Path, default=Path("cases"))
    new.add_argument("--id", dest="case_id")
    new.add_argument("--title")
    new.add_argument("--municipality", help="Name der Kommune, z. B. 'Stadt Musterstadt'")
    new.add_argument("--state", help="Bundesland-Kürzel, z. B. BW (leer lassen außerhalb Deutschlands)")
    new.add_argument("--country", default=None, help="Ländercode, Standard DE")
    new.add_argument("--topics", help="ein bis drei Themen, durch Komma getrennt, z. B. administration,mobility")
    new.add_argument("--force", action="store_true", help="eine bestehende Datei überschreiben")

    build = commands.add_parser("build", help="Fälle prüfen und die Website bauen")
    build.add_argument("--cases", type=Path, default=Path("cases"), help="Ordner mit den Fällen (Standard: cases)")
    build.add_argument("--out", type=Path, default=Path("site"), help="Zielordner (Standard: site)")
    build.add_argument("--format", choices=("text", "github", "json"), default="text",
                       help="Format der Fehlermeldungen")

    demo = commands.add_parser("demo", help="erfundene Beispielfälle für Tests und Messungen erzeugen")
    demo.add_argument("--count", type=int, required=True)
    demo.add_argument("--out", type=Path, required=True)
    demo.add_argument("--seed", type=int, default=1)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return _COMMANDS[args.command](args)
    except KeyboardInterrupt:
        print("Abgebrochen.", file=sys.stderr)
        return 130
    except Exception as exc:  # the last line of defence: never a traceback for the user
        print(f"Interner Fehler ({type(exc).__name__}: {exc}). Bitte melden Sie diesen Fehler mit dem "
              "Befehl, den Sie ausgeführt haben.", file=sys.stderr)
        return 3


def cmd_check(args: argparse.Namespace) -> int:
    from .catalog import check

    if not args.cases.is_dir():
        print(f"Fehler beim Aufruf: den Ordner '{args.cases}' gibt es nicht.", file=sys.stderr)
        return 2
    result = check(args.cases)
    output = diagnostics.render(result.problems, args.format)
    if output:
        print(output)
    if args.format == "text":
        print(diagnostics.summary(result.problems, result.files), file=sys.stderr)
    errors, warnings = diagnostics.count(result.problems)
    return 1 if errors or (args.strict and warnings) else 0


def cmd_schema(args: argparse.Namespace) -> int:
    from .schema import json_schema

    print(json.dumps(json_schema(), ensure_ascii=False, indent=2))
    return 0


def cmd_new(args: argparse.Namespace) -> int:
    from .newcase import run

    return run(args)


def cmd_build(args: argparse.Namespace) -> int:
    from .build import run

    return run(args.cases, args.out, problem_format=args.format)


def cmd_demo(args: argparse.Namespace) -> int:
    from . import demo

    if args.count < 1:
        print("Fehler beim Aufruf: --count muss mindestens 1 sein.", file=sys.stderr)
        return 2
    written = demo.write(args.count, args.out, seed=args.seed)
    print(f"{written} erfundene Fälle in {args.out} geschrieben.", file=sys.stderr)
    return 0


_COMMANDS = {"check": cmd_check, "schema": cmd_schema, "new": cmd_new, "demo": cmd_demo, "build": cmd_build}

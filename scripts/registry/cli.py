"""The ``registry`` command: subcommands are plain functions that return the exit status.

0: clean; 1: problems found (errors; warnings alone keep 0); 2: usage or configuration error.
Expected failures raise ``RegistryError`` and are turned into a message here, in one place.

The language of everything printed is chosen here, once, before the commands' modules are imported
(some read their labels at import time): ``--lang vi|en`` (before or after the subcommand), else
``REGISTRY_LANG``, else the locale, else Vietnamese (``catalogue.choose``). argparse's own words
(``usage:``, its errors) come from the catalogue too (``_argparse_frame``).
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from pathlib import Path

from registry import __version__, catalogue
from registry.catalogue import LANGUAGES, REGISTRY_LANGUAGE, speaking, text
from registry.config import CONFIG_FILE, PROPOSAL_SCHEMA, Registry, find_root, load_registry
from registry.errors import RegistryError
from registry.parallel import collect_again, freeze_at_exit
from registry.reporters import REPORTERS, printable


def _registry(args: argparse.Namespace) -> Registry:
    return load_registry(_root(args))


def cmd_validate(args: argparse.Namespace) -> int:
    from registry.validate import validate

    report = validate(_registry(args), args.paths, jobs=args.jobs, as_of=_as_of(args.as_of) if args.as_of else None)
    REPORTERS[args.format](report, sys.stdout)
    return report.exit_status


def _as_of(day: str | None) -> date:

    if day is None:
        return date.today()
    try:
        return date.fromisoformat(day)
    except ValueError:
        raise RegistryError(text("report.error.date", day=day)) from None


def cmd_site_prepare(args: argparse.Namespace) -> int:
    """``registry site prepare``: the pages written into build/ for either engine (sitebuild.py)."""
    from registry.sitebuild import prepare

    root = _root(args)
    print(prepare(root, strict=not args.no_strict).relative_to(root))
    return 0


def cmd_site_finish(args: argparse.Namespace) -> int:
    """``registry site finish``: the engine's output cleaned and indexed into site/ (sitebuild.py)."""
    from registry.sitebuild import finish

    finish(_root(args))
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    from registry.reporting import FORMATS, build_report, parse_period

    registry = _registry(args)
    as_of = _as_of(args.as_of)
    period = parse_period(args.period, registry.report_year_start, as_of)
    if args.format == "xlsx" and args.output is None:
        raise RegistryError(text("report.error.binary"))
    content = FORMATS[args.format](build_report(registry, as_of, period, as_they_were=args.as_they_were))
    if args.output is None:
        sys.stdout.buffer.write(content)
        sys.stdout.flush()
    else:
        try:
            Path(args.output).write_bytes(content)
        except OSError as error:
            raise RegistryError(text("cli.error.cannot_write", path=args.output, reason=error.strerror)) from None
    return 0


def cmd_rules(args: argparse.Namespace) -> int:
    from registry.rules import render_rules

    sys.stdout.write(render_rules(args.format))
    return 0


def cmd_new(args: argparse.Namespace) -> int:
    from registry.new import run

    return run(_registry(args), args)


def cmd_check(args: argparse.Namespace) -> int:
    from registry.check import check_changes, unchecked
    from registry.gitrepo import Repository

    registry = _registry(args)
    repository = Repository(registry.root)
    report = check_changes(registry, repository, args.base, args.head)
    REPORTERS[args.format](report, sys.stdout)
    for path in unchecked(repository, args.head):  # on stderr: --format json stays one document
        key = "check.uncommitted_config" if path == CONFIG_FILE else "check.uncommitted"
        print(printable(text(key, path=path)), file=sys.stderr)
    return report.exit_status


def cmd_codeowners(args: argparse.Namespace) -> int:
    from registry.codeowners import CODEOWNERS, codeowners_difference, write_codeowners

    registry = _registry(args)
    difference = codeowners_difference(registry)
    if args.check:
        if difference:
            sys.stdout.write(difference)
            print(text("cli.error.codeowners_stale", file=CODEOWNERS), file=sys.stderr)
            return 1
        return 0
    if difference:
        write_codeowners(registry)
        print(text("cli.wrote", file=CODEOWNERS))
    return 0


def cmd_audit(args: argparse.Namespace) -> int:
    from registry.audit import audit
    from registry.github import GitHub
    from registry.gitrepo import Repository
    from registry.lint.report import Report

    registry = _registry(args)
    repository = Repository(registry.root)
    # --since overrides the adoption point that registry.yml names (``adopted_at``).
    adopted = args.since or registry.adopted_at
    since = repository.resolve(adopted) if adopted else None
    # A fresh clone whose checked-out branch is another has "main" only as "origin/main".
    branch = args.branch if repository.has_commit(args.branch) else f"origin/{args.branch}"
    if not repository.has_commit(branch):
        branch = args.branch  # resolved below, to say that it is unknown
    # The pull request's base is the branch's name on GitHub: "origin/main" is audited as "main".
    github = (
        GitHub.from_environment(args.github_repository, args.branch.removeprefix("origin/"))
        if args.github_repository
        else None
    )
    _paused_until_exit()
    problems, events = audit(repository, branch, since, registry.pull_request_signers, github)
    report = Report.of(problems, events, summary="audit.summary")
    REPORTERS[args.format](report, sys.stdout)
    return report.exit_status


def cmd_history(args: argparse.Namespace) -> int:
    from registry.gitrepo import Repository
    from registry.history import HistoryReading
    from registry.provenance import Keyring, prover
    from registry.reporters import report_history

    # Git starts reading the history first, and reads it while registry.yml is checked and the keys
    # imported here.
    repository = Repository(_root(args))
    since = repository.resolve(args.since) if args.since else None
    _paused_until_exit()
    with HistoryReading(repository, head=repository.resolve(args.branch), since=since) as reading:
        registry = _registry(args)
        with Keyring(registry.pull_request_signers) as keyring:
            history = reading.finish(prover(repository, keyring))
        if args.id is not None:
            if args.id not in history:
                raise RegistryError(text("cli.error.no_history", id=args.id))
            history = {args.id: history[args.id]}
        report_history(history, args.format, sys.stdout)  # before the collector's pause ends (history.py)
    return 0


def cmd_init(args: argparse.Namespace) -> int:
    from registry.init import init_registry

    folder = Path(args.folder)
    written = init_registry(folder, args.name, args.github_org)
    print(printable(text("init.done", folder=folder, count=len(written))))
    print(text("init.next"))
    return 0


def _root(args: argparse.Namespace) -> Path:
    """The registry's folder, without reading its configuration (which may be what is being repaired)."""
    root = Path(args.root).resolve() if args.root else find_root(Path.cwd())
    if not (root / "registry.yml").is_file():
        raise RegistryError(text("cli.error.no_registry", root=root))
    return root


def cmd_schema(args: argparse.Namespace) -> int:
    from registry.lifecycle_schema import stale_conditions, write_conditions

    root = _root(args)
    if args.check:
        if stale_conditions(root):
            print(text("cli.error.schema_stale", file=PROPOSAL_SCHEMA), file=sys.stderr)
            return 1
        return 0
    if write_conditions(root):
        print(text("cli.wrote", file=PROPOSAL_SCHEMA))
    return 0


def cmd_migrate(args: argparse.Namespace) -> int:
    from registry.migrate import migrate

    root = _root(args)
    changes = migrate(root, dry_run=args.dry_run)
    for line in changes.lines():
        print(printable(line))
    if not changes.changed:
        print(text("migrate.current", version=changes.target))
    return 0


def _day(value: str) -> str:
    from datetime import date

    try:
        valid = date.fromisoformat(value).isoformat() == value
    except ValueError:
        valid = False
    if not valid:
        raise argparse.ArgumentTypeError(text("cli.error.not_a_date", value=value))
    return value


def cmd_form(args: argparse.Namespace) -> int:
    from registry.form import FORM, form_difference, today, write_form

    registry = _registry(args)
    day = today()
    with speaking(REGISTRY_LANGUAGE):  # the form is the registry's, whoever writes it
        difference = form_difference(registry, day)
    if args.check:
        if difference:
            sys.stdout.write(difference)
            print(text("form.stale", file=FORM), file=sys.stderr)
            return 1
        return 0
    if difference:
        with speaking(REGISTRY_LANGUAGE):
            write_form(registry, day)
        print(text("form.wrote", file=FORM))
    return 0


def cmd_intake(args: argparse.Namespace) -> int:
    """The proposal it writes and its report (the issue's comment) are public: in the registry's language."""
    with speaking(REGISTRY_LANGUAGE):
        return _intake(args)


def _intake(args: argparse.Namespace) -> int:
    from registry.form import today
    from registry.intake import Intake, Refused, intake, report

    registry = _registry(args)
    try:
        body = Path(args.body).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise RegistryError(text("cli.error.body_unreadable", path=args.body, reason=error)) from None
    result: Intake | Refused
    try:
        result = intake(registry, body, args.submitted or today())
    except Refused as refused:
        result = refused
    if args.report:
        Path(args.report).write_text(report(result, args.number), encoding="utf-8")
    if isinstance(result, Refused):
        for line in report(result, None).strip().splitlines():
            print(printable(line), file=sys.stderr)
        return 1
    print(result.path)
    return 0


# argparse's messages that a user may read (--help, usage errors), by its English text: the catalogue's
# key of each. Those left out are for the programmer (a parser built wrong) and stay English.
ARGPARSE_WORDS = {
    "usage: ": "cli.argparse.usage",
    "positional arguments": "cli.argparse.positionals",
    "options": "cli.argparse.options",
    "show this help message and exit": "cli.argparse.help",
    "%(prog)s: error: %(message)s\n": "cli.argparse.error",
    "argument %(argument_name)s: %(message)s": "cli.argparse.argument",
    "the following arguments are required: %s": "cli.argparse.required",
    "one of the arguments %s is required": "cli.argparse.one_of",
    "unrecognized arguments: %s": "cli.argparse.unrecognized",
    "not allowed with argument %s": "cli.argparse.not_allowed",
    "ignored explicit argument %r": "cli.argparse.ignored",
    "ambiguous option: %(option)s could match %(matches)s": "cli.argparse.ambiguous",
    "invalid choice: %(value)r (choose from %(choices)s)": "cli.argparse.invalid_choice",
    "invalid %(type)s value: %(value)r": "cli.argparse.invalid_value",
    "unknown parser %(parser_name)r (choices: %(choices)s)": "cli.argparse.unknown_parser",
    "expected one argument": "cli.argparse.expected_one",
    "expected at most one argument": "cli.argparse.expected_at_most_one",
    "expected at least one argument": "cli.argparse.expected_at_least_one",
}
ARGPARSE_PLURALS = {"expected %s argument": "cli.argparse.expected_n"}


def _frame_word(message: str) -> str:
    key = ARGPARSE_WORDS.get(message)
    return text(key) if key else message


def _frame_plural(singular: str, plural: str, count: int) -> str:
    key = ARGPARSE_PLURALS.get(singular)
    if key:
        return text(key)
    return singular if count == 1 else plural


@contextmanager
def _argparse_frame() -> Iterator[None]:
    """argparse's words from the catalogue while the parser is built and used.

    argparse looks its words up through its module's ``_`` and ``ngettext`` (gettext's), at the moment
    it needs them: when a parser is made (``options``, ``-h``'s help) and when it prints help or an
    error. gettext would need a compiled .mo file per language; these two names are given the
    catalogue's lookup instead, for the length of the block only, so that no other user of argparse in
    the process (pytest's, say) is touched."""
    saved = {name: getattr(argparse, name) for name in ("_", "ngettext")}
    setattr(argparse, "_", _frame_word)  # noqa: B010 (argparse's stub does not declare them)
    setattr(argparse, "ngettext", _frame_plural)  # noqa: B010
    try:
        yield
    finally:
        for name, value in saved.items():
            setattr(argparse, name, value)


def _add_language(parser: argparse.ArgumentParser, default: object) -> None:
    parser.add_argument("--lang", choices=LANGUAGES, default=default, help=text("cli.help.lang"))


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="registry", description=text("cli.help.description"))
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}", help=text("cli.help.version"))
    parser.add_argument("--root", help=text("cli.help.root"))
    _add_language(parser, catalogue.language())
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    validate = commands.add_parser("validate", help=text("cli.help.validate"), description=text("cli.help.validate"))
    validate.add_argument("paths", nargs="*", metavar="PATH", help=text("cli.help.paths"))
    validate.add_argument("--format", choices=sorted(REPORTERS), default="text", help=text("cli.help.output_format"))
    validate.add_argument("--jobs", type=int, default=None, help=text("cli.help.jobs"))
    validate.set_defaults(run=cmd_validate)

    rules = commands.add_parser("rules", help=text("cli.help.rules"), description=text("cli.help.rules"))
    rules.add_argument("--format", choices=("text", "markdown"), default="text", help=text("cli.help.output_format"))
    rules.set_defaults(run=cmd_rules)

    check = commands.add_parser("check", help=text("cli.help.check"), description=text("cli.help.check"))
    check.add_argument("--base", required=True, help=text("cli.help.base"))
    check.add_argument("--head", default="HEAD", help=text("cli.help.head"))
    check.add_argument("--format", choices=sorted(REPORTERS), default="text", help=text("cli.help.output_format"))
    check.set_defaults(run=cmd_check)

    codeowners = commands.add_parser(
        "codeowners", help=text("cli.help.codeowners"), description=text("cli.help.codeowners")
    )
    codeowners.add_argument("--check", action="store_true", help=text("cli.help.codeowners_check"))
    codeowners.set_defaults(run=cmd_codeowners)

    audit = commands.add_parser("audit", help=text("cli.help.audit"), description=text("cli.help.audit"))
    audit.add_argument("--branch", default="main", help=text("cli.help.audit_branch"))
    audit.add_argument(
        "--since",
        help=text("cli.help.audit_since"),
    )
    audit.add_argument("--format", choices=sorted(REPORTERS), default="text", help=text("cli.help.output_format"))
    audit.add_argument(
        "--github-repository",
        metavar="OWNER/REPO",
        help=text("cli.help.github_repository"),
    )
    audit.set_defaults(run=cmd_audit)

    history = commands.add_parser("history", help=text("cli.help.history"), description=text("cli.help.history"))
    history.add_argument("id", nargs="?", help=text("cli.help.history_id"))
    history.add_argument("--branch", default="HEAD", help=text("cli.help.history_branch"))
    history.add_argument("--since", help=text("cli.help.history_since"))
    history.add_argument("--format", choices=("text", "json"), default="text", help=text("cli.help.output_format"))
    history.set_defaults(run=cmd_history)

    new = commands.add_parser("new", help=text("new.help.command"), description=text("new.help.command"))
    new.add_argument("--title", help=text("new.help.title"))
    new.add_argument("--summary", help=text("new.help.summary"))
    new.add_argument("--unit", help=text("new.help.unit"))
    new.add_argument("--field", help=text("new.help.field"))
    new.add_argument("--author", help=text("new.help.author"))
    new.add_argument("--position", help=text("new.help.position"))
    new.add_argument("--author-unit", help=text("new.help.author_unit"))
    new.add_argument("--head", action="store_true", help=text("new.help.head"))
    new.add_argument("--category", help=text("new.help.category"))
    new.add_argument("--person-id", help=text("new.help.person_id"))
    new.add_argument("--submitted", help=text("new.help.submitted"))
    new.add_argument("--year", type=int, help=text("new.help.year"))
    new.add_argument("--no-input", action="store_true", help=text("new.help.no_input"))
    new.add_argument("--dry-run", action="store_true", help=text("new.help.dry_run"))
    new.set_defaults(run=cmd_new)

    form = commands.add_parser("form", help=text("form.help.command"), description=text("form.help.command"))
    form.add_argument("--check", action="store_true", help=text("form.help.check"))
    form.set_defaults(run=cmd_form)

    intake = commands.add_parser("intake", help=text("intake.help.command"), description=text("intake.help.command"))
    intake.add_argument("--body", required=True, metavar="FILE", help=text("intake.help.body"))
    intake.add_argument("--number", type=int, metavar="N", help=text("intake.help.number"))
    intake.add_argument("--report", metavar="FILE", help=text("intake.help.report"))
    intake.add_argument("--submitted", metavar="YYYY-MM-DD", type=_day, help=text("intake.help.submitted"))
    intake.set_defaults(run=cmd_intake)

    schema = commands.add_parser("schema", help=text("cli.help.schema"), description=text("cli.help.schema"))
    schema.add_argument("--check", action="store_true", help=text("cli.help.schema_check"))
    schema.set_defaults(run=cmd_schema)

    migrate = commands.add_parser(
        "migrate",
        help=text("migrate.help.command"),
        description=text("migrate.help.description"),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    migrate.add_argument("--dry-run", action="store_true", help=text("migrate.help.dry_run"))
    migrate.set_defaults(run=cmd_migrate)

    init = commands.add_parser("init", help=text("init.help.command"), description=text("init.help.command"))
    init.add_argument("folder", nargs="?", default=".", metavar="FOLDER", help=text("init.help.folder"))
    init.add_argument("--name", help=text("init.help.name"))
    init.add_argument("--github-org", metavar="ORG", help=text("init.help.github_org"))
    init.set_defaults(run=cmd_init)

    validate.add_argument("--as-of", metavar="YYYY-MM-DD", help=text("report.help.validate_as_of"))
    report = commands.add_parser(
        "report",
        help=text("report.help.command"),
        description=text("report.help.description"),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    report.add_argument("--as-of", metavar="YYYY-MM-DD", help=text("report.help.as_of"))
    report.add_argument("--period", help=text("report.help.period"))
    report.add_argument(
        "--format", choices=("markdown", "json", "csv", "xlsx"), default="markdown", help=text("report.help.format")
    )
    report.add_argument("--output", metavar="FILE", help=text("report.help.output"))
    report.add_argument("--as-they-were", action="store_true", help=text("report.help.as_they_were"))
    report.set_defaults(run=cmd_report)
    from registry.record import register as register_lifecycle_commands

    register_lifecycle_commands(commands, _registry)
    about = text("site.build.help.command")
    site = commands.add_parser("site", help=about, description=about)
    steps = site.add_subparsers(dest="step", required=True)
    prepare = steps.add_parser(
        "prepare", help=text("site.build.help.prepare"), description=text("site.build.help.prepare")
    )
    prepare.add_argument("--no-strict", action="store_true", help=text("site.build.help.no_strict"))
    prepare.set_defaults(run=cmd_site_prepare)
    finish = steps.add_parser("finish", help=text("site.build.help.finish"), description=text("site.build.help.finish"))
    finish.set_defaults(run=cmd_site_finish)
    for command in commands.choices.values():  # `registry validate --lang en` as well as `registry --lang en validate`
        _add_language(command, argparse.SUPPRESS)  # SUPPRESS: absent after the command, the first one stands
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    freeze_at_exit()
    arguments = sys.argv[1:] if argv is None else list(argv)
    chosen = catalogue.choose(arguments, os.environ)
    before = catalogue.language()
    collecting = gc.isenabled()  # history and audit leave the collector paused until the exit
    catalogue.set_language(chosen)
    try:
        return _main(arguments)
    finally:  # main() called again in one process (the tests) starts from where it was
        catalogue.set_language(before)
        if collecting:
            collect_again()


def _paused_until_exit() -> None:
    """The collector paused until the command ends (main gives it back): the history's reading pauses it
    while it reads, and its first pass after would walk all that was read (a third of a second for
    50,000 commits) and find nothing. A longer-lived process (the site's build or server) has it back
    when each reading closes."""
    gc.disable()


def _main(argv: list[str]) -> int:
    with _argparse_frame():
        parser = build_parser()
        try:
            args = parser.parse_args(argv)
        except SystemExit as exit:  # argparse has printed the usage error, or the help
            return int(exit.code or 0)
    run: Callable[[argparse.Namespace], int] = args.run
    try:
        return run(args)
    except RegistryError as error:  # its message may quote a path or a value: printed as the reporters do
        print(f"registry: {printable(error)}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"registry: {text('cli.error.interrupted')}", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 1

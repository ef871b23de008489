"""The lifecycle commands: ``registry receive``, ``appraise``, ``decide``, ``refer``, ``start``,
``progress``, ``suspend``, ``complete``, ``evaluate``, ``recognise``, ``withdraw``, ``transfer`` and
``scale`` write the block of one step of a proposal's lifecycle, so that reviewers never write YAML.

Each finds the proposal by its id (the file names, as ``layout.build_index`` reads them), refuses a
step the lifecycle does not allow from the proposal's status (``lifecycle.TRANSITIONS`` for a step
that changes the status, ``lifecycle.AMENDMENTS`` for one that adds to a decided proposal), edits the
front matter in place (``frontmatter.py``: comments and layout kept), then runs on the result the
per-file rules and the transition rules, comparing it with the file as it was, exactly as ``registry
check`` compares a pull request with its base. With an error nothing is written (exit status 1); a
refused step, an unknown id or a malformed option is a usage error (exit status 2). Everything is
given by options, so the commands run the same in a terminal and in a workflow.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from registry.catalogue import text
from registry.config import Registry
from registry.errors import RegistryError
from registry.lifecycle import (
    ADJUSTMENTS,
    AMENDMENTS,
    COMPLETED,
    FROZEN,
    LIFECYCLE,
    STAGES,
    SUSPENSION,
    TRANSITIONS,
    Block,
    KeyPath,
    Liability,
    Outcome,
    Result,
    Status,
)

# --- Options -----------------------------------------------------------------------------------------

# How an option's value is read: a date, a number, text, a unit's or another id, a yes/no, a list.
Kind = str  # "date" | "int" | "text" | "id" | "bool" | "ids" | "pairs" | "flag"


@dataclass(frozen=True, slots=True)
class Option:
    flag: str  # --date
    help: str  # the catalogue's key of its help
    kind: Kind = "text"
    required: bool = False
    choices: tuple[str, ...] = ()

    @property
    def dest(self) -> str:
        return self.flag.removeprefix("--").replace("-", "_")


def _date(required: bool = True, flag: str = "--date", help: str = "record.help.date") -> Option:
    return Option(flag, help, "date", required)


_DOCUMENT = Option("--document", "record.help.document", "text", required=True)
_NOTE = Option("--note", "record.help.note")
_YES_NO = ("có", "không")


@dataclass(frozen=True, slots=True)
class Step:
    """One command: its name, the catalogue's key of its help, its options, and what it does to the
    status: ``becomes`` (a status, or a function of the options: ``decide``), or, when it keeps the
    status, ``amends``: the key path of the amendment whose statuses allow it (None: before the decision)."""

    name: str
    help: str
    options: tuple[Option, ...]
    becomes: Status | Callable[[argparse.Namespace], Status] | None = None
    amends: KeyPath | None = None
    adds: KeyPath | None = None  # a block it writes: refused where the status already requires it
    needs: KeyPath | None = None  # a block it relies on: refused where the status does not require it


def _decided(args: argparse.Namespace) -> Status:
    return Status.REJECTED if args.outcome == Outcome.REJECTED else Status.APPROVED


STEPS: tuple[Step, ...] = (
    Step(
        "receive",
        "record.help.receive",
        (_date(), Option("--unit", "record.help.receipt_unit", "id", required=True)),
    ),
    Step(
        "appraise",
        "record.help.appraise",
        (
            _date(),
            Option("--unit", "record.help.appraisal_unit", "id", required=True),
            Option("--opinion", "record.help.opinion", required=True),
            Option("--document", "record.help.document_optional"),
        ),
    ),
    Step(
        "decide",
        "record.help.decide",
        (
            Option("--outcome", "record.help.outcome", required=True, choices=tuple(Outcome)),
            _date(),
            _DOCUMENT,
            Option("--signed-by", "record.help.signed_by", required=True),
            Option("--position", "record.help.position"),
            Option("--capacity", "record.help.capacity", choices=("truc-tiep", "kt", "tm", "tl", "tuq")),
            Option("--members", "record.help.members", "int"),
            Option("--not-voting", "record.help.not_voting", "pairs"),
            Option("--for", "record.help.for", "int"),
            Option("--against", "record.help.against", "int"),
            Option("--abstain", "record.help.abstain", "int"),
            Option("--absent", "record.help.absent", "int"),
            Option("--override", "record.help.override", "flag"),
            _NOTE,
        ),
        becomes=_decided,
    ),
    Step(
        "refer",
        "record.help.refer",
        (
            Option("--to", "record.help.refer_to", "id", required=True),
            _date(),
            _DOCUMENT,
            _date(False, "--received", "record.help.received"),
            _NOTE,
        ),
    ),
    Step(
        "start",
        "record.help.start",
        (_date(flag="--start", help="record.help.start_date"), _date(flag="--end", help="record.help.end_date")),
        becomes=Status.IMPLEMENTING,
        adds=(Block.IMPLEMENTATION,),
    ),
    Step(
        "progress",
        "record.help.progress",
        (
            Option("--percent", "record.help.percent", "int", required=True),
            Option("--note", "record.help.progress_note"),
            _date(False, help="record.help.date_today"),
        ),
        amends=(Block.IMPLEMENTATION, "progress"),
    ),
    Step(
        "adjust",
        "record.help.adjust",
        (
            _date(),
            _DOCUMENT,
            Option("--change", "record.help.change", required=True),
            _date(flag="--end", help="record.help.new_end"),
        ),
        amends=ADJUSTMENTS,
    ),
    Step(
        "suspend",
        "record.help.suspend",
        (_date(), _DOCUMENT, Option("--reason", "record.help.reason", required=True)),
        becomes=Status.SUSPENDED,
    ),
    Step(
        "resume",
        "record.help.resume",
        (),
        becomes=Status.IMPLEMENTING,
        needs=(Block.IMPLEMENTATION,),
    ),
    Step(
        "complete",
        "record.help.complete",
        (_date(flag="--completed", help="record.help.completed"), _date(help="record.help.report_date"), _DOCUMENT),
        becomes=Status.REPORTED,
    ),
    Step(
        "evaluate",
        "record.help.evaluate",
        (
            _date(),
            _DOCUMENT,
            Option("--result", "record.help.result", required=True, choices=tuple(Result)),
            Option("--damage", "record.help.damage", "bool", required=True, choices=_YES_NO),
            Option("--liability", "record.help.liability", required=True, choices=tuple(Liability)),
            Option("--evaluated-by", "record.help.evaluated_by", "id"),
            Option("--objective", "record.help.objective"),
            Option("--subjective", "record.help.subjective"),
            Option("--followed-policy", "record.help.followed_policy", "bool", choices=_YES_NO),
            Option("--clean-motive", "record.help.clean_motive", "bool", choices=_YES_NO),
            Option("--common-good", "record.help.common_good", "bool", choices=_YES_NO),
            Option("--liability-body", "record.help.liability_body", "id"),
            Option("--liability-document", "record.help.liability_document"),
        ),
        becomes=Status.EVALUATED,
    ),
    Step(
        "recognise",
        "record.help.recognise",
        (_date(), Option("--form", "record.help.form", required=True), _DOCUMENT),
        amends=(Block.RECOGNITION,),
    ),
    Step(
        "scale",
        "record.help.scale",
        (_date(), _DOCUMENT, Option("--units", "record.help.units", "ids", required=True), _NOTE),
        amends=(Block.SCALING,),
    ),
    Step(
        "transfer",
        "record.help.transfer",
        (Option("--to", "record.help.transfer_to", "id", required=True), _date(), _DOCUMENT, _NOTE),
        amends=("transfers",),
    ),
    Step("withdraw", "record.help.withdraw", (), becomes=Status.WITHDRAWN),
)
BY_NAME = {step.name: step for step in STEPS}


def register(
    commands: argparse._SubParsersAction[argparse.ArgumentParser], registry_of: Callable[[argparse.Namespace], Registry]
) -> None:
    """Add every lifecycle command to ``commands``; ``registry_of`` reads the registry from the options."""
    for step in STEPS:
        parser = commands.add_parser(step.name, help=text(step.help), description=text(step.help))
        parser.add_argument("id", metavar="ID", help=text("record.help.id"))
        for option in step.options:
            if option.kind == "flag":
                parser.add_argument(option.flag, dest=option.dest, action="store_true", help=text(option.help))
                continue
            parser.add_argument(
                option.flag,
                dest=option.dest,
                required=option.required,
                action="append" if option.kind == "pairs" else "store",
                choices=option.choices or None,
                metavar=option.dest.upper() if not option.choices else None,
                help=text(option.help),
            )

        def run(args: argparse.Namespace, step: Step = step) -> int:
            return record(registry_of(args), step, args)

        parser.set_defaults(run=run)


# --- Reading the options ------------------------------------------------------------------------------


def _value(option: Option, raw: Any) -> Any:
    """The value to write for ``option``, read from what was typed; a usage error names the option."""
    from registry import frontmatter

    if raw is None or option.kind == "flag":
        return raw or None
    readers: dict[str, Callable[[Any], Any]] = {
        "date": lambda value: _read(frontmatter.day, value, "record.error.date", option),
        "int": lambda value: _read(int, value, "record.error.number", option),
        "bool": lambda value: value == _YES_NO[0],
        "ids": lambda value: frontmatter.listing(
            [item.strip() for item in value.split(",") if item.strip()], flow=True
        ),
        "pairs": lambda value: [_pair(option, item) for item in value],
    }
    if option.kind in readers:
        return readers[option.kind](raw)
    if option.kind == "id" or option.choices:
        return str(raw)
    return frontmatter.text(raw)


def _read(read: Callable[[str], Any], raw: str, error: str, option: Option) -> Any:
    try:
        return read(raw)
    except ValueError:
        raise RegistryError(text(error, option=option.flag, value=raw)) from None


def _pair(option: Option, raw: str) -> Any:
    from registry import frontmatter

    name, colon, reason = raw.partition(":")
    if not colon or not name.strip() or not reason.strip():
        raise RegistryError(text("record.error.pair", option=option.flag, value=raw))
    return frontmatter.block({"name": frontmatter.text(name.strip()), "reason": frontmatter.text(reason.strip())})


def _values(step: Step, args: argparse.Namespace) -> dict[str, Any]:
    return {option.dest: _value(option, getattr(args, option.dest)) for option in step.options}


# --- Whether the step is allowed ----------------------------------------------------------------------


def allowed_from(step: Step, becomes: Status | None) -> tuple[Status, ...]:
    """The statuses a proposal may be in for ``step``."""
    if becomes is not None:
        return tuple(
            status
            for status in LIFECYCLE
            if becomes in TRANSITIONS[status]
            and (step.adds is None or step.adds not in STAGES[status].requires)
            and (step.needs is None or step.needs in STAGES[status].requires)
        )
    if step.amends is not None:
        amendment = next(item for item in AMENDMENTS if item.at == step.amends)
        return tuple(status for status in LIFECYCLE if status in amendment.statuses)
    # Before the decision: the statuses that neither forbid the receipt nor are frozen.
    return tuple(status for status in LIFECYCLE if Block.RECEIPT not in STAGES[status].forbids and status not in FROZEN)


def _label(status: str) -> str:
    key = f"site.status.{status}"
    return f"{status} ({text(key)})"


# --- The edits ----------------------------------------------------------------------------------------


class _Edit:
    """The front matter being edited, with the schema's order of keys at each level."""

    def __init__(self, data: Any, schema: dict[str, Any]) -> None:
        self.data = data
        self.schema = schema

    def order(self, *at: str) -> list[str]:
        node = self.schema
        for key in at:
            node = node.get("properties", {}).get(key, {})
        return list(node.get("properties", {}))

    def put(self, key: str, value: Any) -> None:
        from registry import frontmatter

        frontmatter.put(self.data, key, value, self.order())

    def append(self, key: str, entry: Any) -> None:
        from registry import frontmatter

        frontmatter.append(self.data, key, entry, self.order())

    def inner(self, block: str) -> Any:
        found = self.data.get(block)
        if not isinstance(found, dict):
            raise RegistryError(text("record.error.no_block", block=block))
        return found


def _edit(step: Step, edit: _Edit, values: dict[str, Any], unit: str | None) -> str | None:  # noqa: C901
    """Write the step's block into ``edit``; the unit the proposal moves to, if it moves. One branch
    per command, each the block the schema defines for it."""
    from registry import frontmatter

    block = frontmatter.block
    name = step.name
    if name == "receive":
        edit.put(Block.RECEIPT, block({"date": values["date"], "unit": values["unit"]}))
    elif name == "appraise":
        fields = ("date", "unit", "opinion", "document")
        edit.put(Block.APPRAISAL, block({key: values[key] for key in fields}, flow=False))
    elif name == "decide":
        edit.put(Block.DECISION, _decision(values))
    elif name in ("refer", "transfer"):
        moved = {"date": values["date"], "received": values.get("received"), "from": unit, "to": values["to"]}
        entry = block({**moved, "document": values["document"], "note": values["note"]})
        edit.append("referrals" if name == "refer" else "transfers", entry)
        edit.put("unit", values["to"])
        return str(values["to"])
    elif name == "start":
        edit.put(Block.IMPLEMENTATION, block({"start": values["start"], "end": values["end"]}, flow=False))
    elif name == "progress":
        entry = block({"date": values["date"] or date.today(), "percent": values["percent"], "note": values["note"]})
        frontmatter.append(edit.inner(Block.IMPLEMENTATION), "progress", entry, edit.order(Block.IMPLEMENTATION))
    elif name == "adjust":
        entry = block({key: values[key] for key in ("date", "document", "change", "end")}, flow=False)
        frontmatter.append(edit.inner(Block.IMPLEMENTATION), ADJUSTMENTS[-1], entry, edit.order(Block.IMPLEMENTATION))
    elif name == "suspend":
        suspension = block({key: values[key] for key in ("date", "document", "reason")}, flow=False)
        frontmatter.put(edit.inner(Block.IMPLEMENTATION), SUSPENSION[-1], suspension, edit.order(Block.IMPLEMENTATION))
    elif name == "complete":
        implementation = edit.inner(Block.IMPLEMENTATION)
        frontmatter.put(implementation, COMPLETED[-1], values[COMPLETED[-1]], edit.order(Block.IMPLEMENTATION))
        edit.put(Block.COMPLETION_REPORT, block({"date": values["date"], "document": values["document"]}))
    elif name == "evaluate":
        edit.put(Block.EVALUATION, _evaluation(values))
    elif name == "recognise":
        edit.append(Block.RECOGNITION, block({key: values[key] for key in ("date", "form", "document")}))
    elif name == "scale":
        fields = ("date", "document", "units", "note")
        edit.append(Block.SCALING, block({key: values[key] for key in fields}, flow=False))
    return None


def _decision(values: dict[str, Any]) -> Any:
    from registry import frontmatter

    block = frontmatter.block
    signer = block({"name": values["signed_by"], "position": values["position"], "capacity": values["capacity"]})
    counts = ("members", "not_voting", "for", "against", "abstain", "absent")
    vote = None
    if any(values[key] is not None for key in counts):
        vote = block({key: values[key] for key in counts}, flow=values["not_voting"] is None)
        if values["not_voting"] is not None:
            vote["not_voting"] = frontmatter.listing(values["not_voting"])
    fields = {"outcome": values["outcome"], "date": values["date"], "document": values["document"]}
    extra = {"signed_by": signer, "vote": vote, "override": values["override"], "note": values["note"]}
    return block({**fields, **extra}, flow=False)


def _evaluation(values: dict[str, Any]) -> Any:
    from registry import frontmatter

    block = frontmatter.block
    causes = None
    if values["objective"] is not None or values["subjective"] is not None:
        causes = block({"objective": values["objective"], "subjective": values["subjective"]}, flow=False)
    findings_keys = ("followed_policy", "clean_motive", "common_good")
    findings = None
    if any(values[key] is not None for key in findings_keys):
        findings = block({key: values[key] for key in findings_keys})
    liability = block(
        {
            "outcome": values["liability"],
            "findings": findings,
            "body": values["liability_body"],
            "document": values["liability_document"],
        },
        flow=findings is None and values["liability_body"] is None,
    )
    fields = {"date": values["date"], "evaluated_by": values["evaluated_by"], "result": values["result"]}
    rest = {"damage": values["damage"], "causes": causes, "liability": liability, "document": values["document"]}
    return block({**fields, **rest}, flow=False)


# --- The command ----------------------------------------------------------------------------------------


def _find(registry: Registry, proposal_id: str) -> tuple[str, list[str]]:
    """The path of the proposal ``proposal_id`` and every proposal's path."""
    from registry.layout import build_index, walk

    paths, _ = walk(registry.root)
    found = build_index(paths).get(proposal_id, [])
    if not found:
        raise RegistryError(text("record.error.unknown", id=proposal_id))
    if len(found) > 1:
        raise RegistryError(text("record.error.ambiguous", id=proposal_id, files=", ".join(found)))
    return found[0], paths


def record(registry: Registry, step: Step, args: argparse.Namespace) -> int:
    """Apply ``step`` to the proposal ``args.id``; the exit status."""
    from registry import frontmatter
    from registry.layout import PROPOSALS_DIR

    path, paths = _find(registry, args.id)
    file = registry.root / path
    if file.is_symlink():
        raise RegistryError(text("record.error.unreadable", file=path, reason="symbolic link"))
    try:
        source = file.read_bytes().decode("utf-8")
        edit = frontmatter.FrontMatter(source)
    except (OSError, UnicodeDecodeError, frontmatter.Unreadable) as error:
        raise RegistryError(text("record.error.unreadable", file=path, reason=error)) from None
    status = edit.data.get("status")
    becomes = step.becomes(args) if callable(step.becomes) else step.becomes
    allowed = allowed_from(step, becomes)
    if status not in allowed:
        raise RegistryError(
            text(
                "record.error.refused",
                command=step.name,
                id=args.id,
                status=_label(str(status)),
                allowed=", ".join(_label(item) for item in allowed),
            )
        )
    values = _values(step, args)
    unit = edit.data.get("unit")
    moved_to = _edit(step, _Edit(edit.data, registry.proposal_schema), values, unit if isinstance(unit, str) else None)
    if becomes is not None:
        edit.data["status"] = becomes.value
    new_path = path if moved_to is None else f"{PROPOSALS_DIR}/{moved_to}/{Path(path).name}"
    content = edit.text().encode("utf-8")
    report = _checked(registry, args.id, (path, source.encode("utf-8")), (new_path, content), paths)
    if report.problems:
        from registry.reporters import report_text

        report_text(report, sys.stdout)
    if report.exit_status:
        print(text("record.not_written", file=path), file=sys.stderr)
        return int(report.exit_status)
    _write(registry.root, path, new_path, content)
    print(text("record.written", file=new_path, status=_label(str(edit.data.get("status")))))
    return 0


def _checked(
    registry: Registry, proposal_id: str, old: tuple[str, bytes], new: tuple[str, bytes], paths: list[str]
) -> Any:
    """The problems of the new version, by the per-file rules and by the transition rules from the old
    version, as ``registry check`` finds them in a pull request that makes this change."""
    from registry.layout import build_index
    from registry.lint.context import Context, ProposalChange
    from registry.lint.engine import file_problems, transition_problems
    from registry.lint.report import Report
    from registry.load import parse_proposal

    context = Context(registry, build_index([new[0] if path == old[0] else path for path in paths]))
    before, _ = parse_proposal(*old)
    after, found = parse_proposal(*new)
    problems = file_problems(after, found, context)
    problems += transition_problems([ProposalChange(proposal_id, old[0], new[0], before, after)], context)
    return Report.of(problems, 1)


def _write(root: Path, path: str, new_path: str, content: bytes) -> None:
    """Write ``content`` at ``new_path`` through a temporary file beside it, then remove ``path`` if the
    proposal moved."""
    target = root / new_path
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(dir=target.parent, prefix=".registry-")
        with os.fdopen(handle, "wb") as stream:
            stream.write(content)
        mode = (root / path).stat().st_mode & 0o777
        Path(name).chmod(mode)
        Path(name).replace(target)
        if new_path != path:
            (root / path).unlink()
    except OSError as error:
        raise RegistryError(text("record.error.unreadable", file=new_path, reason=error.strerror)) from None

"""The public view: the one place that decides what of the registry may be published.

A proposal is published when its status is one the publication policy of registry.yml lists, it is
not confidential, and it is not in a sensitive field (defence and security) unless the policy allows
such fields and the proposal gives its ``public_reason``. What is published of it is an allowlist of
fields: contact details, and anything not named here, never leave this module. A file with errors is
not published at all (published_files).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

from registry.config import Registry
from registry.custody import handoffs, holder_on
from registry.history import Event
from registry.layout import build_index, discover
from registry.lifecycle import ADJUSTMENTS, COMPLETED, SUSPENSION, Block, Outcome, Result, Status, successful
from registry.lint.context import Context
from registry.lint.engine import file_problems
from registry.lint.rules import RULES, markdown_slow
from registry.load import load_file
from registry.model import Proposal
from registry.parallel import collector_paused, map_chunks


@dataclass(frozen=True)
class PublicEvent:
    date: str  # YYYY-MM-DD
    kind: str
    status_before: str | None
    status_after: str | None
    unit_before: str | None  # the units' names on the day (a move from one to the other)
    unit_after: str | None
    pull_request: int | None


class Milestone(StrEnum):
    """A kind of administrative date on a proposal's page, in the order of the procedure: entries of
    one day are shown in this order. Each is labelled by the catalogue's ``site.milestone.<kind>``."""

    SUBMISSION = "submission"  # submitted: the plan reached the head of the unit
    RECEIPT = "receipt"  # the advisory unit received it
    APPRAISAL = "appraisal"
    TRANSFER = "transfer"  # handed over to a successor unit
    REFERRAL = "referral"  # sent up to the superior
    REFERRAL_RECEIPT = "referral-receipt"  # the superior received the file
    EXTERNAL_REFERRAL = "external-referral"  # reported to an authority outside the registry
    DECISION = "decision"
    ADJUSTMENT = "adjustment"  # of the plan, with its new planned end
    PROGRESS = "progress"
    SUSPENSION = "suspension"
    COMPLETION = "completion"  # the work actually completed (implementation.completed)
    COMPLETION_REPORT = "completion-report"
    EVALUATION = "evaluation"
    RECOGNITION = "recognition"
    SCALING = "scaling"


_ORDER = {kind: place for place, kind in enumerate(Milestone)}


@dataclass(frozen=True)
class PublicMilestone:
    """An administrative date of a proposal, as its documents give it (not when it was entered in the
    registry: that is the timeline of PublicEvent). Units are named as they were on the date."""

    date: str  # YYYY-MM-DD
    kind: Milestone
    document: str | None = None  # the number of the document that records it
    unit: str | None = None  # the unit that acted; None when the file does not say (recognition, scaling)
    to: tuple[str, ...] = ()  # where the file went, or the units the work was extended to
    outcome: str | None = None  # the decision's outcome, for the page to label
    result: str | None = None  # the evaluation's result, for the page to label
    percent: int | None = None  # of a progress report
    end: str | None = None  # the planned end after an adjustment
    note: str = ""  # text of the file: a note, the opinion, the change, the reason, the form of recognition


@dataclass(frozen=True)
class PublicAuthor:
    name: str
    position: str
    unit: str  # the unit's name on the day of submission


@dataclass(frozen=True)
class ActingUnit:
    """The unit that acted on a proposal (decided it), named as it was on the day, and what stands
    for it today: its own name now if it was renamed, or the unit that holds the proposal now if it
    was handed over."""

    id: str  # "" for an authority outside the registry
    name: str  # on the day it acted
    renamed: str = ""  # its own name today, when that differs
    holder: str = ""  # the unit that holds the proposal now (its name today), when it is another


class ProgressState(StrEnum):
    """What a proposal's progress bar says (the catalogue's ``site.progress`` words it)."""

    AS_REPORTED = "as-reported"  # the latest progress report's percent, as of its date
    PAUSED = "paused"  # the same, with the work suspended since a date
    DONE = "done"  # the work is done: the bar is full


@dataclass(frozen=True)
class Progress:
    state: ProgressState
    percent: int
    date: str | None  # of the report, of the completion, or of the suspension
    reported: str | None = None  # for a suspension: the date of the latest report, if any


_WORK_DONE = frozenset({Status.REPORTED, Status.EVALUATED})


@dataclass(frozen=True)
class PublicProposal:
    id: str
    title: str
    summary: str
    sample: bool
    status: str
    unit: str
    unit_name: str
    field: str
    field_name: str
    tags: tuple[str, ...]
    authors: tuple[PublicAuthor, ...]
    submitted: str | None
    year: int | None
    decision: dict[str, Any] = dataclasses.field(default_factory=dict)
    implementation: dict[str, Any] = dataclasses.field(default_factory=dict)
    completion_report: dict[str, Any] = dataclasses.field(default_factory=dict)
    evaluation: dict[str, Any] = dataclasses.field(default_factory=dict)
    recognition: tuple[dict[str, Any], ...] = ()
    scaling: tuple[dict[str, Any], ...] = ()
    related: tuple[str, ...] = ()
    body: str = ""
    milestones: tuple[PublicMilestone, ...] = ()  # the administrative dates, in date order
    timeline: tuple[PublicEvent, ...] = ()  # when each change was entered in the registry (git)
    source: str = ""  # the file's path in the repository, for the build's messages; never published
    decided_by: ActingUnit | None = None  # None before a decision
    updated: str | None = None  # the day of the last change to its file (git), YYYY-MM-DD

    @property
    def successful(self) -> bool:
        return successful(self.status, self.evaluation.get("result"))

    @property
    def pilot(self) -> bool:
        return self.decision.get("outcome") == Outcome.PILOT

    @property
    def progress(self) -> int | None:
        """The latest reported percentage of completion."""
        reports = [p for p in self.implementation.get("progress", []) if isinstance(p, dict) and "percent" in p]
        return reports[-1]["percent"] if reports else None

    @property
    def progress_bar(self) -> Progress | None:
        """What the page's bar shows: full once the work is done (whatever the last report said), none
        when it was evaluated as partly done or not done (the evaluation says so); otherwise the latest
        report's percent and date, marked when the work is suspended; None when there is nothing to show."""
        if self.status in _WORK_DONE:  # a partial or failed result: no bar beside it, the evaluation says
            result = self.evaluation.get("result")
            done = result is None or result == Result.COMPLETED
            return Progress(ProgressState.DONE, 100, self.implementation.get(COMPLETED[-1])) if done else None
        reports = [p for p in self.implementation.get("progress", []) if isinstance(p, dict) and "percent" in p]
        latest = reports[-1] if reports else None
        if self.status == Status.SUSPENDED:
            suspension = self.implementation.get("suspension") or {}
            return Progress(
                ProgressState.PAUSED,
                latest["percent"] if latest else 0,
                suspension.get("date"),
                latest.get("date") if latest else None,
            )
        return Progress(ProgressState.AS_REPORTED, latest["percent"], latest.get("date")) if latest else None

    @property
    def approved_on(self) -> str | None:
        return self.decision.get("date")


def is_public(registry: Registry, proposal: Proposal) -> bool:
    if proposal.status not in registry.published_statuses or proposal.meta.get("confidential") is not False:
        return False
    field_ = registry.fields.get(proposal.field or "")
    if field_ is None:
        return False
    if field_.sensitive:
        return registry.publish_sensitive and bool(proposal.string("public_reason"))
    return True


def _pick(block: Any, keys: tuple[str, ...]) -> dict[str, Any]:
    return {key: block[key] for key in keys if isinstance(block, dict) and key in block}


def _scaling(registry: Registry, entry: Mapping[str, Any]) -> dict[str, Any]:
    """A scaling-up decision with the names its units had on its date."""
    picked = _pick(entry, ("date", "document", "units", "note"))
    day = str(picked.get("date", "9999-12-31"))
    picked["units"] = [
        registry.units[unit].name_on(day) if unit in registry.units else unit for unit in picked.get("units", [])
    ]
    return picked


def _decision(proposal: Proposal) -> dict[str, Any]:
    """The decision's public fields; the signer as one text, position then name ("Giám đốc Trần Minh Khôi")."""
    decision = _pick(proposal.meta.get("decision"), ("outcome", "date", "document", "signed_by", "vote", "override"))
    name, position = (
        proposal.string("decision", "signed_by", "name"),
        proposal.string("decision", "signed_by", "position"),
    )
    if name is not None:
        decision["signed_by"] = f"{position} {name}" if position else name
    return decision


def _unit_name(registry: Registry, unit: str | None, day: str) -> str | None:
    """The unit's name on ``day``; an id that registry.yml does not know, as it is."""
    return registry.units[unit].name_on(day) if unit in registry.units else unit


def _text(block: Any, key: str) -> str | None:
    value = block.get(key) if isinstance(block, Mapping) else None
    return value if isinstance(value, str) else None


class _Milestones:
    """The milestones of one proposal as they are gathered: units are named as on each entry's date,
    and where the file does not name the unit that acted, it is the unit that held the proposal that
    day, following its transfers and referrals."""

    def __init__(self, registry: Registry, proposal: Proposal) -> None:
        self.registry = registry
        self.proposal = proposal
        self.moves = handoffs(proposal)
        self.found: list[PublicMilestone] = []

    def name(self, unit: str, day: str) -> str:
        return _unit_name(self.registry, unit, day) or unit

    def holder(self, day: str) -> str:
        return self.name(holder_on(self.proposal, self.moves, day) or "", day)

    def add(self, kind: Milestone, block: Any, unit: str | None = "", **values: Any) -> None:
        """The entry of ``block`` (its date and document), if it has a date; ``unit`` is the unit
        that acted ("": the unit that held the proposal; None: not known)."""
        date = _text(block, "date")
        if date is None:
            return
        acting = None if unit is None else self.name(unit, date) if unit else self.holder(date)
        self.found.append(PublicMilestone(date, kind, _text(block, "document"), acting, **values))

    def moved(self, kind: Milestone, entries: list[tuple[int, Mapping[str, Any]]]) -> None:
        for _, entry in entries:
            date, to = _text(entry, "date") or "", _text(entry, "to") or ""
            self.add(
                kind, entry, _text(entry, "from") or "", to=(self.name(to, date),), note=_text(entry, "note") or ""
            )
            if kind == Milestone.REFERRAL and (received := _text(entry, "received")):
                self.add(Milestone.REFERRAL_RECEIPT, {"date": received}, to)


def _until_decision(gathered: _Milestones, proposal: Proposal) -> None:
    gathered.add(Milestone.SUBMISSION, {"date": proposal.string(Block.SUBMITTED)})
    for kind, key in ((Milestone.RECEIPT, Block.RECEIPT), (Milestone.APPRAISAL, Block.APPRAISAL)):
        block = proposal.block(key)
        gathered.add(kind, block, _text(block, "unit") or "", note=_text(block, "opinion") or "")
    gathered.moved(Milestone.TRANSFER, proposal.entries("transfers"))
    gathered.moved(Milestone.REFERRAL, proposal.entries("referrals"))
    external = proposal.block("external_referral")
    authority = _text(external, "authority") or ""
    authority_name = gathered.registry.external_authorities.get(authority, authority)
    gathered.add(Milestone.EXTERNAL_REFERRAL, external, to=(authority_name,), note=_text(external, "note") or "")
    # After a referral outside the registry, the authority it went to decided.
    decided_by = authority_name if _text(external, "date") else ""
    decision, outcome = proposal.block(Block.DECISION), proposal.string(Block.DECISION, "outcome")
    gathered.add(Milestone.DECISION, decision, decided_by, outcome=outcome)


def _after_decision(gathered: _Milestones, proposal: Proposal) -> None:
    for _, entry in proposal.entries(*ADJUSTMENTS):
        gathered.add(Milestone.ADJUSTMENT, entry, end=_text(entry, "end"), note=_text(entry, "change") or "")
    for _, entry in proposal.entries(Block.IMPLEMENTATION, "progress"):
        percent = entry.get("percent")
        percent = percent if isinstance(percent, int) and not isinstance(percent, bool) else None
        gathered.add(Milestone.PROGRESS, entry, percent=percent, note=_text(entry, "note") or "")
    suspension = proposal.block(Block.IMPLEMENTATION).get(SUSPENSION[-1])
    gathered.add(Milestone.SUSPENSION, suspension, note=_text(suspension, "reason") or "")
    gathered.add(Milestone.COMPLETION, {"date": proposal.string(*COMPLETED)})
    gathered.add(Milestone.COMPLETION_REPORT, proposal.block(Block.COMPLETION_REPORT))
    evaluation = proposal.block(Block.EVALUATION)
    evaluated_by = _text(evaluation, "evaluated_by") or ""
    gathered.add(Milestone.EVALUATION, evaluation, evaluated_by, result=_text(evaluation, "result"))
    for _, entry in proposal.entries(Block.RECOGNITION):
        gathered.add(Milestone.RECOGNITION, entry, None, note=_text(entry, "form") or "")
    for _, entry in proposal.entries(Block.SCALING):
        day, units = _text(entry, "date") or "", entry.get("units")
        extended = tuple(gathered.name(u, day) for u in units if isinstance(u, str)) if isinstance(units, list) else ()
        gathered.add(Milestone.SCALING, entry, None, to=extended, note=_text(entry, "note") or "")


def milestones(registry: Registry, proposal: Proposal) -> tuple[PublicMilestone, ...]:
    """The proposal's administrative dates, each with its document and the unit that acted, named as
    it was on that date: from the front matter alone, so that a registry outside git has them too.
    In date order; a day's entries in the procedure's order (Milestone)."""
    gathered = _Milestones(registry, proposal)
    _until_decision(gathered, proposal)
    _after_decision(gathered, proposal)
    return tuple(sorted(gathered.found, key=lambda m: (m.date, _ORDER[m.kind])))


def public_view(
    registry: Registry, proposals: Iterable[Proposal], history: dict[str, list[Event]] | None = None
) -> list[PublicProposal]:
    """The published proposals, newest decision first, with only their public fields.

    ``proposals`` is read once and none of it is kept, so that a large registry can be streamed.
    """
    return published(p for p in (public_proposal(registry, proposal, history) for proposal in proposals) if p)


def public_proposal(
    registry: Registry, proposal: Proposal, history: dict[str, list[Event]] | None = None
) -> PublicProposal | None:
    """What is published of one proposal, or None if it is not published. Its related proposals are
    all named: ``published`` keeps those that are public too."""
    if proposal.id is None or not is_public(registry, proposal):
        return None
    return proposal_view(registry, proposal, history)


def proposal_view(
    registry: Registry, proposal: Proposal, history: dict[str, list[Event]] | None = None
) -> PublicProposal:
    """The public fields of one proposal, whether it is published or not: public_proposal decides that.
    Called directly only for `mkdocs serve`'s preview of a file with problems (sitebuild.previews),
    where it may fail on whatever the file gets wrong (a unit registry.yml does not know)."""
    unit = registry.units[proposal.unit or ""]
    submitted = proposal.string(Block.SUBMITTED)
    day = submitted or proposal.string("decision", "date") or "9999-12-31"
    authors = tuple(
        PublicAuthor(
            name=author.name,
            position=author.position,
            unit=registry.units[author.unit].name_on(day) if author.unit in registry.units else author.unit,
        )
        for author in proposal.authors
    )
    implementation = _pick(proposal.meta.get("implementation"), ("start", "end", COMPLETED[-1], SUSPENSION[-1]))
    implementation["progress"] = [
        _pick(entry, ("date", "percent", "note")) for _, entry in proposal.entries("implementation", "progress")
    ]
    events = (history or {}).get(proposal.id or "", [])
    return PublicProposal(
        id=proposal.id or "",
        title=proposal.title or "",
        summary=proposal.string("summary") or "",
        sample=proposal.meta.get("sample") is True,
        status=proposal.status or "",
        unit=unit.id,
        unit_name=unit.name_on(day),
        field=proposal.field or "",
        field_name=registry.fields[proposal.field or ""].name,
        tags=tuple(t for t in proposal.meta.get("tags", []) if isinstance(t, str)),
        authors=authors,
        submitted=submitted,
        year=int(day[:4]) if day[:4].isdigit() and day != "9999-12-31" else None,
        decision=_decision(proposal),
        implementation=implementation,
        completion_report=_pick(proposal.meta.get("completion_report"), ("date", "document")),
        evaluation=_pick(
            proposal.meta.get("evaluation"),
            ("date", "evaluated_by", "result", "damage", "causes", "liability", "document"),
        ),
        recognition=tuple(_pick(entry, ("date", "form", "document")) for _, entry in proposal.entries("recognition")),
        scaling=tuple(_scaling(registry, entry) for _, entry in proposal.entries(Block.SCALING)),
        related=tuple(proposal.related),
        body=proposal.body,
        source=proposal.path,
        decided_by=_decided_by(registry, proposal),
        updated=max((e.date[:10] for e in events), default=None),
        milestones=milestones(registry, proposal),
        timeline=tuple(
            PublicEvent(
                e.date[:10],
                e.kind,
                e.status_before,
                e.status_after,
                _unit_name(registry, e.unit_before, e.date[:10]),
                _unit_name(registry, e.unit_after, e.date[:10]),
                e.pull_request,
            )
            for e in events
        ),
    )


def _decided_by(registry: Registry, proposal: Proposal) -> ActingUnit | None:
    """The unit that decided, as it was named on the day: the one that held the proposal then
    (following its handovers and referrals), or the outside authority it was referred to."""
    day = proposal.string(Block.DECISION, "date")
    if day is None:
        return None
    authority = proposal.string("external_referral", "authority")
    if authority is not None and proposal.string("external_referral", "date"):
        return ActingUnit("", registry.external_authorities.get(authority, authority))
    unit = holder_on(proposal, handoffs(proposal), day) or ""
    if unit not in registry.units:
        return ActingUnit(unit, unit)
    then, now = registry.units[unit].name_on(day), registry.units[unit].name
    holder = registry.units[proposal.unit].name if proposal.unit in registry.units else ""
    return ActingUnit(unit, then, renamed=now if now != then else "", holder=holder if proposal.unit != unit else "")


def published(proposals: Iterable[PublicProposal]) -> list[PublicProposal]:
    """The proposals of public_proposal, newest decision first, each naming only the related
    proposals that are public too."""
    result = list(proposals)
    public_ids = {p.id for p in result}
    result = [
        p
        if set(p.related) <= public_ids
        else dataclasses.replace(p, related=tuple(r for r in p.related if r in public_ids))
        for p in result
    ]
    result.sort(key=lambda p: (p.approved_on or "", p.id), reverse=True)
    return result


# Only an error leaves a proposal out, so a rule that can only warn is not run here. Nor is
# markdown-slow: such a body is published as plain text (prerender.py), not left out; once approved it
# is frozen, and leaving it out would unpublish a decision for the sake of its typography.
_NOT_RUN = frozenset({markdown_slow.ID, *(rule for rule, module in RULES.items() if module.SEVERITY == "warning")})
PARALLEL_FROM = 200  # files; below this, starting workers costs more than it saves
Tally = Callable[[Proposal], Any]  # what a proposal adds to a count made over every file (see site.status_tally)
# What the workers that load the files need: the registry, the checking engine's context, the history
# and the tally.
Loading = tuple[Registry, Context, dict[str, list[Event]], Tally | None]
# A file's path, whether it has errors, its public view, and what the tally made of it (None: nothing).
Loaded = tuple[str, bool, PublicProposal | None, Any]


def published_files(
    registry: Registry, history: dict[str, list[Event]] | None = None
) -> tuple[list[PublicProposal], list[str]]:
    public, left_out, _ = published_and_tallied(registry, history)
    return public, left_out


def published_and_tallied(
    registry: Registry, history: dict[str, list[Event]] | None = None, tally: Tally | None = None
) -> tuple[list[PublicProposal], list[str], list[Any]]:
    """The public view (see published) of the registry's proposal files without errors, and the paths
        of those with errors, as the checking engine judges each file alone (its loader and its per-file
        rules): one with an error would publish what the schema refuses, or name a unit or a field that
        registry.yml does not know. The files are loaded and checked on every core, each worker keeping
        only the public view of each and what ``tally`` makes of each loaded proposal (the unpublished too:
    the site's counts of every proposal), when it makes something; none of the rest is kept."""
    root = registry.root
    files = discover(root)
    context = Context(registry, build_index(file.relative_to(root).as_posix() for file in files))
    _ = registry.quick_check  # compiled once, before the workers are forked
    loading = (registry, context, history or {}, tally)
    found = map_chunks(_publishable, loading, files, parallel_from=PARALLEL_FROM, smallest=16, per_job=8)
    results = [result for chunk in found for result in chunk]
    left_out = [path for path, errors, _, _ in results if errors]
    tallied = [made for _, _, _, made in results if made is not None]
    return published(public for _, _, public, _ in results if public), left_out, tallied


def _publishable(loading: Loading, files: Sequence[Path]) -> list[Loaded]:
    """For each file, its path, whether it has errors, and its public view (None if not published)."""
    registry, context, history, tally = loading
    results: list[Loaded] = []
    with collector_paused():
        for file in files:
            proposal, found = load_file(registry.root, file)
            problems = file_problems(proposal, found, context, skip=_NOT_RUN)
            path = file.relative_to(registry.root).as_posix()
            made = tally(proposal) if tally is not None and proposal is not None else None
            if proposal is None or any(problem.severity == "error" for problem in problems):
                results.append((path, True, None, made))
            else:
                results.append((path, False, public_proposal(registry, proposal, history), made))
    return results

"""What every rule receives: the registry and the index of ids, and for a transition rule, one
proposal before and after a pull request."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from registry.config import Registry
from registry.model import Proposal
from registry.workdays import WorkCalendar


@dataclass(frozen=True)
class Context:
    """The registry's configuration, every proposal id (read from the file names) with the files
    that carry it, and the day on which overdue steps are judged, if one was asked for."""

    registry: Registry
    files_by_id: Mapping[str, Sequence[str]] = field(default_factory=dict)
    as_of: date | None = None  # validate --as-of: the day overdue steps are counted to (deadline)

    @cached_property
    def calendar(self) -> WorkCalendar:
        return WorkCalendar(self.registry.days_off, self.registry.working_days)


@dataclass(frozen=True, slots=True)
class ProposalChange:
    """One proposal added, changed, moved or deleted between the base and the head."""

    proposal_id: str  # the id, from the file name
    old_path: str | None
    new_path: str | None
    before: Proposal | None  # None when added, or when the old version could not be read
    after: Proposal | None  # None when deleted, or when the new version does not load

    @property
    def status_changed(self) -> bool:
        return self.before is not None and self.after is not None and self.before.status != self.after.status

"""Working days: Vietnam's public holidays and moved days off (the holidays library), plus the extra
days off and make-up working days listed in registry.yml."""

from __future__ import annotations

import importlib.util
from datetime import date, timedelta
from functools import cache, cached_property
from pathlib import Path

import holidays

# Where this version of the holidays library keeps Vietnam's calendar (see ``vietnam``).
_VIETNAM_MODULE = Path(holidays.__file__).with_name("countries") / "vietnam.py"


@cache
def vietnam() -> holidays.HolidayBase:
    """Vietnam's public holidays and moved days off, from the holidays library.

    ``holidays.country_holidays("VN")`` imports the library's 250 countries to give one (0.28 s, at the
    start of every report and of every site build); Vietnam's module is loaded alone, from its file, and
    the library's own way is taken where that file is not there or does not load (another version).
    Loaded once for every calendar: the object fills in each year as it is first asked for.
    tests/test_workdays.py checks that both give the same days."""
    try:
        spec = importlib.util.spec_from_file_location("registry._holidays_vietnam", _VIETNAM_MODULE)
        if spec is None or spec.loader is None:
            raise ImportError(_VIETNAM_MODULE)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        calendar: holidays.HolidayBase = module.Vietnam()
    except (ImportError, OSError, AttributeError):
        return holidays.country_holidays("VN")
    return calendar


class WorkCalendar:
    def __init__(self, days_off: tuple[str, ...] = (), working_days: tuple[str, ...] = ()) -> None:
        self.days_off = {date.fromisoformat(day) for day in days_off}
        self.working_days = {date.fromisoformat(day) for day in working_days}
        self._deadlines: dict[tuple[date, int], date] = {}  # the same few days recur across proposals
        self._before: dict[date, list[int]] = {}  # by end day: see working_days_between
        self._working: dict[date, bool] = {}  # the holidays library takes microseconds a day

    @cached_property
    def _public(self) -> holidays.HolidayBase:
        return vietnam()

    def is_working_day(self, day: date) -> bool:
        known = self._working.get(day)
        if known is None:
            known = self._working[day] = self._judge(day)
        return known

    def _judge(self, day: date) -> bool:
        if day in self.working_days:
            return True
        if day in self.days_off:
            return False
        return bool(self._public.is_working_day(day))

    def add_working_days(self, start: date, count: int) -> date:
        """The ``count``-th working day after ``start`` (the day a deadline falls on)."""
        known = self._deadlines.get((start, count))
        if known is None:
            known = self._deadlines[start, count] = self._count_forward(start, count)
        return known

    def _count_forward(self, start: date, count: int) -> date:
        day = start
        for _ in range(count):
            day += timedelta(days=1)
            while not self.is_working_day(day):
                day += timedelta(days=1)
        return day

    def working_days_between(self, start: date, end: date) -> int:
        """How many working days fall after ``start`` up to ``end`` included (0 when ``end`` is not later).

        Counted back from ``end`` once for every start: the report asks how late each of thousands of
        steps is on the same as-of day, each due on a day of its own."""
        if end <= start:
            return 0
        counts = self._before.setdefault(end, [0])  # [working days in (end - i days, end] for i = 0, 1...]
        for back in range(len(counts), (end - start).days + 1):
            counts.append(counts[-1] + self.is_working_day(end - timedelta(days=back - 1)))
        return counts[(end - start).days]

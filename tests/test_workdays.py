"""Working days: weekends, Vietnam's holidays and Tết, the government's moved days, registry.yml's own."""

from __future__ import annotations

from datetime import date, timedelta

import holidays

from registry.workdays import WorkCalendar, vietnam


def test_a_plain_week() -> None:
    calendar = WorkCalendar()
    # Monday 3/3/2025 + 7 working days = Wednesday 12/3/2025.
    assert calendar.add_working_days(date(2025, 3, 3), 7) == date(2025, 3, 12)


def test_tet_is_skipped() -> None:
    calendar = WorkCalendar()
    # Tết Ất Tỵ: days off from Monday 27/1 to Saturday 1/2/2025; Friday 24/1 + 1 working day = Monday 3/2.
    assert calendar.add_working_days(date(2025, 1, 24), 1) == date(2025, 2, 3)


def test_a_moved_day_off_and_its_make_up_saturday() -> None:
    calendar = WorkCalendar()
    # 2025: Friday 2/5 off, worked on Saturday 26/4 instead.
    assert calendar.is_working_day(date(2025, 4, 26))
    assert not calendar.is_working_day(date(2025, 5, 2))
    assert not calendar.is_working_day(date(2025, 4, 30))


def test_the_registry_can_add_days_off_and_working_days() -> None:
    calendar = WorkCalendar(days_off=("2025-03-04",), working_days=("2025-03-08",))
    assert not calendar.is_working_day(date(2025, 3, 4))
    assert calendar.is_working_day(date(2025, 3, 8))
    # Monday 3/3 + 3: Wed 5, Thu 6, Fri 7 (Tue 4 is off).
    assert calendar.add_working_days(date(2025, 3, 3), 3) == date(2025, 3, 7)


def test_vietnam_loaded_alone_is_the_librarys_own_calendar() -> None:
    """``vietnam()`` loads the library's Vietnam module by its file (not the 250 countries): the same
    holidays, names and working days as ``holidays.country_holidays("VN")``, and not the fallback."""
    ours, theirs = vietnam(), holidays.country_holidays("VN")
    assert type(ours).__module__ == "registry._holidays_vietnam"
    day = date(2019, 1, 1)
    while day < date(2031, 1, 1):
        assert (day in ours, ours.get(day), ours.is_working_day(day)) == (
            day in theirs,
            theirs.get(day),
            theirs.is_working_day(day),
        ), day
        day += timedelta(days=1)

"""author-shares: when shares of the contribution are given, every author has one and they add up to 100."""

from __future__ import annotations

import pytest

from registry.config import Registry
from tests.helpers.rules import Expect, assert_problems, check_rule, front


def authors(*shares: str) -> str:
    """One author a line, from line 8, each with ``share: <share>`` unless the share is empty."""
    lines = []
    for number, share in enumerate(shares, 1):
        given = f", share: {share}" if share else ""
        lines.append(f'  - {{name: "Tác giả {number}", position: "Chuyên viên", unit: so-tu-phap{given}}}')
    return front(authors="\n" + "\n".join(lines))


@pytest.mark.parametrize("shares", [("",), ("", ""), ("100",), ("60", "40"), ("33.33", "33.33", "33.34")])
def test_valid(project_registry: Registry, shares: tuple[str, ...]) -> None:
    assert_problems(check_rule(project_registry, "author-shares", authors(*shares)), [])


def test_shares_that_do_not_add_up(project_registry: Registry) -> None:
    expected = Expect("author-shares", 7, 1, "the shares add up to 90, not 100")
    assert_problems(check_rule(project_registry, "author-shares", authors("60", "30")), [expected])


def test_an_author_without_a_share(project_registry: Registry) -> None:
    expected = [
        Expect("author-shares", 9, 5, "author 2 has no share"),
        Expect("author-shares", 10, 5, "author 3 has no share"),
    ]
    assert_problems(check_rule(project_registry, "author-shares", authors("100", "", "")), expected)

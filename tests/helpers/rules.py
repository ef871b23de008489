from __future__ import annotations

from typing import Any

import yaml

from registry.config import Registry
from registry.lint.context import Context
from registry.lint.engine import rule_problems
from registry.load import parse_proposal
from registry.rules import RULES
from tests.helpers.proposals import VALID_FRONT, sections_body


def check_rule(
    registry: Registry,
    rule: str,
    changes: dict[str, Any] | None = None,
    *,
    body: str | None = None,
    path: str = "proposals/so-tu-phap/2025-901-de-xuat.md",
    index: dict[str, list[str]] | None = None,
) -> list[tuple[str, int]]:
    """Run one rule on the valid proposal with ``changes`` made to its front matter; (rule, line) pairs."""
    front = yaml.safe_load(VALID_FRONT)
    for key, value in (changes or {}).items():
        if value is None:
            front.pop(key, None)
        else:
            front[key] = value
    text = f"---\n{yaml.safe_dump(front, allow_unicode=True, sort_keys=False)}---\n"
    text += sections_body(registry) if body is None else body
    proposal, problems = parse_proposal(path, text.encode())
    assert proposal is not None and problems == []
    context = Context(registry, index if index is not None else {"2025-901": [path]})
    return [(p.rule, p.line) for p in rule_problems(RULES[rule], proposal, context)]

"""The catalogue holds the text the code uses, and only that: a key used nowhere is text no user reads
(and a translator still translates), a key the code names but the catalogue lacks is a crash.

The code names keys three ways. As a literal (``text("ui.hint")``, ``summary="audit.summary"``); as
``label(group, key)`` (``site.<group>.<key>``) with literal arguments; or built at run time, from a rule
id, a status, a column. Each family built at run time is declared below with the table of the code
that its variable part comes from, and a family that is not declared fails the test.
"""

from __future__ import annotations

import json
import re
import string
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

from registry import catalogue, config, new, provenance, yamlread
from registry.config import Registry
from registry.lint.rules import RULES, decision_record
from registry.lint.transitions import TRANSITION_RULES
from registry.model import LIFECYCLE
from registry.public import Milestone
from registry.rules import documented_rules
from registry.site import DICTIONARY
from tests.helpers.corpus import vietnamese_words
from tests.helpers.proposals import PROJECT

PACKAGE = PROJECT / "scripts" / "registry"
SECTIONS = sorted({key.split(".")[0] for key in catalogue.all_keys()})  # ui, hints, new, site…
LITERAL = re.compile(rf"""["']((?:{"|".join(SECTIONS)})\.[\w.-]+)["']""")
# An f-string that starts a key: the part before its first placeholder names the family.
BUILT = re.compile(rf"""\bf["']((?:{"|".join(SECTIONS)})\.[\w.-]*)\{{""")
LABEL = re.compile(r"""\blabel\(\s*["'](\w+)["']\s*(?:,\s*(?:["']([\w-]+)["']|([^)]+)))?\)""")
SECTION_CALL = re.compile(r"""\bsection\(["']([\w.-]+)["']\)""")
HINT_KEY = re.compile(r"""\bhint_key=(?:["']([\w-]+)["']|([^,)\s]+))""")


def sources() -> Iterator[tuple[Path, str]]:
    """The package's code and its Jinja templates (not init_templates/: a new registry's files)."""
    for path in sorted(PACKAGE.rglob("*")):
        if path.suffix in (".py", ".j2") and "init_templates" not in path.parts and "__pycache__" not in path.parts:
            yield path, path.read_text(encoding="utf-8")


def schema_enum(*at: str) -> list[str]:
    schema = json.loads((PROJECT / "schema" / "proposal.schema.json").read_text(encoding="utf-8"))
    node = schema
    for step in at:
        node = node["properties"][step]
    return list(node["enum"])


def schema_words() -> set[str]:
    """Every key of the proposal schema: the keywords whose failures the schema rule names in its hint."""
    words: set[str] = set()

    def walk(node: object) -> None:
        if isinstance(node, dict):
            words.update(node)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(json.loads((PROJECT / "schema" / "proposal.schema.json").read_text(encoding="utf-8")))
    return words


def event_kinds() -> set[str]:
    """The kinds of event history.py makes (``kind = "added"``, ``kind = "moved" if … else "changed"``)."""
    source = (PACKAGE / "history.py").read_text(encoding="utf-8")
    return {word for line in re.findall(r"^\s*kind = (.+)$", source, re.M) for word in re.findall(r'"(\w+)"', line)}


def asked(with_choices: bool) -> set[str]:
    """What `registry new` asks (its ``QUESTIONS``), or what it lists the choices of (``CHOICES``)."""
    return set(new.CHOICES if with_choices else new.QUESTIONS)


def rule_sources() -> dict[str, str]:
    """The source of each rule module, by rule id."""
    modules: dict[str, ModuleType] = {**RULES, **TRANSITION_RULES}
    return {rule: Path(module.__file__ or "").read_text(encoding="utf-8") for rule, module in modules.items()}


def dynamic_hint_keys(project_registry: Registry) -> dict[str, set[str]]:
    """The rules whose hint key is computed, and the values it takes."""
    return {
        "schema": schema_words(),
        "deadline": set(project_registry.deadlines),
        "decision-record": set(decision_record.HINT_KEYS),
    }


def label_families() -> dict[str, set[str]]:
    """The groups of site labels whose key is computed (``label("status", p.status)``), and its values."""
    return {
        "status": set(LIFECYCLE),
        "outcome": set(schema_enum("decision", "outcome")),
        "result": set(schema_enum("evaluation", "result")),
        "liability": set(schema_enum("evaluation", "liability", "outcome")),
        "event": event_kinds(),
        "milestone": set(Milestone),
        "data": {column for column, _, _ in DICTIONARY},
    }


def dynamic_keys(project_registry: Registry) -> dict[str, set[str]]:
    """Every family of keys built at run time: its prefix, and the keys it makes."""
    hints = {f"hints.{rule}" for rule, _, _ in documented_rules()}
    hints |= {f"{key}.default" for key in hints}  # catalogue.hint's fallback for a rule with cases
    for rule, values in dynamic_hint_keys(project_registry).items():
        hints |= {f"hints.{rule}.{value}" for value in values}
    return {
        "hints.": hints,
        "new.ask.": {f"new.ask.{name}" for name in asked(with_choices=False)},
        "new.choose.": {f"new.choose.{name}" for name in asked(with_choices=True)},
        "new.guidance.": {f"new.guidance.{number}" for number in range(1, len(project_registry.sections) + 1)},
        # site.<group>.<key>: label() itself; its calls with a computed key are the families below.
        "site.": {f"site.{group}.{key}" for group, keys in label_families().items() for key in keys},
        # The lifecycle commands name a status by its label (record.py).
        "site.status.": {f"site.status.{status}" for status in LIFECYCLE},
        # registry.yml's schema problems, one message per JSON Schema keyword (config.py).
        "problems.config.schema.": {f"problems.config.schema.{k}" for k in (*config._SCHEMA_KEYWORDS, "other")},
        # libyaml's syntax errors, by what its message says (yamlread.py).
        "problems.yaml-syntax.kind.": {
            f"problems.yaml-syntax.kind.{k}" for k in (*(kind for _, kind in yamlread._SYNTAX_KINDS), "other")
        },
        # The step a deadline is for (lint/rules/deadline.py).
        "problems.deadline.step.": {
            f"problems.deadline.step.{step}" for step in ("decision", "completion_report", "evaluation")
        },
        # Why a signature proves nothing, by git's %G? code (provenance.py).
        "provenance.failed.": {f"provenance.failed.{code}" for code in (*provenance._FAILED, "other")},
        # What each rule checks, for `registry rules` and docs/rules.md (rules.py).
        "rules.": {f"rules.{rule}" for rule, _, _ in documented_rules()},
    }


def named_keys() -> set[str]:
    """The keys the code and the templates spell out: literals, and label() calls with literal arguments."""
    named: set[str] = set()
    for _, source in sources():
        named |= set(LITERAL.findall(source)) - set(SECTION_CALL.findall(source))  # section(prefix): a family
        for group, key, computed in LABEL.findall(source):
            if not computed:
                named.add(f"site.{group}.{key}" if key else f"site.{group}")
    for rule, source in rule_sources().items():
        named |= {f"hints.{rule}.{key}" for key, _ in HINT_KEY.findall(source) if key}
    return named


def test_every_family_of_keys_built_at_run_time_is_declared(project_registry: Registry) -> None:
    built = {prefix for _, source in sources() for prefix in BUILT.findall(source)}
    built |= {f"{prefix}." for _, source in sources() for prefix in SECTION_CALL.findall(source)}
    assert built == set(dynamic_keys(project_registry))
    computed_labels = {group for _, source in sources() for group, _, computed in LABEL.findall(source) if computed}
    assert computed_labels == set(label_families())
    computed_hints = {rule for rule, source in rule_sources().items() if any(c for _, c in HINT_KEY.findall(source))}
    assert computed_hints == set(dynamic_hint_keys(project_registry))


def test_every_key_the_code_names_is_in_the_catalogue(project_registry: Registry) -> None:
    keys = catalogue.all_keys()
    assert sorted(named_keys() - keys) == []
    families = dynamic_keys(project_registry)
    # Each rule has a hint, for itself or for its cases.
    for rule, _, _ in documented_rules():
        assert (
            f"hints.{rule}" in keys
            or f"hints.{rule}.default" in keys
            or any(key.startswith(f"hints.{rule}.") for key in keys)
        ), rule
    for prefix, made in families.items():
        if prefix != "hints.":
            assert sorted(made - keys) == [], prefix
    for rule, values in dynamic_hint_keys(project_registry).items():  # each has its hint, or the rule's .default
        missing = sorted(f"hints.{rule}.{value}" for value in values if f"hints.{rule}.{value}" not in keys)
        assert f"hints.{rule}.default" in keys or missing == [], rule


def test_every_key_of_the_catalogue_is_used(project_registry: Registry) -> None:
    used = named_keys() | set().union(*dynamic_keys(project_registry).values())
    assert sorted(catalogue.all_keys() - used) == []


# The words of the laws' names that the rules on units quote (Luật Tổ chức chính quyền địa phương, a
# Nghị định or Nghị quyết số ...).
_LAW_WORDS = {"Luật", "Nghị", "Tổ", "chính", "chức", "phương", "quyết", "quyền", "số", "địa", "định"}

# Text the English may quote in Vietnamese on purpose: a sample Vietnamese name, a document's code.
# Names, document numbers and titles are written as they are in any language.
VIETNAMESE_IN_ENGLISH = {
    "intake.problem.coauthor": {"Nguyễn", "Văn"},
    "record.help.document": {'"125/QĐ-SNV"'},
    "site.footer.note": {"73/2023/NĐ-CP."},
    # The rules' documentation quotes the laws' names, the plan's headings and the terms it glosses.
    "rules.schema": {"Giải", "``Giải", "``có``", "``không``,", "pháp", "pháp``"},
    "rules.unit-in-time": {"45/2025/NĐ-CP;", *_LAW_WORDS},
    "rules.transfer-successor": {"(Nghị", "45/2025/NĐ-CP", *_LAW_WORDS},
    "rules.field-exists": {"(lĩnh", "vực)"},
    "rules.section-heading": {
        "**Tổ",
        "Sự",
        "Tổ",
        "``##Tổ",
        "chức",
        "chức``",
        "cần",
        "hiện**``,",
        "hiện``,",
        "thiết``",
        "thực",
    },
    "rules.section-missing": {"Kế", "hoạch", "mục"},
    "rules.head-decided-above": {"73/2023/NĐ-CP,"},
    "rules.decision-vote": {"73/2023/NĐ-CP,"},
    "rules.vote-counts": {"73/2023/NĐ-CP,"},
    "rules.vote-author": {"73/2023/NĐ-CP,"},
    "rules.override-in-person": {"30/2020/NĐ-CP", "73/2023/NĐ-CP,"},
    "rules.receipt-appraisal": {"(bộ", "(thẩm", "chức)", "công", "mưu", "phận", "tác", "tổ", "về", "định)"},
    "rules.decision-record": {"73/2023/NĐ-CP,"},
    "rules.liability": {"(xử", "73/2023/NĐ-CP,", "lý", "định)"},
    "rules.scaling": {"(nhân", "rộng)"},
    "rules.deadline": {"73/2023/NĐ-CP,", "Tết"},
    "rules.addition-complete": {"73/2023/NĐ-CP,"},
}
PLACEHOLDER = re.compile(r"%\(\w+\)[sr]|%[sr]")  # argparse's own, in cli.argparse.*


def placeholders(template: str) -> list[tuple[str, str | None, str | None]]:
    """The fields of a str.format template (name, conversion, format), and any %-placeholder."""
    fields = {(name, conversion, spec) for _, name, spec, conversion in string.Formatter().parse(template) if name}
    return sorted(fields | {(found, None, None) for found in PLACEHOLDER.findall(template)}, key=str)


def test_every_language_has_every_key() -> None:
    assert catalogue.LANGUAGES[0] == catalogue.REGISTRY_LANGUAGE == "vi"
    for language in catalogue.LANGUAGES:
        keys = set(catalogue.entries(language))
        assert sorted(catalogue.all_keys() - keys) == [], f"missing in {language}.yml"
        assert sorted(keys - catalogue.all_keys()) == [], f"only in {language}.yml"
    assert {path.stem for path in catalogue.CATALOGUE_DIR.glob("*.yml")} == set(catalogue.LANGUAGES)


def test_every_language_fills_the_same_placeholders() -> None:
    vietnamese = catalogue.entries("vi")
    for language in catalogue.LANGUAGES[1:]:
        other = catalogue.entries(language)
        differ = {key: (placeholders(vietnamese[key]), placeholders(other[key])) for key in vietnamese}
        assert {key: pair for key, pair in differ.items() if pair[0] != pair[1]} == {}, language


def test_the_english_is_english() -> None:
    vietnamese, english = catalogue.entries("vi"), catalogue.entries("en")
    leaks = {
        key: words
        for key, value in english.items()
        if (words := vietnamese_words(value) - VIETNAMESE_IN_ENGLISH.get(key, set()))
    }
    assert leaks == {}
    # Translated, not copied: the same text in both only where there is no word to translate.
    copied = {key: re.sub(r"\{[^}]*\}", "", value) for key, value in english.items() if value == vietnamese[key]}
    worded = sorted(key for key, rest in copied.items() if re.search(r"[^\W\d_]{3}", rest))
    assert worded == ["migrate.config"]  # "{file}: version {found} → {current}": registry.yml's key


@pytest.mark.parametrize(
    ("argv", "environment", "chosen"),
    [
        ([], {}, "vi"),
        (["--lang", "en", "validate"], {}, "en"),
        (["validate", "--lang", "en"], {}, "en"),
        (["validate", "--lang=en"], {}, "en"),
        (["validate", "--lan", "en"], {}, "en"),  # argparse takes an unambiguous abbreviation
        (["--lang", "en", "validate", "--lang", "vi"], {}, "vi"),  # the last one, as argparse
        (["new", "--", "--lang", "en"], {}, "vi"),  # after --, a value
        (["--lang", "fr", "validate"], {"REGISTRY_LANG": "en"}, "en"),  # argparse then refuses fr
        (["--lang"], {}, "vi"),
        (["--lang", "vi"], {"REGISTRY_LANG": "en", "LANG": "en_US.UTF-8"}, "vi"),
        ([], {"REGISTRY_LANG": "EN "}, "en"),
        ([], {"REGISTRY_LANG": "de", "LANG": "en_US.UTF-8"}, "en"),
        ([], {"LANG": "en_US.UTF-8"}, "en"),
        ([], {"LANG": "C.UTF-8"}, "vi"),
        ([], {"LANG": "vi_VN.UTF-8"}, "vi"),
        ([], {"LC_ALL": "vi_VN.UTF-8", "LANG": "en_US.UTF-8"}, "vi"),
        ([], {"LC_ALL": "", "LC_MESSAGES": "en_GB", "LANG": "vi_VN.UTF-8"}, "en"),
    ],
)
def test_the_language_a_command_line_asks_for(argv: list[str], environment: dict[str, str], chosen: str) -> None:
    assert catalogue.choose(argv, environment) == chosen


def test_speaking_a_language_for_a_while() -> None:
    assert catalogue.language() == "vi"
    with catalogue.speaking("en"):
        assert catalogue.text("ui.hint") == "hint"
        assert catalogue.rule_hint("yaml-tag") == catalogue.entries("en")["hints.yaml-tag"]
        with catalogue.speaking(catalogue.REGISTRY_LANGUAGE):
            assert catalogue.text("ui.hint") == "gợi ý"
        assert catalogue.section("new.choose") == {"unit": "Units:", "field": "Fields:"}
    assert catalogue.text("ui.hint") == "gợi ý"
    with pytest.raises(ValueError, match="fr"):
        catalogue.set_language("fr")


def test_a_decimal_is_written_with_a_comma_in_vietnamese() -> None:
    """1,5 MiB and 99,5 in Vietnamese (the dot groups thousands there), 1.5 MiB in English."""
    assert (
        catalogue.problem_message("problems.file-too-large.size", size=1.5)
        == "tệp có dung lượng 1,5 MiB; giới hạn là 1 MiB"
    )
    assert "là 1.234,5," in catalogue.problem_message("problems.author-shares.total", total=1234.5)
    with catalogue.speaking("en"):
        assert (
            catalogue.problem_message("problems.file-too-large.size", size=1.5)
            == "the file is 1.5 MiB; the limit is 1 MiB"
        )

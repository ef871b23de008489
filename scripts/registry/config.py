"""registry.yml: the organisation, read strictly and checked against schema/registry.schema.json.

A broken configuration is not a proposer's problem: it raises ``RegistryError`` (exit status 2)
with every problem found, each naming the line in registry.yml.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from registry.catalogue import text
from registry.errors import RegistryError
from registry.format_version import check_current
from registry.layout import PROPOSALS_DIR
from registry.problem import Finding, quoted
from registry.yamlread import read_yaml

if TYPE_CHECKING:
    import jsonschema

CONFIG_FILE = "registry.yml"
PROPOSAL_SCHEMA = "schema/proposal.schema.json"
REGISTRY_SCHEMA = "schema/registry.schema.json"
# The files `registry init` writes, byte for byte this repository's own (tests/test_init.py).
SHIPPED = Path(__file__).with_name("init_templates") / "repository"
# Keys shipped with the registry, named in registry.yml by these words.
BUILTIN_SIGNERS = {"github-web-flow": ("GitHub web-flow", Path(__file__).with_name("keys") / "github-web-flow.asc")}
DEFAULT_SIGNERS = ("github-web-flow",)
# A mistake in registry.yml that the schema cannot see: where, the catalogue key, and its values.
_Mistake = tuple[tuple[Any, ...], str, dict[str, object]]
# The keys whose schema errors are told in the catalogue's words, rather than the schema's.
_OWN_MESSAGES: dict[tuple[Any, ...], str] = {("site_url",): "problems.config.site_url"}
# The organisation's contacts that the public site's footer shows, in its order.
CONTACT_KEYS = ("address", "phone", "email", "website")

# registry.yml's ``decision`` settings when absent (docs/quy-trinh.md says what each default relies on).
MAJORITY_OF_ELIGIBLE = "eligible"  # members less those who do not vote because they are proposers
MAJORITY_OF_ALL = "all"  # all members
DEFAULT_IN_PERSON = ("truc-tiep",)
# The open data's licence (registry.yml publication.licence): name and address of its text.
DEFAULT_LICENCE = ("CC BY 4.0", "https://creativecommons.org/licenses/by/4.0/deed.vi")
# The reporting year starts on 15 December (Decree 09/2019/NĐ-CP's cut-off days), as MM-DD.
DEFAULT_REPORT_YEAR_START = "12-15"


@dataclass(frozen=True, slots=True)
class Unit:
    id: str
    name: str
    short_name: str
    parent: str | None
    level: str
    reviewers: tuple[str, ...]
    start: str | None  # ISO dates kept as text: they compare in order
    end: str | None
    successors: tuple[str, ...]  # the units that took over when it ended (several when it was split)
    former_names: tuple[tuple[str, str], ...]  # (name, until)

    def existed_on(self, day: str) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)

    def lifetime(self) -> str:
        """When it existed, for messages: ``2025-03-01..``, ``..2025-06-30``, ``2025-03-01..2025-06-30``."""
        return f"{self.start or ''}..{self.end or ''}"

    def name_on(self, day: str) -> str:
        for name, until in sorted(self.former_names, key=lambda item: item[1]):
            if day <= until:
                return name
        return self.name


@dataclass(frozen=True, slots=True)
class Field:
    id: str
    name: str
    sensitive: bool


@dataclass(frozen=True, slots=True)
class Plan:
    """The plan the registry carries out (registry.yml ``plan``): what the home page cites."""

    title: str
    issuer: str
    territory: str
    number: str | None
    date: str | None
    signer: str | None


@dataclass(frozen=True, slots=True)
class SigningKey:
    """A key whose signature on a commit proves that the forge made it, merging a pull request."""

    name: str
    kind: str  # "gpg" (an armored OpenPGP public key) or "ssh" (an SSH public key line)
    key: str


@dataclass(frozen=True)
class Registry:
    """The organisation as configured, with the root folder it was read from."""

    root: Path
    name: str
    authority: str
    administrators: tuple[str, ...]
    units: dict[str, Unit]
    fields: dict[str, Field]
    sections: tuple[str, ...]
    deadlines: dict[str, int]
    days_off: tuple[str, ...]
    working_days: tuple[str, ...]
    published_statuses: tuple[str, ...]
    publish_sensitive: bool
    proposal_schema: dict[str, Any]
    pull_request_signers: tuple[SigningKey, ...]
    plan: Plan | None = None
    # How the collective's decision is judged (registry.yml ``decision``; Decree 73/2023, Art. 8).
    majority_of: str = MAJORITY_OF_ELIGIBLE
    in_person: tuple[str, ...] = DEFAULT_IN_PERSON
    complete_from: str | None = None  # decisions from this day record what format 2 added
    external_authorities: dict[str, str] = field(default_factory=dict)  # id -> name
    # The day (MM-DD) the reporting year starts, in the year before the one it is named after
    # (registry.yml ``reporting``; Decree 09/2019/NĐ-CP's cut-off: 15 December).
    report_year_start: str = DEFAULT_REPORT_YEAR_START
    levels: dict[str, str] = field(default_factory=dict)  # id -> name
    site_url: str | None = None  # the public site's address, ending in "/" (registry.yml ``site_url``)
    # The organisation's address and contacts, for the public site's footer (registry.yml
    # ``organisation``: address, phone, email, website); the keys that are set.
    contact: dict[str, str] = field(default_factory=dict)
    tags: dict[str, str] = field(default_factory=dict)  # keyword -> its name with diacritics
    licence: tuple[str, str] = DEFAULT_LICENCE  # the open data's: name, address (registry.yml publication.licence)
    # The commit from which every change on main comes through a signed merge of a pull request
    # (registry.yml ``adopted_at``): ``registry audit`` reads the history after it.
    adopted_at: str | None = None

    @property
    def proposals_dir(self) -> Path:
        return self.root / PROPOSALS_DIR

    def ancestors(self, unit_id: str) -> list[str]:
        """The units above ``unit_id``, nearest first."""
        chain: list[str] = []
        unit = self.units.get(unit_id)
        while unit is not None and unit.parent is not None and unit.parent not in chain:
            chain.append(unit.parent)
            unit = self.units.get(unit.parent)
        return chain

    @cached_property
    def validator(self) -> jsonschema.protocols.Validator:
        import jsonschema

        base = jsonschema.validators.validator_for(self.proposal_schema)
        cls = jsonschema.validators.extend(base, {"uniqueItems": _unique_items})  # type: ignore[no-untyped-call]
        validator: jsonschema.protocols.Validator = cls(self.proposal_schema, format_checker=cls.FORMAT_CHECKER)
        return validator

    @cached_property
    def quick_check(self) -> Callable[[Any], bool] | None:
        """A compiled yes/no check of the proposal schema, or None where it cannot be trusted."""
        from registry.quickcheck import compile_quick_check  # (fastjsonschema: only the checkers need it)

        return compile_quick_check(self.proposal_schema)


def _unique_items(validator: Any, unique: Any, instance: Any, schema: Any) -> Iterator[jsonschema.ValidationError]:
    """jsonschema's ``uniqueItems`` in one pass: its own compares every pair of items that cannot be
    sorted (a list mixing numbers and text), which took minutes on a long list."""
    import jsonschema

    if unique and validator.is_type(instance, "array"):
        seen: set[Any] = set()
        for item in instance:
            key = _json_identity(item)
            if key in seen:
                yield jsonschema.ValidationError(f"{quoted(item)} appears more than once")
                return
            seen.add(key)


def _json_identity(value: Any) -> Any:
    """A hashable value equal for values JSON Schema calls equal: 1 and 1.0 are, true and 1 are not."""
    if isinstance(value, bool) or value is None:
        return (type(value).__name__, value)
    if isinstance(value, list):
        return ("list", tuple(_json_identity(item) for item in value))
    if isinstance(value, dict):
        return ("dict", frozenset((key, _json_identity(item)) for key, item in value.items()))
    return ("str" if isinstance(value, str) else "number", value)


def find_root(start: Path) -> Path:
    """The nearest folder at or above ``start`` that holds registry.yml."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / CONFIG_FILE).is_file():
            return folder
    raise RegistryError(text("config.not_found", file=CONFIG_FILE, folder=start))


def _read_json(root: Path, name: str) -> dict[str, Any]:
    try:
        source = (root / name).read_bytes()
        value = json.loads(source.decode("utf-8"))
    except OSError as error:
        raise RegistryError(text("config.unreadable", file=name, reason=error.strerror)) from None
    except ValueError as error:
        raise RegistryError(text("config.not_json", file=name, reason=error)) from None
    except RecursionError:
        raise RegistryError(text("config.too_deep", file=name)) from None
    if not isinstance(value, dict):
        raise RegistryError(text("config.not_object", file=name))
    if source != _shipped(name):  # the schemas `registry init` ships are checked by the tests, not each run
        import jsonschema

        try:
            jsonschema.validators.validator_for(value).check_schema(value)
        except jsonschema.SchemaError as error:
            raise RegistryError(text("config.not_schema", file=name, reason=error.message)) from None
        except RecursionError:  # jsonschema walks a schema one call per level
            raise RegistryError(text("config.too_deep", file=name)) from None
    return value


def _shipped(name: str) -> bytes | None:
    """The file ``name`` as `registry init` writes it (this repository's own), if the package has it."""
    try:
        return (SHIPPED / name).read_bytes()
    except OSError:
        return None


def load_registry(root: Path) -> Registry:
    """Read and check registry.yml and the proposal schema under ``root``."""
    path = root / CONFIG_FILE
    try:
        source = path.read_bytes().decode("utf-8")
    except OSError as error:
        raise RegistryError(text("config.unreadable", file=CONFIG_FILE, reason=error.strerror)) from None
    except UnicodeDecodeError:
        raise RegistryError(text("config.not_utf8", file=CONFIG_FILE)) from None
    document = read_yaml(source, CONFIG_FILE)
    problems = list(document.problems)
    data = document.data
    if not problems:
        check_current(data, CONFIG_FILE, document.positions)
    if not problems and not _passes_shipped_check(root, data):
        import jsonschema

        schema = _read_json(root, REGISTRY_SCHEMA)
        cls = jsonschema.validators.validator_for(schema)
        for issue in cls(schema, format_checker=cls.FORMAT_CHECKER).iter_errors(data):
            at = tuple(issue.absolute_path)
            while at and at not in document.positions:
                at = at[:-1]
            line, column = document.positions.get(at, (1, 1))
            key, values = _schema_message(issue)
            key = _OWN_MESSAGES.get(at, key)
            problems.append(Finding(CONFIG_FILE, line, column, key, rule="config", values=values))
    if not problems:
        problems = _check_references(data, document.positions)
    if problems:
        lines = [f"{p.path}:{p.line}:{p.column}: {p.rule}: {p.message}" for p in problems]
        raise RegistryError(text("config.broken", file=CONFIG_FILE) + "\n" + "\n".join(lines))
    return _build(root, data)


def _passes_shipped_check(root: Path, data: Any) -> bool:
    """Whether registry.yml's ``data`` passes the compiled check of the shipped registry schema, where
    the registry's schema is that one (quickcheck.py): then jsonschema, which would find nothing, need
    not be imported. False where the schema is another, or the check fails (jsonschema says why)."""
    try:
        own = (root / REGISTRY_SCHEMA).read_bytes()
    except OSError:
        return False  # _read_json says why
    if own != _shipped(REGISTRY_SCHEMA):
        return False
    import fastjsonschema

    from registry import registry_schema_check

    try:
        registry_schema_check.validate(data)  # type: ignore[no-untyped-call]  # generated code
    except fastjsonschema.JsonSchemaValueException:
        return False
    return True


def _check_references(data: dict[str, Any], positions: dict[Any, tuple[int, int]]) -> list[Finding]:
    """What the schema cannot see: ids listed twice, references to units and levels that are not
    listed, and units that are their own ancestors."""

    def finding(at: tuple[Any, ...], key: str, values: dict[str, object]) -> Finding:
        line, column = positions.get(at, (1, 1))
        return Finding(CONFIG_FILE, line, column, key, rule="config", values=values)

    mistakes = (*_unit_mistakes(data), *_field_mistakes(data), *_authority_mistakes(data))
    return [finding(at, key, values) for at, key, values in mistakes]


def _unit_mistakes(data: dict[str, Any]) -> Iterator[_Mistake]:
    units = {unit["id"]: index for index, unit in enumerate(data["units"])}
    levels = {level["id"] for level in data.get("levels", [])}
    seen: set[str] = set()
    for index, unit in enumerate(data["units"]):
        if unit["id"] in seen:
            yield ("units", index, "id"), "problems.config.unit_twice", {"unit": unit["id"]}
        seen.add(unit["id"])
        if "parent" in unit and unit["parent"] not in units:
            yield ("units", index, "parent"), "problems.config.parent", {"parent": unit["parent"]}
        if levels and unit["level"] not in levels:
            yield ("units", index, "level"), "problems.config.level", {"level": unit["level"]}
        if _own_ancestor(unit, data["units"], units):
            yield ("units", index, "parent"), "problems.config.own_ancestor", {"unit": unit["id"]}
        yield from _lifetime_mistakes(unit, index, data["units"], units)


def _lifetime_mistakes(
    unit: dict[str, Any], index: int, listed: list[dict[str, Any]], index_of: dict[str, int]
) -> Iterator[_Mistake]:
    """A unit's dates and successors: it ends after it starts, a unit that ended names its successors
    and only one that ended does, and each successor is a unit that exists on the day after the end."""
    start, end, successors = unit.get("from"), unit.get("until"), unit.get("successors", [])
    if start is not None and end is not None and end < start:
        yield ("units", index, "until"), "problems.config.ends_early", {"unit": unit["id"], "end": end, "start": start}
    if end is not None and not successors:
        yield ("units", index, "until"), "problems.config.no_successors", {"unit": unit["id"], "end": end}
    if end is None and successors:
        yield ("units", index, "successors"), "problems.config.no_until", {"unit": unit["id"]}
    next_day = (datetime.date.fromisoformat(end) + datetime.timedelta(days=1)).isoformat() if end else None
    for number, successor in enumerate(successors):
        at = ("units", index, "successors", number)
        if successor not in index_of:
            yield at, "problems.config.successor", {"successor": successor}
        elif next_day is not None and not _exists_on(listed[index_of[successor]], next_day):
            values = {"successor": successor, "day": next_day, "unit": unit["id"]}
            yield at, "problems.config.successor_gone", values


def _exists_on(unit: dict[str, Any], day: str) -> bool:
    start, end = str(unit.get("from", day)), str(unit.get("until", day))
    return start <= day <= end


def _own_ancestor(unit: dict[str, Any], listed: list[dict[str, Any]], index_of: dict[str, int]) -> bool:
    """Whether following ``unit``'s parents (``listed`` units, at ``index_of`` their ids) comes back
    to a unit already met."""
    chain, current = {unit["id"]}, unit
    while "parent" in current and current["parent"] in index_of:
        if current["parent"] in chain:
            return True
        chain.add(current["parent"])
        current = listed[index_of[current["parent"]]]
    return False


def _field_mistakes(data: dict[str, Any]) -> Iterator[_Mistake]:
    seen: set[str] = set()
    for index, item in enumerate(data["fields"]):
        if item["id"] in seen:
            yield ("fields", index, "id"), "problems.config.field_twice", {"field": item["id"]}
        seen.add(item["id"])


# The JSON Schema keywords whose failure registry.yml's problems say in the catalogue's words; any
# other names its keyword (problems.config.schema.other).
_SCHEMA_KEYWORDS = frozenset(
    ("required", "additionalProperties", "type", "enum", "const", "pattern", "format", "minItems", "minLength",
     "maxLength", "minimum", "maximum", "uniqueItems")
)  # fmt: skip


def _schema_message(issue: jsonschema.ValidationError) -> tuple[str, dict[str, object]]:
    """The catalogue key and values that say what registry.yml's schema refused, in the user's language."""
    path = ".".join(str(step) for step in issue.absolute_path) or "registry.yml"
    keyword = str(issue.validator)
    expected = issue.validator_value
    values: dict[str, object] = {"path": path, "keyword": keyword, "value": repr(issue.instance)[:80]}
    if keyword == "required" and isinstance(expected, list):
        present = issue.instance if isinstance(issue.instance, dict) else {}
        values["key"] = ", ".join(str(key) for key in expected if key not in present)
    elif keyword == "additionalProperties":
        allowed = issue.schema.get("properties", {}) if isinstance(issue.schema, dict) else {}
        extra = issue.instance if isinstance(issue.instance, dict) else {}
        values["key"] = ", ".join(str(key) for key in extra if key not in allowed)
    elif isinstance(expected, list):
        values["expected"] = ", ".join(str(item) for item in expected)
    else:
        values["expected"] = str(expected)
    return f"problems.config.schema.{keyword if keyword in _SCHEMA_KEYWORDS else 'other'}", values


def _licence(value: dict[str, str] | None) -> tuple[str, str]:
    return (value["name"], value["url"]) if value else DEFAULT_LICENCE


def _authority_mistakes(data: dict[str, Any]) -> Iterator[_Mistake]:
    units = {unit["id"] for unit in data["units"]}
    seen: set[str] = set()
    for index, item in enumerate(data.get("external_authorities", [])):
        if item["id"] in seen or item["id"] in units:
            yield ("external_authorities", index, "id"), "problems.config.authority", {"authority": item["id"]}
        seen.add(item["id"])


def _build(root: Path, data: dict[str, Any]) -> Registry:
    units = {
        item["id"]: Unit(
            id=item["id"],
            name=item["name"],
            short_name=item.get("short_name", item["name"]),
            parent=item.get("parent"),
            level=item["level"],
            reviewers=tuple(item["reviewers"]),
            start=item.get("from"),
            end=item.get("until"),
            successors=tuple(item.get("successors", [])),
            former_names=tuple((former["name"], former["until"]) for former in item.get("former_names", [])),
        )
        for item in data["units"]
    }
    fields = {item["id"]: Field(item["id"], item["name"], item.get("sensitive", False)) for item in data["fields"]}
    calendar = data.get("calendar", {})
    decision = data.get("decision", {})
    publication = data["publication"]
    organisation = data["organisation"]
    return Registry(
        root=root,
        name=organisation["name"],
        authority=organisation["authority"],
        administrators=tuple(data.get("administrators", [])),
        units=units,
        fields=fields,
        sections=tuple(data["sections"]),
        deadlines=dict(data["deadlines"]),
        days_off=tuple(item["date"] for item in calendar.get("days_off", [])),
        working_days=tuple(item["date"] for item in calendar.get("working_days", [])),
        published_statuses=tuple(publication["statuses"]),
        publish_sensitive=publication.get("sensitive_fields", False),
        proposal_schema=_read_json(root, PROPOSAL_SCHEMA),
        pull_request_signers=tuple(_signer(item) for item in data.get("pull_request_signers", DEFAULT_SIGNERS)),
        plan=_plan(data.get("plan")),
        majority_of=decision.get("majority_of", MAJORITY_OF_ELIGIBLE),
        in_person=tuple(decision.get("in_person", DEFAULT_IN_PERSON)),
        complete_from=decision.get("complete_from"),
        external_authorities={item["id"]: item["name"] for item in data.get("external_authorities", [])},
        report_year_start=data.get("reporting", {}).get("year_start", DEFAULT_REPORT_YEAR_START),
        levels={item["id"]: item["name"] for item in data.get("levels", [])},
        site_url=_site_url(data.get("site_url")),
        contact={key: organisation[key] for key in CONTACT_KEYS if key in organisation},
        tags={item["id"]: item["name"] for item in data.get("tags", [])},
        adopted_at=data.get("adopted_at"),
        licence=_licence(publication.get("licence")),
    )


def _site_url(value: str | None) -> str | None:
    """The site's address as a base for its own links: ending in "/", or None when not set."""
    if not value:
        return None
    return value if value.endswith("/") else value + "/"


def _plan(item: dict[str, str] | None) -> Plan | None:
    if item is None:
        return None
    return Plan(
        title=item["title"],
        issuer=item["issuer"],
        territory=item["territory"],
        number=item.get("number"),
        date=item.get("date"),
        signer=item.get("signer"),
    )


def migrate_units(meta: dict[str, Any]) -> dict[str, Any]:
    """registry.yml from format v1 to v2, for the units (``meta`` is the whole registry.yml mapping;
    a copy is returned, the input is left alone): a unit's single ``successor: x`` becomes
    ``successors: [x]``. Nothing else changes: proposals need no conversion for units in time (a v1
    proposal has no ``transfers``, and its units keep their ids)."""
    migrated = dict(meta)
    if isinstance(meta.get("units"), list):
        migrated["units"] = [_migrate_unit(unit) for unit in meta["units"]]
    return migrated


def _migrate_unit(unit: Any) -> Any:
    if not isinstance(unit, dict) or "successor" not in unit:
        return unit
    converted = {key: value for key, value in unit.items() if key != "successor"}
    converted["successors"] = [unit["successor"]]
    return converted


def _signer(item: str | dict[str, str]) -> SigningKey:
    """A key of ``pull_request_signers``: a built-in key's word, or a key written out (the schema
    has checked which)."""
    if isinstance(item, str):
        name, path = BUILTIN_SIGNERS[item]
        return SigningKey(name, "gpg", path.read_text(encoding="ascii"))
    kind = "gpg" if "gpg" in item else "ssh"
    return SigningKey(item["name"], kind, item[kind])

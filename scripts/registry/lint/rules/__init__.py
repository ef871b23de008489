"""The rule catalogue: one module per rule, registered here by hand.

Each module has ``ID``, ``SEVERITY``, a docstring that documents the rule (``registry rules`` and the
docs page of rules are made from it) and ``check(proposal, context)``, a generator of findings
(``registry.lint.findings``), which the checking engine (``registry.lint.engine``) runs and stamps
with the module's id and severity. A module that reports under several ids lists them in ``IDS``.
"""

from __future__ import annotations

from types import ModuleType

from registry.lint.rules import (
    author_shares,
    date_order,
    deadline,
    decision_record,
    decision_vote,
    field_exists,
    head_decided_above,
    id_file_name,
    id_unique,
    liability,
    markdown_slow,
    override_in_person,
    receipt_appraisal,
    referral_up,
    related_exists,
    scaling,
    schema,
    section_empty,
    section_heading,
    section_missing,
    section_order,
    sensitive_field,
    signer_not_author,
    transfer_successor,
    unit_exists,
    unit_folder,
    unit_in_time,
    vote_author,
    vote_counts,
)

RULES: dict[str, ModuleType] = {
    module.ID: module
    for module in (
        schema,
        id_file_name,
        id_unique,
        unit_folder,
        unit_exists,
        unit_in_time,
        transfer_successor,
        field_exists,
        related_exists,
        section_heading,
        section_missing,
        section_order,
        section_empty,
        markdown_slow,
        author_shares,
        date_order,
        head_decided_above,
        signer_not_author,
        sensitive_field,
        decision_vote,
        vote_counts,
        vote_author,
        override_in_person,
        receipt_appraisal,
        decision_record,
        referral_up,
        liability,
        scaling,
        deadline,
    )
}

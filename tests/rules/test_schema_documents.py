"""schema: a document number (số, ký hiệu văn bản) has the forms that documents really carry.

State documents (Decree 30/2020/NĐ-CP, Appendix I): the number, the year for legal documents, then the
symbol: the document type and the issuer, joined by ``-``, and a drafting unit that may itself be two
joined by ``&`` (``2231/SNV-CCHC&PC``). Party documents (Hướng dẫn 36-HD/VPTW): the number and the type
before the ``/``, the issuer after it (``64-KH/TU``). Each form is checked as the proposal's decision
document, so the line and column a proposer sees are tested too; the schema's pattern alone is also timed
on long hostile values, since a pattern that backtracks would let one file stall a check."""

from __future__ import annotations

import json
import re
import time

import pytest

from registry.config import Registry
from tests.helpers.proposals import PROJECT
from tests.helpers.rules import DECISION, Expect, assert_problems, check_rule, front

DOCUMENT_LINE = '  document: "45/QĐ-STP"\n'  # line 17 of front(DECISION)
assert DOCUMENT_LINE in DECISION

REAL_FORMS = [
    "123/QĐ-UBND",  # a decision of a People's Committee
    "45/2025/QĐ-UBND",  # a legal document: the year of issue before the symbol
    "12/KH-UBND",  # a plan
    "05/TB-VP",  # a notice of an office
    "1234/UBND-KT",  # an official letter: no type, the issuer and the drafting unit
    "15/NQ-HĐND",  # a resolution of a People's Council
    "202/2025/QH15",  # a law: the National Assembly's term in the symbol
    "73/2023/NĐ-CP",  # a decree
    "1494/TTr-SNV",  # a submission (tờ trình): the type has a small letter
    "2231/SNV-CCHC&PC",  # a compound drafting unit
    "01/2015/TTLT-BNV-BTC",  # a joint circular: several issuers
    "10/QyĐ-UBND",  # a regulation (quy định), with its small letter
    "64-KH/TU",  # a plan of a provincial Party committee
    "905-CV/BCSĐ",  # a letter of a Party delegation (ban cán sự đảng)
    "14-KL/TW",  # a conclusion of the Politburo
    "05-CTr/TU",  # a Party programme
]


@pytest.mark.parametrize("number", REAL_FORMS)
def test_real_forms_are_accepted(project_registry: Registry, number: str) -> None:
    decision = DECISION.replace(DOCUMENT_LINE, f'  document: "{number}"\n')
    assert_problems(check_rule(project_registry, "schema", front(decision, status="approved")), [])


JUNK = {
    "empty": "",
    "free text": "số 45 ngày 10/3",
    "the word Số before the number": "Số 123/QĐ-UBND",
    "a space inside": "123/QĐ UBND",
    "a space before": " 123/QĐ-UBND",
    "a bare number": "1494",
    "no number": "QĐ-UBND",
    "small letters": "123/qđ-ubnd",
    "a symbol that ends in a dash": "123/QĐ-",
    "a dash doubled": "123/QĐ--UBND",
    "a dangling ampersand": "2231/SNV-CCHC&",
    "a year without a symbol": "45/2025",
    "a year of three digits": "45/202/QĐ-UBND",
    "a slash doubled": "45//QĐ-UBND",
    "a Party number without an issuer": "64-KH",
    "a Party number with two slashes": "64-KH/TU/BTC",
    "a date": "10/3/2025",
    "a tab inside": "123/QĐ\\t-UBND",
    "a line feed at the end": "123/QĐ-UBND\\n",
    "a control character": "123/QĐ-UBND\\u0007",
}


@pytest.mark.parametrize("case", sorted(JUNK))
def test_junk_is_refused_at_its_line(project_registry: Registry, case: str) -> None:
    decision = DECISION.replace(DOCUMENT_LINE, f'  document: "{JUNK[case]}"\n')
    assert_problems(
        check_rule(project_registry, "schema", front(decision, status="approved")),
        [Expect("schema", 17, 3, "decision.document")],
    )


def document_pattern() -> re.Pattern[str]:
    schema = json.loads((PROJECT / "schema" / "proposal.schema.json").read_text(encoding="utf-8"))
    return re.compile(schema["$defs"]["document"]["pattern"])


def test_the_pattern_matches_the_whole_value_only() -> None:
    """Python's ``$`` also matches before a final line feed; the pattern must not rely on it."""
    pattern = document_pattern()
    assert all(pattern.search(number) for number in REAL_FORMS)
    assert not any(pattern.search(number + "\n") for number in REAL_FORMS)
    assert not pattern.search("123/QĐ-UBND\n456/QĐ-UBND")


@pytest.mark.parametrize(
    "hostile",
    [
        "1/" + "A&" * 50_000 + "!",  # many words, refused at the last character
        "1/" + "A-" * 50_000,  # a symbol that ends in a dash
        "1" * 100_000 + "/",  # a number that never gets its symbol
        "1-" + "A" * 100_000,  # a Party type that never gets its slash
        "1/2025/" * 10_000,  # a year after a year
    ],
)
def test_the_pattern_runs_in_linear_time(hostile: str) -> None:
    pattern = document_pattern()
    start = time.process_time()  # CPU time, steady on a busy machine
    assert not pattern.search(hostile)
    assert time.process_time() - start < 0.5

"""Cells that a spreadsheet opens as text, never as a formula.

Excel, LibreOffice and Google Sheets run a cell that begins with ``=``, ``+``, ``-`` or ``@`` (and,
in some, a tab or a carriage return) as a formula, which can fetch a URL or start a program. Proposal
text is untrusted, so the open data's CSV, and any report made for a spreadsheet later, writes every
text cell through ``safe_cell``: as OWASP recommends (CSV injection), such a cell is prefixed with a
single quote, which the spreadsheet shows as text. JSON is not a spreadsheet and keeps the text as is.
"""

from __future__ import annotations

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> object:
    """``value``, with a single quote in front if it is text that a spreadsheet would run."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value

"""A Git-based registry of innovation proposals (đề xuất đổi mới, sáng tạo)."""

from __future__ import annotations

__version__ = "0.1.0"

"""The one exception for expected failures: bad usage or a broken configuration."""

from __future__ import annotations


class RegistryError(Exception):
    """An expected failure, reported as a message and exit status 2 by the command line."""

"""What is GitHub's own: how its merge and squash commits name a pull request, and its REST API.

A subject only claims a pull request: anyone who can push can write "(#4242)". ``registry.provenance``
decides what is proven, by a signature or by the API below.
"""

from __future__ import annotations

import json
import os
import re
import urllib.error
import urllib.parse
import urllib.request
from typing import Any

from registry.catalogue import text
from registry.errors import RegistryError
from registry.gitrepo import Commit

# "Merge pull request #12 from owner/branch" (a merge commit) and "Title (#12)" (a squash). Nine digits
# at most: a longer number is no pull request, and Python refuses to read one of over 4,300 digits.
_MERGED_PULL_REQUEST = re.compile(r"^Merge pull request #([0-9]{1,9})\b")
_SQUASHED_PULL_REQUEST = re.compile(r"\(#([0-9]{1,9})\)\s*$")
_REPOSITORY = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?/[A-Za-z0-9._-]+$")
_TIMEOUT = 30  # seconds per API request


def claimed_pull_request(commit: Commit) -> int | None:
    """The pull request that a commit's subject names, as GitHub writes it: "Merge pull request #N …"
    in a merge commit (two parents or more), "… (#N)" at the end of a squash. A claim, not a proof."""
    match = _MERGED_PULL_REQUEST.match(commit.subject) if len(commit.parents) > 1 else None
    match = match or _SQUASHED_PULL_REQUEST.search(commit.subject)
    return int(match.group(1)) if match else None


class GitHub:
    """GitHub's REST API, read with the workflow's token: which pull request merged a commit."""

    def __init__(self, repository: str, base: str, token: str, api_url: str = "https://api.github.com") -> None:
        if not _REPOSITORY.match(repository):
            raise RegistryError(text("audit.github.repository", repository=repository))
        parts = urllib.parse.urlsplit(api_url)
        if parts.scheme not in ("https", "http") or not parts.netloc:
            raise RegistryError(text("audit.github.api_url", api_url=api_url))
        if not token:
            raise RegistryError(text("audit.github.token"))
        self.repository = repository
        self.base = base
        self.token = token
        self.api_url = api_url.rstrip("/")

    @classmethod
    def from_environment(cls, repository: str, base: str) -> GitHub:
        environ = os.environ
        return cls(
            repository, base, environ.get("GITHUB_TOKEN", ""), environ.get("GITHUB_API_URL") or "https://api.github.com"
        )

    def merged_pull_request(self, sha: str) -> int | None:
        """The pull request merged into the base branch whose merge commit is ``sha``, if any."""
        url = f"{self.api_url}/repos/{self.repository}/commits/{sha}/pulls?per_page=100"
        request = urllib.request.Request(
            url,
            headers={
                "Accept": "application/vnd.github+json",
                "Authorization": f"Bearer {self.token}",
                "X-GitHub-Api-Version": "2022-11-28",
                "User-Agent": "registry-audit",
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=_TIMEOUT) as response:
                answer: Any = json.load(response)
        except urllib.error.HTTPError as error:
            raise RegistryError(text("audit.github.http", url=url, code=error.code, reason=error.reason)) from None
        except (urllib.error.URLError, OSError) as error:
            reason = getattr(error, "reason", error)
            raise RegistryError(text("audit.github.unreachable", url=url, reason=reason)) from None
        except ValueError:
            raise RegistryError(text("audit.github.not_json", url=url)) from None
        if not isinstance(answer, list):
            raise RegistryError(text("audit.github.not_a_list", url=url))
        for pull in answer:
            if (
                isinstance(pull, dict)
                and pull.get("merged_at")
                and pull.get("merge_commit_sha") == sha
                and isinstance(pull.get("base"), dict)
                and pull["base"].get("ref") == self.base
                and isinstance(pull.get("number"), int)
            ):
                return int(pull["number"])
        return None

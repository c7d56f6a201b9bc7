"""Proposals for review: a validated practice file committed with real git on a new branch of
a clone of the content repository, for the committee to push and review as a pull request.

Git's plumbing writes the commit without touching the clone's checked-out branch, its
working tree or its index: the file becomes a blob (``git hash-object -w``), the tree of
the base commit is read into a temporary index (``GIT_INDEX_FILE``) where the file is added
(``git update-index --cacheinfo``), that index becomes a tree (``git write-tree``) and the
tree a commit on top of the base (``git commit-tree``). The branch is created with
``git update-ref refs/heads/proposal/<id>-<timestamp> <commit> ""``: the empty old value
makes git refuse to move a branch that already exists, so no branch is ever overwritten.

The commit's author and committer are the configured identity (``PROPOSALS_AUTHOR``); what a
submitter says about themselves (name, e-mail, optional) goes into the message body, where
a reviewer reads it, never into the author fields that git and the host trust.
"""
from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

#: "Name <address>", as git writes identities.
IDENTITY = re.compile(r"^(?P<name>[^<>\n]+?)\s*<(?P<email>[^<>\s@]+@[^<>\s@]+)>$")
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
#: Longest name or e-mail of a submitter written into a commit message.
SUBMITTER_MAX = 120
GIT_TIMEOUT = 30

_lock = threading.Lock()  # one proposal at a time per process: branch names stay unique


class ProposalError(Exception):
    """The proposal could not be written; the message says why (for the log and the page)."""


@dataclass(frozen=True)
class Identity:
    name: str
    email: str


@dataclass(frozen=True)
class Proposal:
    branch: str
    commit: str
    path: str  # of the file inside the repository


def identity(text: str) -> Identity:
    """``PROPOSALS_AUTHOR`` ("Practice Exchange form <form@example.org>") as an identity.

    Raises:
        ValueError: not "Name <address>".
    """
    match = IDENTITY.match((text or "").strip())
    if not match:
        raise ValueError(f'PROPOSALS_AUTHOR must be "Name <address>", e.g. "Practice Exchange form '
                         f'<form@example.org>", got "{text}"')
    return Identity(match.group("name").strip(), match.group("email"))


def check_repository(git_dir: Path) -> None:
    """``git_dir`` is a git repository with at least one commit.

    Raises:
        ProposalError: it is not.
    """
    try:
        _git(git_dir, "rev-parse", "--verify", "--quiet", "HEAD^{commit}")
    except ProposalError:
        raise ProposalError(f"PROPOSALS_GIT_DIR {git_dir} is not a clone of the content repository with a "
                            "commit checked out; clone it there first") from None


def one_line(text: str | None, limit: int = SUBMITTER_MAX) -> str:
    """A submitter's words for the message: one line, no control characters, bounded."""
    cleaned = re.sub(r"[\x00-\x1f\x7f\u2028\u2029]+", " ", text or "").strip()
    return cleaned[:limit]


def message(title: str, path: str, *, edit: bool, name: str = "", email: str = "") -> str:
    """The commit message: what the proposal is, and who sent it as they said."""
    subject = one_line(f"{'Edit' if edit else 'New practice'}: {title}", 72)
    lines = [subject, "", f"{'Changes' if edit else 'Adds'} {path}, sent through the contribution form of "
             "Practice Exchange and checked with `kb validate --strict`."]
    name, email = one_line(name), one_line(email)
    if name or email:
        who = f"{name} <{email}>" if name and email else name or email
        lines += ["", f"Sent by: {who} (as given in the form, not verified)"]
    else:
        lines += ["", "Sent without a name."]
    return "\n".join(lines) + "\n"


def propose(git_dir: Path, path: str, text: str, author: Identity, commit_message: str,
            practice_id: str, base: str = "HEAD", now: dt.datetime | None = None) -> Proposal:
    """Commit ``text`` as ``path`` on a new branch ``proposal/<id>-<timestamp>`` off ``base``.

    Args:
        git_dir: the clone of the content repository.
        path: the file's path inside the repository, slugs only (``practices/milan/x.md``).
        practice_id: a slug, for the branch name.

    Raises:
        ProposalError: git failed, or ``path``/``practice_id`` are not made of slugs.
    """
    parts = path.split("/")
    if not parts[-1].endswith(".md") or not all(_SLUG.match(p) for p in parts[:-1] + [parts[-1][:-3]]):
        raise ProposalError(f"refusing to write {path!r}: the path must be made of slugs")
    if not _SLUG.match(practice_id):
        raise ProposalError(f"refusing the branch name for {practice_id!r}: not a slug")
    env = {"GIT_AUTHOR_NAME": author.name, "GIT_AUTHOR_EMAIL": author.email,
           "GIT_COMMITTER_NAME": author.name, "GIT_COMMITTER_EMAIL": author.email}
    with _lock:
        parent = _git(git_dir, "rev-parse", "--verify", f"{base}^{{commit}}").strip()
        blob = _git(git_dir, "hash-object", "-w", "--stdin", input=text).strip()
        with tempfile.TemporaryDirectory(prefix="kb-proposal-") as tmp:
            index = {"GIT_INDEX_FILE": str(Path(tmp) / "index")}
            _git(git_dir, "read-tree", parent, env=index)
            _git(git_dir, "update-index", "--add", "--cacheinfo", f"100644,{blob},{path}", env=index)
            tree = _git(git_dir, "write-tree", env=index).strip()
        commit = _git(git_dir, "commit-tree", tree, "-p", parent, "-F", "-", input=commit_message, env=env).strip()
        stamp = (now or dt.datetime.now(dt.timezone.utc)).strftime("%Y%m%dT%H%M%SZ")
        for n in range(1, 100):
            branch = f"proposal/{practice_id}-{stamp}" + (f"-{n}" if n > 1 else "")
            try:
                # "" as the old value: fail rather than move a branch that exists
                _git(git_dir, "update-ref", "-m", "proposal from the contribution form",
                     f"refs/heads/{branch}", commit, "")
                return Proposal(branch, commit, path)
            except ProposalError:
                if not _exists(git_dir, f"refs/heads/{branch}"):
                    raise
        raise ProposalError(f"no free branch name for proposal/{practice_id}-{stamp}")


def _exists(git_dir: Path, ref: str) -> bool:
    try:
        _git(git_dir, "rev-parse", "--verify", "--quiet", ref)
        return True
    except ProposalError:
        return False


def _git(git_dir: Path, *args: str, input: str | None = None, env: dict | None = None) -> str:
    """Run git in ``git_dir`` and return its output.

    Raises:
        ProposalError: git is missing, timed out or failed (with its message).
    """
    full_env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C", **(env or {})}
    try:
        done = subprocess.run(["git", "-C", str(git_dir), *args], input=input, capture_output=True, text=True, encoding="utf-8",
                              env=full_env, timeout=GIT_TIMEOUT, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise ProposalError(f"git {args[0]} failed: {exc}") from None
    if done.returncode != 0:
        raise ProposalError(f"git {args[0]} failed: {done.stderr.strip()[:500]}")
    return done.stdout

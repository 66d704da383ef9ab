"""What the cooperation services share: saving a validated record, and the rule that only a
project's participants change what is recorded on it."""

from __future__ import annotations

from typing import TypeVar

from django.db.models import Model
from django.utils.translation import gettext

from ponte.accounts.permissions import Actor, require
from ponte.cooperation.models import Project
from ponte.cooperation.permissions import can_edit_project
from ponte.core.validation import validate

M = TypeVar("M", bound=Model)


def save(obj: M) -> M:
    """Validate a record (refused field by field, nothing written) and save it."""
    validate(obj)
    obj.save()
    return obj


def require_project_editor(actor: Actor, project: Project) -> None:
    """Before removing a mistaken entry (a budget, a result, an organisation…) of a project."""
    require(
        can_edit_project(actor, project),
        gettext("Only the project's participants may remove what was recorded."),
    )

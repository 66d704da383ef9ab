"""Form fields for the directory's reference data, shared by every app's forms."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.db.models import Model
from django.utils.translation import gettext_lazy as _

from ponte.core.collation import in_reader_order, sorted_by
from ponte.directory.models import Language


def tag_field(model: type[Model], label: Any) -> forms.ModelMultipleChoiceField[Any]:
    """Checkboxes for themes or hazards, submitted and cleaned by slug."""
    return in_reader_order(
        forms.ModelMultipleChoiceField(
            label=label,
            queryset=model._default_manager.all(),
            to_field_name="slug",
            required=False,
            widget=forms.CheckboxSelectMultiple,
        )
    )


class SdgTargetCodesField(forms.CharField):
    """SDG target codes typed as "11.5, 13.1"; cleans to a list of codes (checked by services)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("SDG targets"))
        kwargs.setdefault("help_text", _("Target codes separated by commas, e.g. 11.5, 13.1"))
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> list[str]:  # type: ignore[override]
        text = super().to_python(value) or ""
        return [code.strip() for code in text.replace(";", ",").split(",") if code.strip()]

    def prepare_value(self, value: Any) -> Any:
        return ", ".join(value) if isinstance(value, list) else value


UI_LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


def language_choices() -> list[tuple[str, Any]]:
    """The four interface languages first, then every other two-letter language."""
    common = sorted_by(Language.objects.filter(code__in=UI_LANGUAGE_CODES), lambda lang: lang.label)
    others = sorted_by(
        Language.objects.filter(code__regex=r"^[a-z]{2}$").exclude(code__in=UI_LANGUAGE_CODES),
        lambda lang: lang.label,
    )
    return [("", _("Detect automatically"))] + [(lang.code, lang.label) for lang in common + others]

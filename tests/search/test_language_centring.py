"""Language centring on the demo library: a query is not answered mostly in its own language."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.test import override_settings

from ponte.knowledge.models import Item
from ponte.search import vectors
from ponte.search.models import LanguageMean
from ponte.search.selectors import SearchFilters, search

pytestmark = pytest.mark.django_db

# Written for this test: the answer is Colombo's wetlands practice, in English only.
QUERY = "recuperar áreas úmidas da cidade para segurar a água das chuvas"


def _top_practices(strength: float) -> list[str]:
    with override_settings(PONTE_SEARCH_LANGUAGE_CENTRING=strength):
        vectors.forget_language_centring()
        hits = search(QUERY, filters=SearchFilters(type="practice"), limit=5).results
    vectors.forget_language_centring()
    return [hit["title"] for hit in hits]


def test_centring_brings_the_english_answer_to_a_portuguese_query(
    capsys: pytest.CaptureFixture[str],
) -> None:
    call_command("demo", no_serve=True)  # ends with `reindex`, which computes the means
    means = dict(LanguageMean.objects.values_list("language", "documents"))
    assert all(means[lang] >= 20 for lang in ("en", "es", "pt", "id"))
    wetlands = Item.objects.get(external_id="demo-aspac-25")
    assert wetlands.language_id == "en" and not wetlands.translations.exists()

    assert _top_practices(1.0)[0] == wetlands.title
    # Without centring, Portuguese and Spanish practices fill the first five places.
    assert wetlands.title not in _top_practices(0.0)

    capsys.readouterr()
    call_command("check")
    assert "applied to en, es, id, pt (at least 20 documents" in capsys.readouterr().out


def test_ponte_daily_recomputes_the_language_means(
    library: dict, capsys: pytest.CaptureFixture[str]
) -> None:
    LanguageMean.objects.all().delete()
    call_command("daily", now=True)
    assert "language means of 2 languages" in capsys.readouterr().out
    # Public documents only: the Portuguese draft does not count.
    assert dict(LanguageMean.objects.values_list("language", "documents")) == {"es": 1, "id": 2}

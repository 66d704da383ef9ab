"""The search index: one document per searchable object, with its text, facets and vector."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchDocument(models.Model):
    """What search knows about one object. Rebuilt from the object by its app's search.py."""

    key = models.CharField(_("key"), max_length=120, unique=True)  # "practice:42"
    type = models.CharField(_("type"), max_length=40, db_index=True)
    object_pk = models.CharField(_("object id"), max_length=64)
    title = models.CharField(_("title"), max_length=400)
    text = models.TextField(_("text"), blank=True)
    # Accent- and case-folded title and text, weighted by repetition, for the lexical index.
    folded = models.TextField(_("folded text"), blank=True)
    language = models.CharField(_("language"), max_length=8, blank=True)
    languages = models.JSONField(_("languages available"), default=list, blank=True)
    url = models.CharField(_("address"), max_length=400)
    facets = models.JSONField(_("facets"), default=dict, blank=True)
    is_public = models.BooleanField(_("public"), default=True, db_index=True)
    embedding = models.BinaryField(_("embedding"), null=True, blank=True)
    content_hash = models.CharField(_("content hash"), max_length=64, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True, db_index=True)

    class Meta:
        verbose_name = _("search document")
        verbose_name_plural = _("search documents")

    def __str__(self) -> str:
        return self.key


class IndexGeneration(models.Model):
    """Bumped on every index write so each process knows when to refresh its vectors."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    generation = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return f"generation {self.generation}"


class LanguageMean(models.Model):
    """The mean embedding of the public documents in one language (engines/centring.py).

    Recomputed by `ponte reindex` and `ponte daily`; search subtracts each language's part
    when ranking, so documents in other languages than the query's are not ranked down.
    """

    language = models.CharField(_("language"), max_length=8, primary_key=True)
    vector = models.BinaryField(_("mean vector"))
    documents = models.PositiveIntegerField(_("documents"))
    computed_at = models.DateTimeField(_("computed"), auto_now=True)

    class Meta:
        verbose_name = _("language mean")
        verbose_name_plural = _("language means")

    def __str__(self) -> str:
        return f"{self.language} ({self.documents} documents)"

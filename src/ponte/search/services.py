"""Writes to the search index: index, remove and rebuild documents."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F

from ponte.core.text import fold
from ponte.search import registry
from ponte.search.engines.centring import MeanAccumulator
from ponte.search.models import IndexGeneration, LanguageMean, SearchDocument
from ponte.search.vectors import (
    embedder,
    forget_language_centring,
    from_bytes,
    initialise_store,
    to_bytes,
    vector_store,
)


def _bump_generation() -> None:
    updated = IndexGeneration.objects.filter(pk=1).update(generation=F("generation") + 1)
    if not updated:
        IndexGeneration.objects.get_or_create(pk=1, defaults={"generation": 1})


def _folded(fields: list[tuple[str, int]]) -> str:
    return "\n".join(" ".join([fold(text)] * weight) for text, weight in fields if text)


def _embedding_text(title: str, fields: list[tuple[str, int]]) -> str:
    body = " ".join(text for text, _weight in fields if text and text != title)
    return f"{title}. {body}"[: settings.PONTE_SEARCH_EMBED_CHARS]


@transaction.atomic
def index_objects(type_name: str, pks: Iterable[Any]) -> int:
    """(Re)index these objects; objects that are gone or not public leave the index."""
    search_type = registry.types()[type_name]
    pks = list(pks)
    objects = {str(obj.pk): obj for obj in search_type.queryset().filter(pk__in=pks)}
    existing = {
        doc.key: doc
        for doc in SearchDocument.objects.filter(
            key__in=[registry.key_for(type_name, pk) for pk in pks]
        )
    }
    to_embed: list[tuple[SearchDocument, str]] = []
    removed = []
    for pk in map(str, pks):
        key = registry.key_for(type_name, pk)
        obj = objects.get(pk)
        document = search_type.document(obj) if obj is not None else None
        if document is None or not document.is_public:
            removed.append(key)
            continue
        embed_text = _embedding_text(document.title, document.fields)
        digest = hashlib.sha256(embed_text.encode()).hexdigest()
        doc = existing.get(key) or SearchDocument(key=key, type=type_name, object_pk=pk)
        doc.title = document.title[:400]
        # The text snippets are cut from; the title is shown above them already.
        doc.text = "\n\n".join(
            text for text, _weight in document.fields if text and text != document.title
        )
        doc.folded = _folded(document.fields)
        doc.language = document.language
        doc.languages = sorted(set(document.languages) | {document.language})
        doc.url = document.url
        doc.facets = document.facets
        doc.is_public = True
        if doc.content_hash != digest or doc.embedding is None:
            doc.content_hash = digest
            to_embed.append((doc, embed_text))
        doc.save()
    if to_embed:
        vectors = embedder().embed_passages([text for _doc, text in to_embed])
        for (doc, _text), vector in zip(to_embed, vectors, strict=True):
            doc.embedding = to_bytes(vector)
            doc.save(update_fields=["embedding", "updated_at"])
        vector_store().write([doc.key for doc, _text in to_embed], vectors)
    if removed:
        SearchDocument.objects.filter(key__in=removed).delete()
        vector_store().remove(removed)
    _bump_generation()
    return len(pks) - len(removed)


@transaction.atomic
def remove_objects(type_name: str, pks: Iterable[Any]) -> None:
    keys = [registry.key_for(type_name, pk) for pk in pks]
    SearchDocument.objects.filter(key__in=keys).delete()
    vector_store().remove(keys)
    _bump_generation()


def reindex(*, type_names: list[str] | None = None, batch_size: int = 64) -> dict[str, int]:
    """Rebuild the index for some or all types, in batches; drop documents whose object is gone.

    Each batch commits on its own, so an interrupted rebuild keeps its progress and running it
    again completes it. The vector store is set up first (the pgvector extension and table,
    which searches never create) and rebuilt from the documents at the end.
    """
    initialise_store()
    counts = {}
    for name, search_type in registry.types().items():
        if type_names and name not in type_names:
            continue
        pks = list(search_type.queryset().values_list("pk", flat=True))
        indexed = 0
        for start in range(0, len(pks), batch_size):
            indexed += index_objects(name, pks[start : start + batch_size])
        alive = {registry.key_for(name, pk) for pk in pks}
        stale = set(SearchDocument.objects.filter(type=name).values_list("key", flat=True)) - alive
        if stale:
            SearchDocument.objects.filter(key__in=stale).delete()
            vector_store().remove(stale)
            _bump_generation()
        counts[name] = indexed
    refresh_language_means()
    vector_store().rebuild()
    return counts


@transaction.atomic
def refresh_language_means() -> dict[str, int]:
    """Recompute the mean vector of each language's public documents (engines/centring.py);
    returns how many documents each mean was taken over."""
    accumulator = MeanAccumulator(embedder().dim)
    rows = (
        SearchDocument.objects.filter(is_public=True, embedding__isnull=False)
        .exclude(language="")
        .values_list("language", "embedding")
    )
    for language, raw in rows.iterator(chunk_size=2000):
        if raw is not None:
            accumulator.add(language, from_bytes(raw))
    means = accumulator.means()
    LanguageMean.objects.all().delete()
    LanguageMean.objects.bulk_create(
        LanguageMean(language=m.language, vector=to_bytes(m.vector), documents=m.documents)
        for m in means
    )
    forget_language_centring()
    return {m.language: m.documents for m in means}


@dataclass
class IndexHealth:
    type: str
    expected: int
    indexed: int
    missing: list[str]
    stale: list[str]
    orphans: list[str]

    @property
    def healthy(self) -> bool:
        return not (self.missing or self.stale or self.orphans)


def index_health() -> list[IndexHealth]:
    """Compare what should be indexed with what is: missing, stale and orphaned documents."""
    report = []
    for name, search_type in registry.types().items():
        expected: dict[str, str] = {}
        for obj in search_type.queryset():
            document = search_type.document(obj)
            if document.is_public:
                text = _embedding_text(document.title, document.fields)
                expected[registry.key_for(name, obj.pk)] = hashlib.sha256(text.encode()).hexdigest()
        docs = dict(SearchDocument.objects.filter(type=name).values_list("key", "content_hash"))
        with_vectors = set(
            SearchDocument.objects.filter(type=name, embedding__isnull=False).values_list(
                "key", flat=True
            )
        )
        report.append(
            IndexHealth(
                type=name,
                expected=len(expected),
                indexed=len(docs),
                missing=sorted(set(expected) - set(docs)),
                stale=sorted(
                    k
                    for k in expected
                    if k in docs and (docs[k] != expected[k] or k not in with_vectors)
                ),
                orphans=sorted(set(docs) - set(expected)),
            )
        )
    return report

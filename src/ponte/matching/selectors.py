"""Reads for matchmaking: ranked, explained matches for a need and peers for a local
government, with the weights and hard rules from settings."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.urls import reverse

from ponte.accounts.permissions import member_of, staff_of
from ponte.directory.models import LocalGovernment
from ponte.exchange.models import Need, Offer
from ponte.knowledge.models import Item
from ponte.matching import engine
from ponte.matching.models import DigestEntry, Interest
from ponte.matching.permissions import addressed_to
from ponte.matching.reasons import Labels, explained
from ponte.matching.world import need_query, world

KINDS = ("local_government", "practice", "offer")


def weights() -> engine.Weights:
    return engine.Weights.from_mapping(settings.PONTE_MATCH_WEIGHTS)


def rules(*, exclude_partners: bool | None = None) -> engine.Rules:
    return engine.Rules(
        exclude_partners=settings.PONTE_MATCH_EXCLUDE_PARTNERS
        if exclude_partners is None
        else exclude_partners,
        max_per_country=settings.PONTE_MATCH_MAX_PER_COUNTRY or None,
        min_score=settings.PONTE_MATCH_MIN_SCORE,
    )


def _with_urls(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    ids: dict[str, list[str]] = {kind: [] for kind in KINDS}
    for row in rows:
        ids[row["kind"]].append(row["id"])
    slugs = {
        "local_government": dict(
            LocalGovernment.objects.filter(pk__in=ids["local_government"]).values_list("pk", "slug")
        ),
        "practice": dict(Item.objects.filter(pk__in=ids["practice"]).values_list("pk", "slug")),
    }
    lg_slugs = dict(
        LocalGovernment.objects.filter(pk__in=[r["place"] for r in rows if r["place"]]).values_list(
            "pk", "slug"
        )
    )
    for row in rows:
        pk = int(row["id"])
        if row["kind"] == "local_government":
            row["url"] = reverse("directory:profile", args=[slugs["local_government"][pk]])
        elif row["kind"] == "practice":
            row["url"] = reverse("knowledge:detail", args=[slugs["practice"][pk]])
        else:
            row["url"] = reverse("exchange:offer", args=[pk])
        row["place_url"] = (
            reverse("directory:profile", args=[lg_slugs[row["place"]]])
            if row["place"] in lg_slugs
            else None
        )
    return rows


def need_matches(
    need: Need,
    *,
    kinds: tuple[str, ...] = KINDS,
    limit: int | None = None,
    exclude_partners: bool | None = None,
) -> dict[str, list[dict[str, Any]]]:
    """For each kind, the ranked matches with score and per-factor reasons."""
    current = world()
    query = need_query(need, current)
    labels = Labels()
    matches = engine.match_need_kinds(
        current,
        query,
        kinds=kinds,
        weights=weights(),
        rules=rules(exclude_partners=exclude_partners),
        limit=limit or settings.PONTE_MATCH_LIMIT,
    )
    found = {kind: _with_urls(explained(rows, labels)) for kind, rows in matches.items()}
    return found


def peers_for(local_government: LocalGovernment, *, limit: int | None = None) -> dict[str, Any]:
    """ "Peers like you" and "who could learn from you"."""
    current = world()
    me = current.position[local_government.pk]
    labels = Labels()
    size = limit or settings.PONTE_MATCH_LIMIT
    return {
        "peers": _with_urls(
            explained(
                engine.peers(current, me, weights=weights(), rules=rules(), limit=size), labels
            )
        ),
        "learners": _with_urls(
            explained(
                engine.learners(current, me, weights=weights(), rules=rules(), limit=size), labels
            )
        ),
    }


def find_match(
    need: Need | None, local_government: LocalGovernment, key: str
) -> dict[str, Any] | None:
    """The match as currently proposed (to snapshot what the user saw), or None."""
    if need is not None:
        kind = key.split(":", 1)[0]
        if kind not in KINDS:
            return None
        for rank, row in enumerate(need_matches(need, kinds=(kind,), limit=50)[kind], start=1):
            if row["key"] == key:
                return {**row, "rank": rank}
        return None
    found = peers_for(local_government, limit=50)
    for group in ("peers", "learners"):
        for rank, row in enumerate(found[group], start=1):
            if row["key"] == key:
                return {**row, "rank": rank}
    return None


def interests_for(actor: Any) -> dict[str, Any]:
    """Interests this person answers (sent to their local government, or to their network for
    its offers) and interests their local government sent. An administrator answers none."""
    related = (
        "need",
        "from_local_government",
        "to_local_government",
        "to_network",
        "brokered_by",
        "conversation",
    )
    interests = Interest.objects.select_related(*related)
    lg = member_of(actor)
    network = staff_of(actor)
    return {
        # The rule's own filter, without the administrator's pass: answer what is addressed
        # to you.
        "received": interests.filter(addressed_to(actor)),
        # A match proposed by a network is answered by both sides, not sent by either.
        "sent": interests.filter(from_local_government_id=lg, brokered_by__isnull=True)
        if lg
        else interests.none(),
        # The matches a network's staff proposed, to follow how they end.
        "brokered": interests.filter(brokered_by_id=network) if network else interests.none(),
    }


def peer_interests_sent(local_government_id: int | None) -> dict[str, str]:
    """Candidate key -> status of the peer interests a local government already sent."""
    if local_government_id is None:
        return {}
    return dict(
        Interest.objects.filter(
            from_local_government_id=local_government_id, need__isnull=True
        ).values_list("candidate_key", "status")
    )


def sent_keys(need: Need) -> dict[str, str]:
    """Candidate key -> interest status for a need, so pages show what was already sent."""
    return dict(Interest.objects.filter(need=need).values_list("candidate_key", "status"))


def offer_recipient(offer_id: int) -> Offer | None:
    return Offer.objects.select_related("local_government", "network").filter(pk=offer_id).first()


def new_match_count(need: Need, *, per_kind: int = 5) -> int:
    """How many of a need's top matches are new to its local government: not sent in a digest
    yet and not answered with an interest (My Ponte shows the count with a link)."""
    seen = set(DigestEntry.objects.filter(need=need).values_list("candidate_key", flat=True))
    seen |= set(sent_keys(need))
    found = need_matches(need, limit=per_kind)
    return len({m["key"] for kind in KINDS for m in found[kind]} - seen)


def interest_counts(actor: Any) -> dict[str, int]:
    """Interests waiting for this person's answer, and those their side sent still waiting."""
    found = interests_for(actor)
    return {
        "to_answer": found["received"].filter(status=Interest.Status.PENDING).count(),
        "sent_waiting": found["sent"].filter(status=Interest.Status.PENDING).count(),
        "accepted": (
            found["received"].filter(status=Interest.Status.ACCEPTED).count()
            + found["sent"].filter(status=Interest.Status.ACCEPTED).count()
        ),
    }

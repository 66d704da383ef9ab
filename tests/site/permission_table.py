"""Who may use each page and API operation: one row per URL (or per case of a URL), saying how
to build it from the world (tests/site/world.py) and which kind of actor may use it.

A row that writes says what to send and what to look at (`state`): an allowed actor's request
must change it, a refused actor's must leave it as it was. `tests/site/test_permissions.py`
requests every row as every actor, and fails when a URL or API operation has no row.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from ponte.accounts.models import ApiToken, User
from ponte.accounts.services import api_token_create
from ponte.community.models import Message, Notification
from ponte.cooperation.models import (
    Activity,
    Budget,
    Document,
    Partnership,
    Programme,
    Project,
    ProjectOrganisation,
    ProjectResult,
    ResultPeriod,
    Transaction,
)
from ponte.directory.models import CommitteeMembership, LocalGovernment, Membership
from ponte.events.models import CalendarToken, Event, FollowUpAction, Registration
from ponte.exchange.models import Need, Offer, Pledge, SolidarityRequest
from ponte.knowledge.models import Attachment, Item, ItemTranslation
from ponte.matching.models import Interest
from ponte.matching.selectors import need_matches, peers_for
from tests.site.world import ACTORS, World, pdf

Actor = User | None


@dataclass(frozen=True)
class Kind:
    """Who may use a row: a name for the table, and the actors (tests/site/world.py)."""

    name: str
    actors: frozenset[str]


def kind(name: str, *actors: str) -> Kind:
    unknown = set(actors) - set(ACTORS)
    assert not unknown, unknown
    return Kind(name, frozenset(actors))


PUBLIC = kind("public-read", *ACTORS)
SIGNED_IN = kind("signed-in", *(a for a in ACTORS if a != "anonymous"))
# Drafts and posts under review: their editors and the reviewers of the owner's networks.
OWNER_READ = kind("owner-read", "owner_member", "owner_staff", "admin")
OWNER_WRITE = kind("owner-write", "owner_member", "admin")
REVIEWER_WRITE = kind("reviewer-write", "owner_staff", "admin")
OWNER_OR_REVIEWER_WRITE = kind("owner-or-reviewer-write", "owner_member", "owner_staff", "admin")
# The owner's network's staff manage its committees and confirm its members' focal points.
STAFF_WRITE = kind("staff-write", "owner_staff", "admin")
STAFF_READ = kind("staff-read", "owner_staff", "partner_staff", "other_staff", "admin")
MEMBER_WRITE = kind("member-write", "owner_member", "other_member", "partner_member")
# The two parties of a match, partnership or project, and their networks' staff.
PARTIES = kind("parties", "owner_member", "partner_member", "owner_staff", "partner_staff", "admin")
CONVERSATION = kind("conversation", "owner_member", "partner_member", "admin")
# Recife's side: it received the interest, and it pledged.
PARTNER_WRITE = kind("partner-write", "partner_member", "admin")
PARTNER_STAFF_WRITE = kind("partner-network-write", "partner_staff", "admin")
PROGRAMME_LEADS = kind("programme-leads", "owner_staff", "other_staff", "admin")
# Ninja's root has no page: nobody finds anything there.
NOTHING_THERE = kind("nothing-there")
# Needs are posted by local governments' focal points (and administrators, in one's name).
MEMBER_OR_ADMIN_WRITE = kind(
    "member-or-admin-write", "owner_member", "other_member", "partner_member", "admin"
)
INTERESTED = kind(
    "interests",
    "owner_member",
    "other_member",
    "partner_member",
    "owner_staff",
    "partner_staff",
    "other_staff",
    "admin",
)


@dataclass(frozen=True)
class Row:
    """One case of a URL. `name` is the URL's name (web) or "METHOD /api/v1/path" (API)."""

    name: str
    kind: Kind
    url: Callable[[World], str]
    method: str = "GET"
    case: str = ""  # what distinguishes this row from others of the same URL
    data: Callable[[World, Actor], dict[str, Any]] | None = None
    # What a write changes: read before and after the request.
    state: Callable[[World, Actor], Any] | None = None

    @property
    def id(self) -> str:
        base = self.name if self.is_api or self.method == "GET" else f"{self.method} {self.name}"
        return f"{base} ({self.case})" if self.case else base

    @property
    def is_api(self) -> bool:
        return self.name.split(" ", 1)[0] in {"GET", "POST", "PUT", "PATCH", "DELETE"}


def web(name: str, kind: Kind, url: Callable[[World], str], **kwargs: Any) -> Row:
    return Row(name, kind, url, **kwargs)


def api(operation: str, kind: Kind, url: Callable[[World], str], **kwargs: Any) -> Row:
    method = operation.split(" ", 1)[0]
    return Row(operation, kind, url, method=method, **kwargs)


def u(name: str, *args: Any, **kwargs: Any) -> str:
    return reverse(name, args=args or None, kwargs=kwargs or None)


def _lg(actor: Actor) -> LocalGovernment | None:
    return actor.local_government if actor is not None else None


# What a write changes ----------------------------------------------------------------------


def status_of(model: Any, pick: Callable[[World], Any]) -> Callable[[World, Actor], Any]:
    return lambda w, _a: model.objects.get(pk=pick(w).pk).status


def exists(model: Any, pick: Callable[[World], Any]) -> Callable[[World, Actor], bool]:
    return lambda w, _a: model.objects.filter(pk=pick(w).pk).exists()


def count(model: Any, **where: Any) -> Callable[[World, Actor], int]:
    return lambda _w, _a: model.objects.filter(**where).count()


def title_of(model: Any, pick: Callable[[World], Any]) -> Callable[[World, Actor], str]:
    return lambda w, _a: model.objects.get(pk=pick(w).pk).title


# Two-factor sign-in: the actor has it on (made before the request), and the code its
# authenticator app shows now.


def _with_two_factor(w: World, actor: Actor) -> None:
    # A row's state is read twice, before and after the request: set up on the first read.
    # (The world may outlive a test's database; the set must not.)
    before = w.__dict__.setdefault("_two_factor", set())
    if actor is None:
        return
    if actor.pk in before:
        before.discard(actor.pk)
        return
    before.add(actor.pk)
    TOTPDevice.objects.create(user=actor, confirmed=True)
    static = StaticDevice.objects.create(user=actor, confirmed=True)
    static.token_set.create(token="backup1")


def _totp_code(actor: Actor, *, confirmed: bool) -> str:
    device = TOTPDevice.objects.filter(user=actor, confirmed=confirmed).first()
    if device is None:
        return "000000"
    return f"{TOTP(device.bin_key, device.step, device.t0, device.digits).token():06d}"


def _confirmed_devices(w: World, actor: Actor) -> Any:
    return TOTPDevice.objects.filter(user=actor, confirmed=True).count() if actor else None


def _devices_of_two_factor_on(w: World, actor: Actor) -> Any:
    _with_two_factor(w, actor)
    return _confirmed_devices(w, actor)


def _backup_codes(w: World, actor: Actor) -> Any:
    _with_two_factor(w, actor)
    return sorted(StaticToken.objects.filter(device__user=actor).values_list("token", flat=True))


def _code_of_a_new_secret(w: World, actor: Actor) -> dict[str, Any]:
    if actor is not None:
        TOTPDevice.objects.create(user=actor, confirmed=False)
    return {"code": _totp_code(actor, confirmed=False)}


def _current_code(w: World, actor: Actor) -> dict[str, Any]:
    return {"code": _totp_code(actor, confirmed=True)}


# What to send ------------------------------------------------------------------------------


def send(**values: Any) -> Callable[[World, Actor], dict[str, Any]]:
    return lambda _w, _a: dict(values)


def _item_form(w: World, _a: Actor) -> dict[str, Any]:
    item = Item.objects.get(pk=w.items["draft"].pk)
    return {
        "version": item.version,
        "type": "practice",
        "title": "Flood warnings, edited",
        "summary": item.summary,
        "language": "en",
    }


def _new_item(w: World, actor: Actor) -> dict[str, Any]:
    """A practice in the name of one's local government, a toolkit in the name of one's network;
    an administrator says for whom (the web form's `owner`, the API's)."""
    staff = actor is not None and actor.is_network_staff
    return {
        "type": "toolkit" if staff else "practice",
        "title": "Rain gardens",
        "summary": "Gardens.",
        "language": "en",
        **({"owner": "surabaya"} if actor is not None and actor.is_platform_admin else {}),
    }


def _post_form(model: Any, pick: Callable[[World], Any]) -> Callable[[World, Actor], Any]:
    def data(w: World, _a: Actor) -> dict[str, Any]:
        post = model.objects.get(pk=pick(w).pk)
        return {
            "version": post.version,
            "kind": "expertise",
            "title": f"{post.title}, edited",
            "description": post.description,
            "language": "en",
        }

    return data


def _express(w: World, actor: Actor) -> dict[str, Any]:
    """Interest in the first peer proposed to the actor's own local government."""
    lg = _lg(actor) or w.surabaya
    # A peer interest is sent once: take a peer this local government has not written to.
    taken = set(
        Interest.objects.filter(from_local_government=lg, need__isnull=True).values_list(
            "candidate_key", flat=True
        )
    )
    found = peers_for(lg)
    proposed = [p["key"] for p in [*found["peers"], *found["learners"]]]
    key = next((k for k in proposed if k not in taken), proposed[0])
    return {"candidate_key": key, "message": "Shall we talk?"}


def _express_for_need(w: World, _a: Actor) -> dict[str, Any]:
    """Interest in a match proposed for Surabaya's open need, not yet acted on."""
    need = w.needs["open"]
    taken = set(Interest.objects.filter(need=need).values_list("candidate_key", flat=True))
    found = need_matches(need)
    key = next(m["key"] for kind in found for m in found[kind] if m["key"] not in taken)
    return {"need": need.pk, "candidate_key": key}


def _versioned(model: Any, pick: Callable[[World], Any], **values: Any) -> Any:
    def data(w: World, _a: Actor) -> dict[str, Any]:
        return {"version": model.objects.get(pk=pick(w).pk).version, **values}

    return data


PERIOD = {"period_start": "2026-01-01", "period_end": "2026-06-30"}


def _removal(
    name: str, pick: Callable[[World], Any], model: Any, *, owner: Callable[[World], Any]
) -> list[Row]:
    """A Remove button: GET asks, POST removes."""

    def url(w: World) -> str:
        return u(name, owner(w).pk, pick(w).pk)

    return [
        web(name, PARTIES, url, case="asks"),
        web(name, PARTIES, url, method="POST", case="removes", state=exists(model, pick)),
    ]


def _token(w: World) -> ApiToken:
    """Surabaya's focal point's API token (made the first time a row asks for it)."""
    owner = w.actor("owner_member")
    token = ApiToken.objects.filter(user=owner, name="Sync").first()
    return token or api_token_create(actor=owner, name="Sync", scope="write", expires_at=None)[0]


def _new_post(kind: str) -> Callable[[World, Actor], dict[str, Any]]:
    """A need or offer in one's own name; an administrator says in whose."""

    def data(_w: World, actor: Actor) -> dict[str, Any]:
        admin = actor is not None and actor.is_platform_admin
        return {
            "title": f"New {kind} by API",
            "description": "Help wanted.",
            "language": "en",
            **({"kind": "expertise"} if kind == "offer" else {}),
            **({"local_government": "surabaya"} if admin else {}),
        }

    return data


def _new_event(_w: World, actor: Actor) -> dict[str, Any]:
    """A draft event in one's own name; an administrator says in whose."""
    soon = timezone.now() + timedelta(days=30)
    admin = actor is not None and actor.is_platform_admin
    return {
        "kind": "webinar",
        "title": "New event by API",
        "starts_at": soon.isoformat(),
        "ends_at": (soon + timedelta(hours=1)).isoformat(),
        "timezone": "Asia/Jakarta",
        "meeting_url": "https://meet.example.org/new",
        **({"local_governments": ["surabaya"]} if admin else {}),
    }


def _project(w: World) -> Project:
    return w.project


def _partnership(w: World) -> Partnership:
    return w.partnership


def _draft(w: World) -> Item:
    return w.items["draft"]


WEB: list[Row] = [
    # Site, search, accounts ------------------------------------------------------------------
    web("home", PUBLIC, lambda w: u("home")),
    # My Ponte: everyone signed in has their own (tests/site/test_my_ponte.py).
    web("me", SIGNED_IN, lambda w: u("me")),
    web("search", PUBLIC, lambda w: u("search") + "?q=flood"),
    web(
        "set_language", PUBLIC, lambda w: u("set_language"), method="POST", data=send(language="es")
    ),
    web("api:openapi-json", PUBLIC, lambda w: u("api:openapi-json")),
    web("api:openapi-view", PUBLIC, lambda w: u("api:openapi-view")),
    web("api:api-root", NOTHING_THERE, lambda w: u("api:api-root")),
    web("accounts:login", PUBLIC, lambda w: u("accounts:login")),
    web("accounts:logout", PUBLIC, lambda w: u("accounts:logout"), method="POST"),
    web("accounts:password_reset", PUBLIC, lambda w: u("accounts:password_reset")),
    web("accounts:password_reset_done", PUBLIC, lambda w: u("accounts:password_reset_done")),
    web(
        "accounts:password_reset_confirm",
        PUBLIC,
        lambda w: u("accounts:password_reset_confirm", "MQ", "set-password"),
    ),
    web(
        "accounts:password_reset_complete", PUBLIC, lambda w: u("accounts:password_reset_complete")
    ),
    web("accounts:signup", PUBLIC, lambda w: u("accounts:signup")),
    web("accounts:preferences", SIGNED_IN, lambda w: u("accounts:preferences")),
    web(
        "accounts:preferences",
        SIGNED_IN,
        lambda w: u("accounts:preferences"),
        method="POST",
        data=send(timezone="Asia/Jakarta", preferred_language="es"),
        state=lambda w, a: User.objects.get(pk=a.pk).timezone if a else None,
    ),
    web("accounts:affiliation-requests", STAFF_READ, lambda w: u("accounts:affiliation-requests")),
    web(
        "accounts:affiliation-approve",
        STAFF_WRITE,
        lambda w: u("accounts:affiliation-approve", w.candidate.pk),
        method="POST",
        state=lambda w, _a: User.objects.get(pk=w.candidate.pk).local_government_id,
    ),
    web(
        "accounts:affiliation-reject",
        STAFF_WRITE,
        lambda w: u("accounts:affiliation-reject", w.candidate.pk),
        method="POST",
        data=send(reason="Use your work address"),
        state=lambda w, _a: User.objects.get(pk=w.candidate.pk).requested_local_government_id,
    ),
    web("accounts:affiliation", SIGNED_IN, lambda w: u("accounts:affiliation")),
    web("accounts:api-tokens", SIGNED_IN, lambda w: u("accounts:api-tokens")),
    web(
        "accounts:api-tokens",
        SIGNED_IN,
        lambda w: u("accounts:api-tokens"),
        method="POST",
        data=send(name="Reporting script", scope="read", expires="30"),
        state=count(ApiToken, name="Reporting script"),
    ),
    web(
        "accounts:api-token-revoke",
        OWNER_WRITE,
        lambda w: u("accounts:api-token-revoke", _token(w).pk),
        method="POST",
        state=lambda w, _a: ApiToken.objects.get(pk=_token(w).pk).revoked_at,
    ),
    web("accounts:two-factor-sign-in", PUBLIC, lambda w: u("accounts:two-factor-sign-in")),
    web("accounts:two-factor", STAFF_READ, lambda w: u("accounts:two-factor")),
    web(
        "accounts:two-factor-setup",
        STAFF_READ,
        lambda w: u("accounts:two-factor-setup"),
        method="POST",
        state=lambda _w, a: TOTPDevice.objects.filter(user=a).count() if a else None,
    ),
    web(
        "accounts:two-factor-confirm",
        STAFF_READ,
        lambda w: u("accounts:two-factor-confirm"),
        method="POST",
        data=_code_of_a_new_secret,
        state=_confirmed_devices,
    ),
    web(
        "accounts:two-factor-backup-codes",
        STAFF_READ,
        lambda w: u("accounts:two-factor-backup-codes"),
        method="POST",
        state=_backup_codes,
    ),
    web(
        "accounts:two-factor-disable",
        STAFF_READ,
        lambda w: u("accounts:two-factor-disable"),
        method="POST",
        data=_current_code,
        state=_devices_of_two_factor_on,
    ),
    web("health:live", PUBLIC, lambda w: u("health:live")),
    web("health:ready", PUBLIC, lambda w: u("health:ready")),
    # Only with PONTE_METRICS_TOKEN set and sent as a bearer token (tests/core/test_metrics.py).
    web("metrics", NOTHING_THERE, lambda w: u("metrics")),
    # Directory -------------------------------------------------------------------------------
    web("directory:list", PUBLIC, lambda w: u("directory:list")),
    web("directory:map", PUBLIC, lambda w: u("directory:map")),
    web("directory:networks", PUBLIC, lambda w: u("directory:networks")),
    web("directory:network", PUBLIC, lambda w: u("directory:network", w.aspac.slug)),
    web("directory:committee", PUBLIC, lambda w: u("directory:committee", w.committee.slug)),
    web(
        "directory:committee-member-add",
        STAFF_WRITE,
        lambda w: u("directory:committee-member-add", w.committee.slug),
        method="POST",
        data=lambda w, _a: {"local_government": w.semarang.slug, "role": "member"},
        state=count(CommitteeMembership, local_government__slug="semarang"),
    ),
    web(
        "directory:committee-member-remove",
        STAFF_WRITE,
        lambda w: u("directory:committee-member-remove", w.committee.slug, w.surabaya.slug),
        method="POST",
        state=count(CommitteeMembership, local_government__slug="surabaya"),
    ),
    web(
        "directory:committee-member-remove",
        STAFF_WRITE,
        lambda w: u("directory:committee-member-remove", w.committee.slug, w.surabaya.slug),
    ),
    web(
        "directory:committee-member-role",
        STAFF_WRITE,
        lambda w: u("directory:committee-member-role", w.committee.slug, w.surabaya.slug),
        method="POST",
        data=send(role="vice-chair"),
        state=lambda w, _a: (
            CommitteeMembership.objects.get(committee=w.committee, local_government=w.surabaya).role
        ),
    ),
    # UCLG ASPAC's staff manage its members.
    web(
        "directory:network-members",
        STAFF_WRITE,
        lambda w: u("directory:network-members", "uclg-aspac"),
    ),
    web(
        "directory:network-members",
        STAFF_WRITE,
        lambda w: u("directory:network-members", "uclg-aspac"),
        method="POST",
        data=send(local_government="recife", role="member"),
        state=count(Membership, network__slug="uclg-aspac", local_government__slug="recife"),
    ),
    web(
        "directory:network-member-role",
        STAFF_WRITE,
        lambda w: u("directory:network-member-role", "uclg-aspac", "surabaya"),
        method="POST",
        data=send(role="treasurer"),
        state=lambda w, _a: (
            Membership.objects.get(network=w.aspac, local_government=w.surabaya).role
        ),
    ),
    web(
        "directory:network-member-remove",
        STAFF_WRITE,
        lambda w: u("directory:network-member-remove", "uclg-aspac", "surabaya"),
    ),
    web(
        "directory:network-member-remove",
        STAFF_WRITE,
        lambda w: u("directory:network-member-remove", "uclg-aspac", "surabaya"),
        method="POST",
        state=count(Membership, network__slug="uclg-aspac", local_government__slug="surabaya"),
    ),
    web("directory:profile", PUBLIC, lambda w: u("directory:profile", w.surabaya.slug)),
    web("directory:profile-edit", OWNER_WRITE, lambda w: u("directory:profile-edit", "surabaya")),
    web(
        "directory:profile-edit",
        OWNER_WRITE,
        lambda w: u("directory:profile-edit", "surabaya"),
        method="POST",
        data=lambda w, _a: {
            "version": LocalGovernment.objects.get(pk=w.surabaya.pk).version,
            "official_name": "Kota Surabaya",
        },
        state=lambda w, _a: LocalGovernment.objects.get(pk=w.surabaya.pk).official_name,
    ),
    # Library ---------------------------------------------------------------------------------
    web("knowledge:library", PUBLIC, lambda w: u("knowledge:library")),
    web("knowledge:feed", PUBLIC, lambda w: u("knowledge:feed")),
    web("knowledge:theme-feed", PUBLIC, lambda w: u("knowledge:theme-feed", "waste")),
    web("knowledge:review", SIGNED_IN, lambda w: u("knowledge:review")),
    web(
        "knowledge:preview",
        SIGNED_IN,
        lambda w: u("knowledge:preview"),
        method="POST",
        data=send(body="**Bold**"),
    ),
    web("knowledge:create", SIGNED_IN, lambda w: u("knowledge:create")),
    web(
        "knowledge:create",
        SIGNED_IN,
        lambda w: u("knowledge:create"),
        method="POST",
        data=_new_item,
        state=count(Item, title="Rain gardens"),
    ),
    web(
        "knowledge:detail",
        PUBLIC,
        lambda w: u("knowledge:detail", w.items["published"].slug),
        case="published",
    ),
    web(
        "knowledge:detail",
        OWNER_READ,
        lambda w: u("knowledge:detail", _draft(w).slug),
        case="draft",
    ),
    web(
        "knowledge:attachment",
        PUBLIC,
        lambda w: u(
            "knowledge:attachment", w.items["published"].slug, w.attachments["published"].pk
        ),
        case="published",
    ),
    web(
        "knowledge:attachment",
        OWNER_READ,
        lambda w: u("knowledge:attachment", _draft(w).slug, w.attachments["draft"].pk),
        case="draft",
    ),
    web("knowledge:edit", OWNER_WRITE, lambda w: u("knowledge:edit", _draft(w).slug)),
    web(
        "knowledge:edit",
        OWNER_WRITE,
        lambda w: u("knowledge:edit", _draft(w).slug),
        method="POST",
        data=_item_form,
        state=title_of(Item, _draft),
    ),
    web("knowledge:translate", OWNER_WRITE, lambda w: u("knowledge:translate", _draft(w).slug)),
    web(
        "knowledge:translate",
        OWNER_WRITE,
        lambda w: u("knowledge:translate", _draft(w).slug),
        method="POST",
        data=send(language="es", title="Alertas", summary="Alertas de inundación.", origin="human"),
        state=count(ItemTranslation, language_id="es"),
    ),
    web("knowledge:attach", OWNER_WRITE, lambda w: u("knowledge:attach", _draft(w).slug)),
    web(
        "knowledge:attach",
        OWNER_WRITE,
        lambda w: u("knowledge:attach", _draft(w).slug),
        method="POST",
        data=lambda w, _a: {"file": pdf("annex.pdf")},
        state=lambda w, _a: Attachment.objects.filter(item=_draft(w)).count(),
    ),
    *[
        web(
            "knowledge:transition",
            allowed,
            lambda w, action=action, status=status: u(
                "knowledge:transition", w.items[status].slug, action
            ),
            method="POST",
            case=action,
            data=send(comment="Please add the costs."),
            state=status_of(Item, lambda w, status=status: w.items[status]),
        )
        for action, status, allowed in (
            ("submit", "draft", OWNER_WRITE),
            ("publish", "submitted", REVIEWER_WRITE),
            ("return", "submitted", REVIEWER_WRITE),
            ("archive", "published", OWNER_OR_REVIEWER_WRITE),
            ("restore", "archived", OWNER_OR_REVIEWER_WRITE),
        )
    ],
    # Exchange --------------------------------------------------------------------------------
    web("exchange:home", PUBLIC, lambda w: u("exchange:home")),
    web("exchange:needs", PUBLIC, lambda w: u("exchange:needs")),
    web("exchange:offers", PUBLIC, lambda w: u("exchange:offers")),
    web("exchange:feed", PUBLIC, lambda w: u("exchange:feed")),
    web("exchange:review", STAFF_READ, lambda w: u("exchange:review")),
    web("exchange:need-create", SIGNED_IN, lambda w: u("exchange:need-create")),
    web(
        "exchange:need-create",
        MEMBER_WRITE,
        lambda w: u("exchange:need-create"),
        method="POST",
        data=send(title="Help with drainage", description="Streets flood.", language="en"),
        state=count(Need, title="Help with drainage"),
    ),
    web("exchange:offer-create", SIGNED_IN, lambda w: u("exchange:offer-create")),
    web(
        "exchange:offer-create",
        kind("member-or-staff-write", *(a for a in ACTORS if a not in {"anonymous", "admin"})),
        lambda w: u("exchange:offer-create"),
        method="POST",
        data=send(
            kind="training", title="Drainage training", description="We teach.", language="en"
        ),
        state=count(Offer, title="Drainage training"),
    ),
    *[
        row
        for model, name in ((Need, "need"), (Offer, "offer"))
        for row in (
            web(
                f"exchange:{name}",
                PUBLIC,
                lambda w, name=name: u(f"exchange:{name}", getattr(w, f"{name}s")["open"].pk),
                case="open",
            ),
            web(
                f"exchange:{name}",
                OWNER_READ,
                lambda w, name=name: u(f"exchange:{name}", getattr(w, f"{name}s")["draft"].pk),
                case="draft",
            ),
            web(
                f"exchange:{name}-edit",
                OWNER_WRITE,
                lambda w, name=name: u(f"exchange:{name}-edit", getattr(w, f"{name}s")["draft"].pk),
            ),
            web(
                f"exchange:{name}-edit",
                OWNER_WRITE,
                lambda w, name=name: u(f"exchange:{name}-edit", getattr(w, f"{name}s")["draft"].pk),
                method="POST",
                data=_post_form(model, lambda w, name=name: getattr(w, f"{name}s")["draft"]),
                state=title_of(model, lambda w, name=name: getattr(w, f"{name}s")["draft"]),
            ),
            *[
                web(
                    "exchange:transition",
                    allowed,
                    lambda w, name=name, action=action, status=status: u(
                        "exchange:transition",
                        kind=name,
                        pk=getattr(w, f"{name}s")[status].pk,
                        action=action,
                    ),
                    method="POST",
                    case=f"{name} {action}",
                    data=send(comment="Say which districts."),
                    state=lambda w, _a, model=model, name=name, status=status, action=action: (
                        (lambda post: (post.status, post.expires_on))(
                            model.objects.get(pk=getattr(w, f"{name}s")[status].pk)
                        )
                        if action == "renew"
                        else model.objects.get(pk=getattr(w, f"{name}s")[status].pk).status
                    ),
                )
                for action, status, allowed in (
                    ("submit", "draft", OWNER_WRITE),
                    ("approve", "submitted", REVIEWER_WRITE),
                    ("return", "submitted", REVIEWER_WRITE),
                    ("close", "open", OWNER_OR_REVIEWER_WRITE),
                    ("renew", "open", OWNER_WRITE),
                )
            ],
        )
    ],
    web("exchange:solidarity", PUBLIC, lambda w: u("exchange:solidarity")),
    web(
        "exchange:solidarity-detail",
        PUBLIC,
        lambda w: u("exchange:solidarity-detail", w.solidarity.pk),
    ),
    web("exchange:solidarity-create", SIGNED_IN, lambda w: u("exchange:solidarity-create")),
    # Members ask for their own city; a network's staff on behalf of a member (Surabaya).
    web(
        "exchange:solidarity-create",
        kind("asker", "owner_member", "other_member", "partner_member", "owner_staff"),
        lambda w: u("exchange:solidarity-create"),
        method="POST",
        data=send(
            local_government="surabaya",
            title="Tents after the landslide",
            description="Families sleep outside.",
            language="en",
            delivery_place="City hall",
            items="50; tents; family tents",
        ),
        state=count(SolidarityRequest, title="Tents after the landslide"),
    ),
    web(
        "exchange:pledge",
        kind("pledger", "other_member", "partner_member"),
        lambda w: u("exchange:pledge", w.solidarity.pk),
        method="POST",
        data=lambda w, _a: {"item": w.solidarity_item.pk, "quantity": "1"},
        state=lambda w, _a: Pledge.objects.filter(item=w.solidarity_item).count(),
    ),
    web(
        "exchange:pledge-advance",
        PARTNER_WRITE,
        lambda w: u("exchange:pledge-advance", w.solidarity.pk, w.pledge.pk),
        method="POST",
        data=send(status="shipped"),
        state=status_of(Pledge, lambda w: w.pledge),
    ),
    web(
        "exchange:solidarity-close",
        OWNER_OR_REVIEWER_WRITE,
        lambda w: u("exchange:solidarity-close", w.solidarity.pk),
        method="POST",
        data=send(fulfilled="1"),
        state=status_of(SolidarityRequest, lambda w: w.solidarity),
    ),
    # Matching --------------------------------------------------------------------------------
    # A network's staff propose matches between their members (Surabaya's need, Semarang).
    web(
        "matching:broker",
        kind("any-staff", "owner_staff", "partner_staff", "other_staff"),
        lambda w: u("matching:broker"),
    ),
    web(
        "matching:broker",
        kind("broker", "owner_staff"),
        lambda w: u("matching:broker"),
        method="POST",
        data=lambda w, _a: {"need": w.needs["open"].pk, "to_local_government": "semarang"},
        state=count(Interest, brokered_by__isnull=False),
    ),
    web("matching:peers", PUBLIC, lambda w: u("matching:peers", w.surabaya.slug)),
    web(
        "matching:need-matches",
        PUBLIC,
        lambda w: u("matching:need-matches", w.needs["open"].pk),
        case="open need",
    ),
    web(
        "matching:need-matches",
        OWNER_READ,
        lambda w: u("matching:need-matches", w.needs["draft"].pk),
        case="draft need",
    ),
    web("matching:interests", INTERESTED, lambda w: u("matching:interests")),
    web(
        "matching:express",
        MEMBER_WRITE,
        lambda w: u("matching:express"),
        method="POST",
        data=_express,
        state=lambda w, a: Interest.objects.filter(from_local_government=_lg(a)).count(),
    ),
    web(
        "matching:express",
        kind("need-owner-write", "owner_member"),
        lambda w: u("matching:express"),
        method="POST",
        case="for a need",
        data=_express_for_need,
        state=lambda w, _a: Interest.objects.filter(need=w.needs["open"]).count(),
    ),
    web(
        "matching:decide",
        PARTNER_WRITE,
        lambda w: u("matching:decide", pk=w.pending.pk, decision="accept"),
        method="POST",
        case="accept",
        state=status_of(Interest, lambda w: w.pending),
    ),
    web(
        "matching:decide",
        PARTNER_WRITE,
        lambda w: u("matching:decide", pk=w.pending.pk, decision="decline"),
        method="POST",
        case="decline",
        state=status_of(Interest, lambda w: w.pending),
    ),
    web(
        "matching:decide",
        OWNER_WRITE,
        lambda w: u("matching:decide", pk=w.pending.pk, decision="withdraw"),
        method="POST",
        case="withdraw",
        state=status_of(Interest, lambda w: w.pending),
    ),
    web(
        "matching:decide",
        PARTNER_STAFF_WRITE,
        lambda w: u("matching:decide", pk=w.network_interest.pk, decision="accept"),
        method="POST",
        case="accept, received by a network",
        state=status_of(Interest, lambda w: w.network_interest),
    ),
    # Events: the meeting-slot finder ----------------------------------------------------------
    web("events_slots:finder", PUBLIC, lambda w: u("events_slots:finder"), case="form"),
    web(
        "events_slots:finder",
        PUBLIC,
        lambda w: (
            u("events_slots:finder")
            + f"?local_governments={w.surabaya.pk}&local_governments={w.recife.pk}"
            "&start=2026-12-07&end=2026-12-11&minutes=60&day_start=08:00&day_end=18:00&days=1&days=2"
        ),
        case="search",
    ),
    # Community -------------------------------------------------------------------------------
    web("community:notifications", SIGNED_IN, lambda w: u("community:notifications")),
    # Everyone's own inbox: the conversations they take part in (tests/community).
    web("community:inbox", SIGNED_IN, lambda w: u("community:inbox")),
    # Nobody's: a notification is opened only by its recipient (tests/community).
    web("community:notification", NOTHING_THERE, lambda w: u("community:notification", 10**9)),
    web(
        "community:mark-read",
        SIGNED_IN,
        lambda w: u("community:mark-read"),
        method="POST",
        state=lambda w, a: Notification.objects.filter(recipient=a, read_at=None).count(),
    ),
    web(
        "community:conversation",
        CONVERSATION,
        lambda w: u("community:conversation", w.conversation.pk),
    ),
    web(
        "community:conversation",
        CONVERSATION,
        lambda w: u("community:conversation", w.conversation.pk),
        method="POST",
        data=send(body="When can we meet?"),
        state=count(Message, body="When can we meet?"),
    ),
    # Cooperation -----------------------------------------------------------------------------
    web("cooperation:partnerships", PUBLIC, lambda w: u("cooperation:partnerships")),
    web(
        "cooperation:partnership", PUBLIC, lambda w: u("cooperation:partnership", w.partnership.pk)
    ),
    web("cooperation:projects", PUBLIC, lambda w: u("cooperation:projects")),
    web("cooperation:project", PUBLIC, lambda w: u("cooperation:project", w.project.pk)),
    web(
        "cooperation:document",
        PUBLIC,
        lambda w: u("cooperation:document", w.partnership_document.pk),
    ),
    # Recorded directly: a party (a focal point of one of its local governments, or staff of
    # a network one of them belongs to) records it.
    web("cooperation:partnership-create", SIGNED_IN, lambda w: u("cooperation:partnership-create")),
    web(
        "cooperation:partnership-create",
        PARTIES,
        lambda w: u("cooperation:partnership-create"),
        method="POST",
        data=send(
            title="Coastal cities together", kind="mou", local_governments=["surabaya", "recife"]
        ),
        state=count(Partnership, title="Coastal cities together"),
    ),
    web("cooperation:project-new", SIGNED_IN, lambda w: u("cooperation:project-new")),
    web(
        "cooperation:project-new",
        PARTIES,
        lambda w: u("cooperation:project-new"),
        method="POST",
        data=send(title="Mangrove nurseries", local_governments=["surabaya", "recife"]),
        state=count(Project, title="Mangrove nurseries"),
    ),
    web("cooperation:programmes", PUBLIC, lambda w: u("cooperation:programmes")),
    web("cooperation:programme", PUBLIC, lambda w: u("cooperation:programme", "cric")),
    # Any network's staff record a programme their network leads.
    web("cooperation:programme-create", STAFF_READ, lambda w: u("cooperation:programme-create")),
    web(
        "cooperation:programme-create",
        STAFF_READ,
        lambda w: u("cooperation:programme-create"),
        method="POST",
        data=send(name="Resilient ports", lead_network="uclg-aspac"),
        state=count(Programme, name="Resilient ports"),
    ),
    # Its lead (UCLG ASPAC) and co-leading (Metropolis) networks' staff edit it.
    web(
        "cooperation:programme-edit",
        PROGRAMME_LEADS,
        lambda w: u("cooperation:programme-edit", "cric"),
    ),
    web(
        "cooperation:programme-edit",
        PROGRAMME_LEADS,
        lambda w: u("cooperation:programme-edit", "cric"),
        method="POST",
        data=send(name="CRIC, phase 2"),
        state=lambda w, _a: Programme.objects.get(slug="cric").name,
    ),
    # The match is private: only its two parties and their networks' staff see it.
    web(
        "cooperation:partnership-from-interest",
        PARTIES,
        lambda w: u("cooperation:partnership-from-interest", w.accepted.pk),
    ),
    web(
        "cooperation:partnership-from-interest",
        PARTIES,
        lambda w: u("cooperation:partnership-from-interest", w.accepted.pk),
        method="POST",
        data=send(title="Flood warnings together", kind="technical-exchange"),
        state=lambda w, _a: Partnership.objects.filter(origin_interest=w.accepted).count(),
    ),
    web(
        "cooperation:partnership-edit",
        PARTIES,
        lambda w: u("cooperation:partnership-edit", w.partnership.pk),
    ),
    web(
        "cooperation:partnership-edit",
        PARTIES,
        lambda w: u("cooperation:partnership-edit", w.partnership.pk),
        method="POST",
        data=_versioned(Partnership, _partnership, title="Surabaya & Recife", kind="mou"),
        state=title_of(Partnership, _partnership),
    ),
    web(
        "cooperation:partnership-status",
        PARTIES,
        lambda w: u("cooperation:partnership-status", w.partnership.pk),
        method="POST",
        data=_versioned(Partnership, _partnership, status="active"),
        state=status_of(Partnership, _partnership),
    ),
    web(
        "cooperation:project-create",
        PARTIES,
        lambda w: u("cooperation:project-create", w.partnership.pk),
    ),
    web(
        "cooperation:project-create",
        PARTIES,
        lambda w: u("cooperation:project-create", w.partnership.pk),
        method="POST",
        data=send(title="Sirens in every district"),
        state=count(Project, title="Sirens in every district"),
    ),
    web("cooperation:project-edit", PARTIES, lambda w: u("cooperation:project-edit", w.project.pk)),
    web(
        "cooperation:project-edit",
        PARTIES,
        lambda w: u("cooperation:project-edit", w.project.pk),
        method="POST",
        data=_versioned(Project, _project, title="River early warning, phase 2"),
        state=title_of(Project, _project),
    ),
    web(
        "cooperation:project-status",
        PARTIES,
        lambda w: u("cooperation:project-status", w.project.pk),
        method="POST",
        data=_versioned(Project, _project, status="2"),
        state=status_of(Project, _project),
    ),
    *[
        row
        for name, model, values in (
            (
                "cooperation:result-add",
                ProjectResult,
                {
                    "title": "Fewer losses",
                    "indicator": "Losses",
                    "unit": "USD",
                    **PERIOD,
                    "target": "10",
                },
            ),
            (
                "cooperation:activity-add",
                Activity,
                {"title": "Drill", "start_date": "2026-02-01", "status": "planned"},
            ),
            (
                "cooperation:budget-add",
                Budget,
                {"type": "1", **PERIOD, "value": "200", "currency": "USD"},
            ),
            (
                "cooperation:transaction-add",
                Transaction,
                {"type": "3", "date": "2026-02-01", "value": "50", "currency": "USD"},
            ),
            (
                "cooperation:organisation-add",
                ProjectOrganisation,
                {"role": "1", "name": "A development bank", "type": "40"},
            ),
            ("cooperation:project-document-add", Document, {"title": "Plan", "category": "A02"}),
        )
        for row in (
            web(name, PARTIES, lambda w, name=name: u(name, w.project.pk)),
            web(
                name,
                PARTIES,
                lambda w, name=name: u(name, w.project.pk),
                method="POST",
                data=lambda w, _a, values=values: (
                    {**values, "file": pdf("plan.pdf")} if "category" in values else dict(values)
                ),
                state=lambda w, _a, model=model: model.objects.filter(project=w.project).count(),
            ),
        )
    ],
    web(
        "cooperation:result-period-add",
        PARTIES,
        lambda w: u("cooperation:result-period-add", w.result.pk),
    ),
    web(
        "cooperation:result-period-add",
        PARTIES,
        lambda w: u("cooperation:result-period-add", w.result.pk),
        method="POST",
        data=send(period_start="2025-07-01", period_end="2025-12-31", actual="95"),
        state=lambda w, _a: ResultPeriod.objects.filter(result=w.result).count(),
    ),
    web(
        "cooperation:partnership-document-add",
        PARTIES,
        lambda w: u("cooperation:partnership-document-add", w.partnership.pk),
    ),
    web(
        "cooperation:partnership-document-add",
        PARTIES,
        lambda w: u("cooperation:partnership-document-add", w.partnership.pk),
        method="POST",
        data=lambda w, _a: {"title": "Minutes", "category": "A12", "file": pdf("minutes.pdf")},
        state=lambda w, _a: Document.objects.filter(partnership=w.partnership).count(),
    ),
    *_removal(
        "cooperation:partnership-document-remove",
        lambda w: w.partnership_document,
        Document,
        owner=_partnership,
    ),
    *_removal(
        "cooperation:project-document-remove",
        lambda w: w.project_document,
        Document,
        owner=_project,
    ),
    *_removal("cooperation:budget-remove", lambda w: w.budget, Budget, owner=_project),
    *_removal(
        "cooperation:transaction-remove", lambda w: w.transaction, Transaction, owner=_project
    ),
    *_removal("cooperation:result-remove", lambda w: w.result, ProjectResult, owner=_project),
    *_removal("cooperation:result-period-remove", lambda w: w.period, ResultPeriod, owner=_project),
    *_removal("cooperation:activity-remove", lambda w: w.activity, Activity, owner=_project),
    *_removal(
        "cooperation:organisation-remove", lambda w: w.funder, ProjectOrganisation, owner=_project
    ),
    # Events ----------------------------------------------------------------------------------
    web("events:list", PUBLIC, lambda w: u("events:list")),
    web("events:month", PUBLIC, lambda w: u("events:month")),
    web("events:create", SIGNED_IN, lambda w: u("events:create")),
    web("events:mine", SIGNED_IN, lambda w: u("events:mine")),
    web(
        "events:calendar-renew",
        SIGNED_IN,
        lambda w: u("events:calendar-renew"),
        method="POST",
        state=lambda w, a: list(CalendarToken.objects.filter(user=a).values_list("token")),
    ),
    web(
        "events:calendar-revoke",
        SIGNED_IN,
        lambda w: u("events:calendar-revoke"),
        method="POST",
        state=lambda w, a: CalendarToken.objects.filter(user=a).exists(),
    ),
    web("events:feed", PUBLIC, lambda w: u("events:feed")),
    web("events:atom", PUBLIC, lambda w: u("events:atom")),
    web("events:network-feed", PUBLIC, lambda w: u("events:network-feed", w.aspac.slug)),
    web("events:theme-feed", PUBLIC, lambda w: u("events:theme-feed", "disaster-risk-reduction")),
    web("events:committee-feed", PUBLIC, lambda w: u("events:committee-feed", w.committee.slug)),
    web(
        "events:private-feed",
        PUBLIC,
        lambda w: u(
            "events:private-feed",
            CalendarToken.objects.get(user=w.actors["owner_member"]).token,
        ),
    ),
    web(
        "events:presentation",
        PUBLIC,
        lambda w: u("events:presentation", w.event_presentation.pk),
    ),
    web(
        "events:action-status",
        OWNER_OR_REVIEWER_WRITE,
        lambda w: u("events:action-status", w.event_action.pk),
        method="POST",
        data=send(status="done"),
        state=status_of(FollowUpAction, lambda w: w.event_action),
    ),
    web("events:ics", PUBLIC, lambda w: u("events:ics", w.event.slug)),
    web("events:detail", PUBLIC, lambda w: u("events:detail", w.event.slug)),
    web(
        "events:detail", OWNER_READ, lambda w: u("events:detail", w.event_draft.slug), case="draft"
    ),
    web("events:edit", OWNER_OR_REVIEWER_WRITE, lambda w: u("events:edit", w.event.slug)),
    web(
        "events:edit",
        OWNER_OR_REVIEWER_WRITE,
        lambda w: u("events:edit", w.event.slug),
        method="POST",
        data=lambda w, _a: {
            "version": Event.objects.get(pk=w.event.pk).version,
            "kind": "webinar",
            "title": "Flood warnings webinar, edited",
            "language": "en",
            "timezone": "Asia/Jakarta",
            "starts_at": "2030-01-01T10:00",
            "ends_at": "2030-01-01T12:00",
            "mode": "online",
            "meeting_url": "https://meet.example.org/flood",
            "registration": "open",
            "local_governments": [w.surabaya.pk],
        },
        state=title_of(Event, lambda w: w.event),
    ),
    web(
        "events:publish",
        OWNER_OR_REVIEWER_WRITE,
        lambda w: u("events:publish", w.event_draft.slug),
        method="POST",
        state=status_of(Event, lambda w: w.event_draft),
    ),
    web(
        "events:cancel",
        OWNER_OR_REVIEWER_WRITE,
        lambda w: u("events:cancel", w.event.slug),
        method="POST",
        data=send(reason="Flooding"),
        state=status_of(Event, lambda w: w.event),
    ),
    web(
        "events:register",
        SIGNED_IN,
        lambda w: u("events:register", w.event_open.slug),
        method="POST",
        state=lambda w, a: Registration.objects.filter(event=w.event_open, user=a).exists(),
    ),
    web(
        "events:unregister",
        SIGNED_IN,
        lambda w: u("events:unregister", w.event.slug),
        method="POST",
        state=lambda w, a: list(
            Registration.objects.filter(event=w.event, user=a).values_list("status")
        ),
    ),
    *[
        web(name, OWNER_OR_REVIEWER_WRITE, lambda w, name=name: u(name, w.event_past.slug))
        for name in (
            "events:outputs",
            "events:presentation-add",
            "events:action-add",
            "events:translation-add",
            "events:agenda-add",
            "events:attendance",
        )
    ],
    web(
        "events:outputs",
        OWNER_OR_REVIEWER_WRITE,
        lambda w: u("events:outputs", w.event_past.slug),
        method="POST",
        data=send(recording_url="https://video.example.org/flood", minutes="", learnt="Test."),
        state=lambda w, _a: Event.objects.get(pk=w.event_past.pk).recording_url,
    ),
    web(
        "events:action-add",
        OWNER_OR_REVIEWER_WRITE,
        lambda w: u("events:action-add", w.event_past.slug),
        method="POST",
        data=send(title="Visit Recife", owner="Surabaya", status="open"),
        state=count(FollowUpAction, title="Visit Recife"),
    ),
    web(
        "events:practice",
        OWNER_OR_REVIEWER_WRITE,
        lambda w: u("events:practice", w.event_past.slug),
        method="POST",
        state=lambda w, _a: Event.objects.get(pk=w.event_past.pk).practice_id,
    ),
]


A = "/api/v1"


def _item_patch(w: World, _a: Actor) -> dict[str, Any]:
    return {"version": Item.objects.get(pk=_draft(w).pk).version, "title": "Flood warnings, v2"}


API: list[Row] = [
    # Directory and reference data: open data.
    api("GET /api/v1/local-governments", PUBLIC, lambda w: f"{A}/local-governments"),
    api(
        "GET /api/v1/local-governments/{slug}", PUBLIC, lambda w: f"{A}/local-governments/surabaya"
    ),
    api(
        "PATCH /api/v1/local-governments/{slug}",
        OWNER_WRITE,
        lambda w: f"{A}/local-governments/surabaya",
        data=lambda w, _a: {
            "version": LocalGovernment.objects.get(pk=w.surabaya.pk).version,
            "official_name": "Kota Surabaya",
        },
        state=lambda w, _a: LocalGovernment.objects.get(pk=w.surabaya.pk).official_name,
    ),
    api(
        "GET /api/v1/local-governments/{key}/peers",
        PUBLIC,
        lambda w: f"{A}/local-governments/surabaya/peers",
    ),
    api("GET /api/v1/networks", PUBLIC, lambda w: f"{A}/networks"),
    api("GET /api/v1/networks/{slug}", PUBLIC, lambda w: f"{A}/networks/uclg-aspac"),
    api("GET /api/v1/committees", PUBLIC, lambda w: f"{A}/committees"),
    api("GET /api/v1/committees/{slug}", PUBLIC, lambda w: f"{A}/committees/{w.committee.slug}"),
    api("GET /api/v1/countries", PUBLIC, lambda w: f"{A}/countries"),
    api("GET /api/v1/countries/{iso2}", PUBLIC, lambda w: f"{A}/countries/ID"),
    api("GET /api/v1/regions", PUBLIC, lambda w: f"{A}/regions"),
    api("GET /api/v1/sdg/goals", PUBLIC, lambda w: f"{A}/sdg/goals"),
    api("GET /api/v1/sdg/goals/{number}", PUBLIC, lambda w: f"{A}/sdg/goals/11"),
    api("GET /api/v1/sdg/targets", PUBLIC, lambda w: f"{A}/sdg/targets?goal=11"),
    api("GET /api/v1/sdg/targets/{code}", PUBLIC, lambda w: f"{A}/sdg/targets/11.5"),
    api("GET /api/v1/themes", PUBLIC, lambda w: f"{A}/themes"),
    api("GET /api/v1/themes/{slug}", PUBLIC, lambda w: f"{A}/themes/waste"),
    api("GET /api/v1/hazards", PUBLIC, lambda w: f"{A}/hazards"),
    api("GET /api/v1/cities", PUBLIC, lambda w: f"{A}/cities?name=Surab"),
    api("GET /api/v1/search", PUBLIC, lambda w: f"{A}/search?q=flood"),
    api(
        "GET /api/v1/events/slots",
        PUBLIC,
        lambda w: (
            f"{A}/events/slots?local_governments={w.surabaya.pk},{w.recife.pk}"
            "&start=2026-12-07&end=2026-12-11&minutes=60"
        ),
    ),
    # Library.
    api("GET /api/v1/items", PUBLIC, lambda w: f"{A}/items"),
    api("GET /api/v1/items/export", PUBLIC, lambda w: f"{A}/items/export?format=csv"),
    api(
        "GET /api/v1/items/{slug}",
        PUBLIC,
        lambda w: f"{A}/items/{w.items['published'].slug}",
        case="published",
    ),
    api(
        "GET /api/v1/items/{slug}",
        OWNER_READ,
        lambda w: f"{A}/items/{_draft(w).slug}",
        case="draft",
    ),
    api(
        "POST /api/v1/items",
        SIGNED_IN,
        lambda w: f"{A}/items",
        data=_new_item,
        state=count(Item, title="Rain gardens"),
    ),
    api(
        "PATCH /api/v1/items/{slug}",
        OWNER_WRITE,
        lambda w: f"{A}/items/{_draft(w).slug}",
        data=_item_patch,
        state=title_of(Item, _draft),
    ),
    *[
        api(
            f"POST /api/v1/items/{{slug}}/{action}",
            allowed,
            lambda w, action=action, status=status: f"{A}/items/{w.items[status].slug}/{action}",
            data=send(comment="Please add the costs."),
            state=status_of(Item, lambda w, status=status: w.items[status]),
        )
        for action, status, allowed in (
            ("submit", "draft", OWNER_WRITE),
            ("publish", "submitted", REVIEWER_WRITE),
            ("return", "submitted", REVIEWER_WRITE),
            ("archive", "published", OWNER_OR_REVIEWER_WRITE),
        )
    ],
    # Exchange and matching.
    api("GET /api/v1/needs", PUBLIC, lambda w: f"{A}/needs"),
    api(
        "GET /api/v1/needs/{need_id}",
        PUBLIC,
        lambda w: f"{A}/needs/{w.needs['open'].pk}",
        case="open",
    ),
    api(
        "GET /api/v1/needs/{need_id}",
        OWNER_READ,
        lambda w: f"{A}/needs/{w.needs['draft'].pk}",
        case="draft",
    ),
    api(
        "GET /api/v1/needs/{need_id}/matches",
        PUBLIC,
        lambda w: f"{A}/needs/{w.needs['open'].pk}/matches",
        case="open",
    ),
    api(
        "GET /api/v1/needs/{need_id}/matches",
        OWNER_READ,
        lambda w: f"{A}/needs/{w.needs['draft'].pk}/matches",
        case="draft",
    ),
    api(
        "POST /api/v1/needs",
        MEMBER_OR_ADMIN_WRITE,
        lambda w: f"{A}/needs",
        data=_new_post("need"),
        state=count(Need, title="New need by API"),
    ),
    api(
        "PATCH /api/v1/needs/{need_id}",
        OWNER_WRITE,
        lambda w: f"{A}/needs/{w.needs['draft'].pk}",
        data=_versioned(Need, lambda w: w.needs["draft"], title="Need, edited by API"),
        state=title_of(Need, lambda w: w.needs["draft"]),
    ),
    api("GET /api/v1/offers", PUBLIC, lambda w: f"{A}/offers"),
    api(
        "POST /api/v1/offers",
        SIGNED_IN,
        lambda w: f"{A}/offers",
        data=_new_post("offer"),
        state=count(Offer, title="New offer by API"),
    ),
    api(
        "PATCH /api/v1/offers/{offer_id}",
        OWNER_WRITE,
        lambda w: f"{A}/offers/{w.offers['draft'].pk}",
        data=_versioned(Offer, lambda w: w.offers["draft"], title="Offer, edited by API"),
        state=title_of(Offer, lambda w: w.offers["draft"]),
    ),
    api(
        "GET /api/v1/offers/{offer_id}",
        PUBLIC,
        lambda w: f"{A}/offers/{w.offers['open'].pk}",
        case="open",
    ),
    api(
        "GET /api/v1/offers/{offer_id}",
        OWNER_READ,
        lambda w: f"{A}/offers/{w.offers['draft'].pk}",
        case="draft",
    ),
    api("GET /api/v1/solidarity-requests", PUBLIC, lambda w: f"{A}/solidarity-requests"),
    api(
        "GET /api/v1/solidarity-requests/{request_id}",
        PUBLIC,
        lambda w: f"{A}/solidarity-requests/{w.solidarity.pk}",
    ),
    # Cooperation: public records.
    api("GET /api/v1/partnerships", PUBLIC, lambda w: f"{A}/partnerships"),
    api("GET /api/v1/partnerships.csv", PUBLIC, lambda w: f"{A}/partnerships.csv"),
    api("GET /api/v1/partnerships.xlsx", PUBLIC, lambda w: f"{A}/partnerships.xlsx"),
    api(
        "GET /api/v1/partnerships/{partnership_id}",
        PUBLIC,
        lambda w: f"{A}/partnerships/{w.partnership.pk}",
    ),
    api("GET /api/v1/projects", PUBLIC, lambda w: f"{A}/projects"),
    api("GET /api/v1/projects.iati.xml", PUBLIC, lambda w: f"{A}/projects.iati.xml"),
    api("GET /api/v1/projects.csv", PUBLIC, lambda w: f"{A}/projects.csv"),
    api("GET /api/v1/projects.xlsx", PUBLIC, lambda w: f"{A}/projects.xlsx"),
    api("GET /api/v1/projects/{project_id}", PUBLIC, lambda w: f"{A}/projects/{w.project.pk}"),
    # Events.
    api("GET /api/v1/events", PUBLIC, lambda w: f"{A}/events"),
    api("GET /api/v1/events/registrations", SIGNED_IN, lambda w: f"{A}/events/registrations"),
    api("GET /api/v1/events/{int:event_id}", PUBLIC, lambda w: f"{A}/events/{w.event.pk}"),
    api(
        "GET /api/v1/events/{int:event_id}",
        OWNER_READ,
        lambda w: f"{A}/events/{w.event_draft.pk}",
        case="draft",
    ),
    api(
        "POST /api/v1/events",
        INTERESTED,
        lambda w: f"{A}/events",
        data=_new_event,
        state=count(Event, title="New event by API"),
    ),
    api(
        "PATCH /api/v1/events/{int:event_id}",
        OWNER_OR_REVIEWER_WRITE,
        lambda w: f"{A}/events/{w.event_draft.pk}",
        data=_versioned(Event, lambda w: w.event_draft, title="Event, edited by API"),
        state=title_of(Event, lambda w: w.event_draft),
    ),
    api(
        "POST /api/v1/events/{int:event_id}/publish",
        OWNER_OR_REVIEWER_WRITE,
        lambda w: f"{A}/events/{w.event_draft.pk}/publish",
        state=status_of(Event, lambda w: w.event_draft),
    ),
    api(
        "POST /api/v1/events/{int:event_id}/cancel",
        OWNER_OR_REVIEWER_WRITE,
        lambda w: f"{A}/events/{w.event.pk}/cancel",
        data=send(reason="Flooding"),
        state=status_of(Event, lambda w: w.event),
    ),
    api(
        "POST /api/v1/events/{int:event_id}/registrations",
        SIGNED_IN,
        lambda w: f"{A}/events/{w.event_open.pk}/registrations",
        state=lambda w, a: Registration.objects.filter(event=w.event_open, user=a).exists(),
    ),
    api(
        "DELETE /api/v1/events/{int:event_id}/registrations",
        SIGNED_IN,
        lambda w: f"{A}/events/{w.event.pk}/registrations",
        state=lambda w, a: list(
            Registration.objects.filter(event=w.event, user=a).values_list("status")
        ),
    ),
]

ROWS = WEB + API

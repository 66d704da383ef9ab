"""One small world holding something of every kind Ponte protects, and the people who ask for it.

Everything belongs to Surabaya (a member of UCLG ASPAC) unless said otherwise; Recife (a member
of Mercociudades) is the other party of its match, partnership and project, and gave a pledge.
Semarang (also in UCLG ASPAC) and Metropolis take part in nothing: their people are the
outsiders every rule must keep out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.utils import timezone

from ponte.accounts.models import Role, User
from ponte.accounts.permissions import SYSTEM
from ponte.community.models import Conversation, Notification
from ponte.community.services import conversation_start
from ponte.cooperation import services as cooperation
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
from ponte.directory.models import Committee, LocalGovernment, Network, Theme
from ponte.events import services as events
from ponte.events.models import Event, FollowUpAction, Presentation
from ponte.exchange import services as exchange
from ponte.exchange.models import Need, Offer, Pledge, PostStatus, SolidarityItem
from ponte.exchange.models import SolidarityRequest as Solidarity
from ponte.knowledge import services as knowledge
from ponte.knowledge.models import Attachment, Item, Status
from ponte.matching.models import Interest
from tests.cooperation.factories import PartnershipFactory, ProjectFactory
from tests.factories import (
    CommitteeFactory,
    CommitteeMembershipFactory,
    ItemFactory,
    LocalGovernmentFactory,
    MembershipFactory,
    NetworkFactory,
    UserFactory,
)

# The six people the issue names, and the other party of Surabaya's match and partnership
# (its focal point and its network's staff), who share what the two parties share.
ACTORS = (
    "anonymous",
    "owner_member",  # a focal point of Surabaya, which owns everything
    "other_member",  # a focal point of Semarang: same network, no part in anything
    "partner_member",  # a focal point of Recife, Surabaya's partner
    "owner_staff",  # staff of UCLG ASPAC, Surabaya's network
    "partner_staff",  # staff of Mercociudades, Recife's network
    "other_staff",  # staff of Metropolis, which neither city belongs to
    "admin",  # a platform administrator
)

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def pdf(name: str = "plan.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


@dataclass
class World:
    aspac: Network
    merco: Network
    metro: Network
    surabaya: LocalGovernment
    semarang: LocalGovernment
    recife: LocalGovernment
    actors: dict[str, User | None]
    candidate: User  # signed up asking to join Surabaya, not confirmed yet
    committee: Committee
    items: dict[str, Item]  # draft, submitted, published, archived
    attachments: dict[str, Attachment]  # on the draft and on the published item
    needs: dict[str, Need]  # draft, submitted, open
    offers: dict[str, Offer]
    solidarity: Solidarity
    solidarity_item: SolidarityItem
    pledge: Pledge  # Recife's, to Surabaya's request
    accepted: Interest  # Surabaya → Recife, accepted, with its conversation
    pending: Interest  # Surabaya → Recife, waiting for Recife's answer
    network_offer: Offer  # Mercociudades's own
    network_interest: Interest  # Surabaya → Mercociudades, for that offer, waiting
    conversation: Conversation
    partnership: Partnership  # Surabaya & Recife
    programme: Programme  # led by UCLG ASPAC, co-led by Metropolis
    partnership_document: Document
    project: Project  # of the partnership, implemented by both
    budget: Budget
    transaction: Transaction
    result: ProjectResult
    period: ResultPeriod
    activity: Activity
    funder: ProjectOrganisation
    project_document: Document
    # Events organised by Surabaya: upcoming (everyone registered), upcoming with nobody
    # registered yet, a draft, and a past one (with UCLG ASPAC) with its outputs.
    event: Event
    event_open: Event
    event_draft: Event
    event_past: Event
    event_action: FollowUpAction
    event_presentation: Presentation

    def actor(self, name: str) -> User | None:
        return self.actors[name]


def _post(kind: str, status: str, owner: LocalGovernment) -> Any:
    values = {
        "title": f"{kind.title()} {status} of {owner.name}",
        "description": "Flood early warning for the river districts.",
        "language": "en",
        "status": status,
    }
    if kind == "need":
        return exchange.need_create(actor=SYSTEM, local_government=owner, data=values)
    return exchange.offer_create(
        actor=SYSTEM,
        provider=exchange.Provider(local_government=owner),
        data={"kind": Offer.Kind.EXPERTISE, **values},
    )


def build() -> World:
    aspac = NetworkFactory(slug="uclg-aspac", name="UCLG ASPAC")
    merco = NetworkFactory(slug="mercociudades", name="Mercociudades")
    metro = NetworkFactory(slug="metropolis", name="Metropolis")
    surabaya = LocalGovernmentFactory(city_name="Surabaya", slug="surabaya")
    semarang = LocalGovernmentFactory(city_name="Semarang", slug="semarang")
    recife = LocalGovernmentFactory(city_name="Recife", slug="recife")
    MembershipFactory(local_government=surabaya, network=aspac)
    MembershipFactory(local_government=semarang, network=aspac)
    MembershipFactory(local_government=recife, network=merco)
    actors: dict[str, User | None] = {
        "anonymous": None,
        "owner_member": UserFactory(role=Role.MEMBER, local_government=surabaya),
        "other_member": UserFactory(role=Role.MEMBER, local_government=semarang),
        "partner_member": UserFactory(role=Role.MEMBER, local_government=recife),
        "owner_staff": UserFactory(role=Role.NETWORK_STAFF, network=aspac),
        "partner_staff": UserFactory(role=Role.NETWORK_STAFF, network=merco),
        "other_staff": UserFactory(role=Role.NETWORK_STAFF, network=metro),
        "admin": UserFactory(role=Role.PLATFORM_ADMIN),
    }
    for user in actors.values():
        if user is not None:
            Notification.objects.create(
                recipient=user, kind=Notification.Kind.REVIEW, text="Something to read"
            )
    candidate = UserFactory(
        username="dewi-asks-to-join", role=Role.MEMBER, requested_local_government=surabaya
    )

    committee = CommitteeFactory(network=aspac, name="Climate committee", slug="climate")
    CommitteeMembershipFactory(committee=committee, local_government=surabaya)

    items = {
        status: ItemFactory(
            owner=surabaya,
            title=f"Flood warnings ({status})",
            status=status,
            published_at=None
            if status in (Status.DRAFT, Status.SUBMITTED)
            else datetime(2025, 1, 1, tzinfo=UTC),
        )
        for status in (Status.DRAFT, Status.SUBMITTED, Status.PUBLISHED, Status.ARCHIVED)
    }
    # Uploaded files are written when their transaction commits; the world's never does.
    with TestCase.captureOnCommitCallbacks(execute=True):
        attachments = {
            status: knowledge.attachment_add(actor=SYSTEM, item=items[status], upload=pdf())
            for status in (Status.DRAFT, Status.PUBLISHED)
        }

    statuses = (PostStatus.DRAFT, PostStatus.SUBMITTED, PostStatus.OPEN)
    needs: dict[str, Need] = {s: _post("need", s, surabaya) for s in statuses}
    offers: dict[str, Offer] = {s: _post("offer", s, surabaya) for s in statuses}
    # Something to match Surabaya's open need with: Semarang's flood practice, and its theme.
    flood = Theme.objects.get(slug="disaster-risk-reduction")
    needs[PostStatus.OPEN].themes.add(flood)
    semarang.themes.add(flood)
    ItemFactory(owner=semarang, title="Polder system against tidal floods").themes.add(flood)
    # Opened a while ago, so that renewing them moves their end.
    for post in (needs[PostStatus.OPEN], offers[PostStatus.OPEN]):
        type(post).objects.filter(pk=post.pk).update(expires_on=timezone.localdate())
    network_offer = exchange.offer_create(
        actor=SYSTEM,
        provider=exchange.Provider(network=merco),
        data={
            "kind": Offer.Kind.TRAINING,
            "title": "Training on participatory budgets",
            "description": "Mercociudades trains city staff.",
            "language": "es",
            "status": PostStatus.OPEN,
        },
    )

    solidarity = exchange.solidarity_request_create(
        actor=SYSTEM,
        local_government=surabaya,
        data={
            "title": "Pumps after the flood",
            "description": "The river districts are under water.",
            "language": "en",
            "delivery_place": "Surabaya city hall",
        },
        items=[{"name": "Water pumps", "unit": "pumps", "quantity": "20"}],
    )
    solidarity_item = solidarity.items.get()
    pledge = exchange.pledge_create(
        actor=SYSTEM, item=solidarity_item, local_government=recife, quantity="5"
    )

    # Opened by someone whose account is gone: its first message has no author.
    conversation = conversation_start(
        title="Flood warnings", local_governments=[surabaya, recife], opening="Hello Recife"
    )
    interest = {
        "from_local_government": surabaya,
        "candidate_title": "Recife",
        "rank": 1,
        "score": 0.9,
        "need": needs[PostStatus.OPEN],
    }
    accepted = Interest.objects.create(
        **interest,
        to_local_government=recife,
        candidate_key=f"local_government:{recife.pk}",
        status=Interest.Status.ACCEPTED,
        conversation=conversation,
    )
    pending = Interest.objects.create(
        **{**interest, "need": None},
        to_local_government=recife,
        candidate_key=f"local_government:{recife.pk}",
    )
    network_interest = Interest.objects.create(
        **{**interest, "candidate_title": network_offer.title},
        to_network=merco,
        candidate_key=f"offer:{network_offer.pk}",
    )

    partnership = PartnershipFactory(title="Surabaya–Recife", parties=[surabaya, recife])
    programme = Programme.objects.create(slug="cric", name="CRIC", lead_network=aspac)
    programme.co_lead_networks.add(metro)
    with TestCase.captureOnCommitCallbacks(execute=True):
        partnership_document = cooperation.document_add(
            actor=SYSTEM,
            upload=pdf("mou.pdf"),
            title="MoU",
            category="A09",
            partnership=partnership,
        )
    project = ProjectFactory(
        title="River early warning", partnership=partnership, implementers=[surabaya, recife]
    )
    funder = ProjectOrganisation.objects.create(
        project=project, role=ProjectOrganisation.Role.FUNDING, name="A foundation", type="60"
    )
    budget = cooperation.budget_add(
        actor=SYSTEM,
        project=project,
        period_start=date(2025, 1, 1),
        period_end=date(2025, 12, 31),
        value="1000",
        currency="USD",
    )
    transaction = cooperation.transaction_add(
        actor=SYSTEM,
        project=project,
        type=Transaction.Type.DISBURSEMENT,
        date=date(2025, 3, 1),
        value="500",
        currency="USD",
    )
    result = cooperation.result_add(
        actor=SYSTEM,
        project=project,
        title="Warnings reach people",
        indicator="Households warned",
        unit="households",
        periods=[
            {
                "period_start": date(2025, 1, 1),
                "period_end": date(2025, 6, 30),
                "target": "100",
                "actual": "80",
            }
        ],
    )
    activity = cooperation.activity_add(
        actor=SYSTEM, project=project, title="Sirens installed", start_date=date(2025, 2, 1)
    )
    with TestCase.captureOnCommitCallbacks(execute=True):
        project_document = cooperation.document_add(
            actor=SYSTEM, upload=pdf("report.pdf"), title="Report", category="B01", project=project
        )
    soon = timezone.now() + timedelta(days=7)

    def event(title: str, *, publish: bool = True, **values: Any) -> Event:
        networks = values.pop("networks", [])
        data = {
            "kind": "webinar",
            "title": title,
            "language": "en",
            "starts_at": soon,
            "ends_at": soon + timedelta(hours=2),
            "timezone": "Asia/Jakarta",
            "mode": "online",
            "meeting_url": "https://meet.example.org/flood",
            **values,
        }
        created = events.event_create(
            actor=SYSTEM,
            data=data,
            local_governments=[surabaya],
            networks=networks,
        )
        return events.event_publish(actor=SYSTEM, event=created) if publish else created

    upcoming_event = event("Flood warnings webinar", participants=[recife], committee=committee)
    for user in actors.values():
        if user is not None:
            events.registration_create(actor=user, event=upcoming_event)
            events.calendar_token_renew(actor=user)
    past = soon - timedelta(days=30)
    event_past = event(
        "Flood warnings study visit",
        starts_at=past,
        ends_at=past + timedelta(hours=3),
        networks=[aspac],
    )
    Event.objects.filter(pk=event_past.pk).update(learnt="Sirens must be tested monthly.")
    event_past.refresh_from_db()
    event_action = events.action_add(
        actor=SYSTEM, event=event_past, title="Share the siren plan", owner="Surabaya"
    )
    with TestCase.captureOnCommitCallbacks(execute=True):
        event_presentation = events.presentation_add(
            actor=SYSTEM, event=event_past, title="Slides", upload=pdf("slides.pdf")
        )
    return World(
        event=upcoming_event,
        event_open=event("Open flood webinar"),
        event_draft=event("Draft flood webinar", publish=False),
        event_past=event_past,
        event_action=event_action,
        event_presentation=event_presentation,
        aspac=aspac,
        merco=merco,
        metro=metro,
        surabaya=surabaya,
        semarang=semarang,
        recife=recife,
        actors=actors,
        candidate=candidate,
        committee=committee,
        items=items,
        attachments=attachments,
        needs=needs,
        offers=offers,
        solidarity=solidarity,
        solidarity_item=solidarity_item,
        pledge=pledge,
        accepted=accepted,
        pending=pending,
        network_interest=network_interest,
        conversation=conversation,
        partnership=partnership,
        programme=programme,
        partnership_document=partnership_document,
        project=project,
        budget=budget,
        transaction=transaction,
        result=result,
        period=result.periods.get(),
        activity=activity,
        funder=funder,
        project_document=project_document,
        network_offer=network_offer,
    )

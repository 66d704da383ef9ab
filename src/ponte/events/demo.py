"""Demo events taken from the seed article ("Recover Stronger Together through Decentralised
Cooperation"): the UCLG ASPAC–MERCOCIUDADES climate-finance exchange in the GCoM platforms,
the pandemic insight-sharing webinars (mask donations as a follow-up action), a Resilience
Module training, the Palu study visit with CUF, a LOCALISE SDGs workshop, and upcoming ones
with open registration. Networks, cities and programmes are real; dates, agendas, minutes
and actions are invented for the demo. Every text is in English, Spanish, Portuguese and
Indonesian. Loading again adds nothing: an event whose slug exists is left as it is."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from ponte.accounts.permissions import SYSTEM
from ponte.cooperation.models import Programme, Project
from ponte.directory.models import Committee, LocalGovernment, Network
from ponte.events import services
from ponte.events.models import Event, FollowUpAction


def _lgs(*names: str) -> list[LocalGovernment]:
    found = []
    for name in names:
        lg = LocalGovernment.objects.filter(name=name).order_by("-is_demo").first()
        if lg is not None:
            found.append(lg)
    return found


def _networks(*slugs: str) -> list[Network]:
    return list(Network.objects.filter(slug__in=slugs))


def _soon(days: int, hour: int) -> datetime:
    day = timezone.now().date() + timedelta(days=days)
    return datetime(day.year, day.month, day.day, hour, 0, tzinfo=UTC)


def _events() -> list[dict[str, Any]]:
    return [
        {
            "slug": "demo-climate-finance-gcom-exchange",
            "organisers": (["Jakarta", "São Paulo"], ["uclg-aspac", "mercociudades", "gcom"]),
            "participants": ["Semarang", "Quezon City", "Recife", "Santiago", "Mexico City"],
            "data": {
                "kind": "peer-learning",
                "title": "Climate finance in the GCoM platforms: an ASPAC–LATAM knowledge exchange",
                "description": (
                    "Cities of Asia-Pacific and Latin America compare how they prepare climate "
                    "projects and reach climate funds, in the Global Covenant of Mayors "
                    "platforms that UCLG ASPAC and MERCOCIUDADES coordinate in each region."
                ),
                "starts_at": datetime(2022, 9, 14, 13, 0, tzinfo=UTC),
                "ends_at": datetime(2022, 9, 14, 15, 0, tzinfo=UTC),
                "timezone": "Asia/Jakarta",
                "mode": "online",
                "meeting_url": "https://meet.example.org/gcom-climate-finance",
                "languages": ["en", "es", "pt"],
                "interpretation": ["es", "pt", "id"],
                "themes": ["climate-finance", "climate-resilience"],
                "sdg_targets": ["13.2", "17.17"],
                "registration": "open",
                "capacity": 150,
            },
            "programme": "aspac-mercociudades-climate-finance",
            "project": "XM-PONTE-GCOM-CLIMATE-FINANCE",
            "committee": "aspac-climate-change",
            "versions": {
                "es": (
                    "Financiamiento climático en las plataformas del GCoM: intercambio de "
                    "conocimientos ASPAC–LATAM",
                    "Ciudades de Asia-Pacífico y América Latina comparan cómo preparan proyectos "
                    "climáticos y acceden a fondos climáticos en las plataformas del Pacto Global "
                    "de Alcaldes que UCLG ASPAC y MERCOCIUDADES coordinan en cada región.",
                ),
                "pt": (
                    "Financiamento climático nas plataformas do GCoM: intercâmbio de "
                    "conhecimento ASPAC–LATAM",
                    "Cidades da Ásia-Pacífico e da América Latina comparam como preparam "
                    "projetos climáticos e acessam fundos climáticos nas plataformas do Pacto "
                    "Global de Prefeitos que a UCLG ASPAC e a MERCOCIUDADES coordenam.",
                ),
                "id": (
                    "Pendanaan iklim di platform GCoM: pertukaran pengetahuan ASPAC–LATAM",
                    "Kota-kota Asia-Pasifik dan Amerika Latin membandingkan cara menyiapkan "
                    "proyek iklim dan mengakses dana iklim di platform Global Covenant of Mayors "
                    "yang dikoordinasikan UCLG ASPAC dan MERCOCIUDADES.",
                ),
            },
            "agenda": [
                (
                    0,
                    20,
                    "Opening: why climate finance needs cities of both regions",
                    "UCLG ASPAC, MERCOCIUDADES",
                    [],
                ),
                (
                    20,
                    60,
                    "Jakarta and São Paulo: from a climate plan to a bankable project",
                    "",
                    ["Jakarta", "São Paulo"],
                ),
                (60, 110, "Open exchange: what blocks small cities from climate funds", "", []),
                (110, 120, "Next steps", "GCoM regional secretariats", []),
            ],
            "outputs": {
                "recording_url": "https://video.example.org/gcom-climate-finance-2022",
                "minutes": (
                    "- Jakarta presented its project preparation unit.\n"
                    "- São Paulo presented its municipal climate fund.\n"
                    "- Participants asked for a shared pipeline of projects."
                ),
                "learnt": (
                    "Pooling small projects into one programme lets intermediate cities reach "
                    "climate funds that would not finance them one by one.\n\n"
                    "A project preparation unit in the city administration shortens the path "
                    "from a climate action plan to a proposal a fund will consider."
                ),
            },
            "actions": [
                (
                    "Share Jakarta's project preparation guide in Spanish and Portuguese",
                    "UCLG ASPAC secretariat",
                    date(2022, 10, 31),
                    "done",
                ),
                (
                    "Propose a joint pipeline of climate projects to the GCoM help desk",
                    "MERCOCIUDADES Environment Unit",
                    date(2023, 3, 31),
                    "under-way",
                ),
            ],
        },
        {
            "slug": "demo-pandemic-insight-sharing-webinars",
            "organisers": (["Surabaya", "Bandung"], ["uclg-aspac"]),
            "participants": ["Makassar", "Kuala Lumpur", "Da Nang"],
            "data": {
                "kind": "webinar",
                "title": "Friendship and city solidarity: insight-sharing webinars on COVID-19",
                "description": (
                    "A series of webinars where member cities share how they keep basic "
                    "services running during the pandemic, and what help they need."
                ),
                "starts_at": datetime(2020, 6, 10, 7, 0, tzinfo=UTC),
                "ends_at": datetime(2020, 6, 10, 9, 0, tzinfo=UTC),
                "timezone": "Asia/Jakarta",
                "mode": "online",
                "meeting_url": "https://meet.example.org/covid-insights",
                "languages": ["en", "id"],
                "themes": ["pandemic-response", "health"],
                "hazards": ["epidemic"],
                "registration": "open",
            },
            "versions": {
                "es": (
                    "Amistad y solidaridad entre ciudades: webinarios sobre la COVID-19",
                    "Una serie de webinarios en los que las ciudades miembro comparten cómo "
                    "mantienen los servicios básicos durante la pandemia y qué ayuda necesitan.",
                ),
                "pt": (
                    "Amizade e solidariedade entre cidades: webinários sobre a COVID-19",
                    "Uma série de webinários em que as cidades membro compartilham como mantêm "
                    "os serviços básicos durante a pandemia e de que ajuda precisam.",
                ),
                "id": (
                    "Persahabatan dan solidaritas kota: webinar berbagi wawasan COVID-19",
                    "Rangkaian webinar di mana kota anggota berbagi cara menjaga layanan dasar "
                    "selama pandemi dan bantuan apa yang mereka butuhkan.",
                ),
            },
            "agenda": [
                (0, 30, "Surabaya: keeping markets open safely", "", ["Surabaya"]),
                (30, 60, "Bandung: health services and volunteers", "", ["Bandung"]),
                (60, 120, "What member cities need now", "", []),
            ],
            "outputs": {
                "recording_url": "https://video.example.org/covid-insights-2020",
                "minutes": "- Several cities reported a shortage of disposable medical masks.",
                "learnt": (
                    "Cities that mapped their vulnerable households before the crisis reached "
                    "them with food and masks within days."
                ),
            },
            "actions": [
                (
                    "Donate disposable medical masks to member cities that asked for them",
                    "UCLG ASPAC secretariat",
                    date(2020, 7, 15),
                    "done",
                ),
            ],
        },
        {
            "slug": "demo-resilience-module-training",
            "organisers": (["Banda Aceh"], ["uclg-aspac", "uclg"]),
            "participants": ["Palu", "Iloilo City", "Suva"],
            "data": {
                "kind": "training",
                "title": "Resilience Module training for local governments",
                "description": (
                    "Training on the Resilience Module developed by UCLG World and UCLG ASPAC: "
                    "risk assessment, resilience strategies and their financing."
                ),
                "starts_at": datetime(2022, 3, 8, 2, 0, tzinfo=UTC),
                "ends_at": datetime(2022, 3, 8, 9, 0, tzinfo=UTC),
                "timezone": "Asia/Jakarta",
                "mode": "hybrid",
                "meeting_url": "https://meet.example.org/resilience-module",
                "venue": "Tsunami and Disaster Mitigation Research Center",
                "venue_city": "Banda Aceh",
                "languages": ["en", "id"],
                "themes": ["disaster-risk-reduction", "climate-resilience", "capacity-building"],
                "hazards": ["earthquake", "flood"],
                "registration": "invitation",
                "capacity": 40,
            },
            "committee": "aspac-disaster-risk-reduction",
            "versions": {
                "es": (
                    "Formación en el Módulo de Resiliencia para gobiernos locales",
                    "Formación sobre el Módulo de Resiliencia de CGLU y UCLG ASPAC: evaluación "
                    "de riesgos, estrategias de resiliencia y su financiamiento.",
                ),
                "pt": (
                    "Formação no Módulo de Resiliência para governos locais",
                    "Formação sobre o Módulo de Resiliência da CGLU e da UCLG ASPAC: avaliação "
                    "de riscos, estratégias de resiliência e seu financiamento.",
                ),
                "id": (
                    "Pelatihan Modul Ketahanan untuk pemerintah daerah",
                    "Pelatihan Modul Ketahanan yang dikembangkan UCLG World dan UCLG ASPAC: "
                    "kajian risiko, strategi ketahanan, dan pendanaannya.",
                ),
            },
            "outputs": {
                "learnt": (
                    "Risk maps drawn with the neighbourhoods are used; maps drawn for them are not."
                ),
            },
            "actions": [
                (
                    "Run the module with three more member cities",
                    "UCLG ASPAC capacity development",
                    date(2022, 12, 15),
                    "done",
                ),
            ],
        },
        {
            "slug": "demo-palu-study-visit",
            "organisers": (["Palu"], ["uclg-aspac", "cuf"]),
            "participants": ["Makassar", "Semarang"],
            "data": {
                "kind": "study-visit",
                "title": "Study visit to Palu: public space and local economy after the disaster",
                "description": (
                    "With Cités Unies France, a visit to the public space built with the "
                    "community after the 2018 earthquake and tsunami, and to the local economic "
                    "development and capacity-building work of the small-scale project."
                ),
                "starts_at": datetime(2021, 11, 23, 1, 0, tzinfo=UTC),
                "ends_at": datetime(2021, 11, 24, 9, 0, tzinfo=UTC),
                "timezone": "Asia/Makassar",
                "mode": "in-person",
                "venue": "Palu city hall",
                "venue_city": "Palu",
                "languages": ["id", "en"],
                "interpretation": ["en"],
                "themes": ["disaster-risk-reduction", "public-space", "local-economic-development"],
                "hazards": ["earthquake"],
                "registration": "invitation",
                "capacity": 25,
            },
            "programme": "palu-recovery",
            "project": "XM-PONTE-PALU-RECOVERY",
            "versions": {
                "es": (
                    "Visita de estudio a Palu: espacio público y economía local tras el desastre",
                    "Con Cités Unies France, visita al espacio público construido con la "
                    "comunidad tras el terremoto y tsunami de 2018, y al trabajo de desarrollo "
                    "económico local y fortalecimiento de capacidades del proyecto.",
                ),
                "pt": (
                    "Visita de estudo a Palu: espaço público e economia local após o desastre",
                    "Com a Cités Unies France, visita ao espaço público construído com a "
                    "comunidade após o terremoto e tsunami de 2018, e ao trabalho de "
                    "desenvolvimento econômico local e capacitação do projeto.",
                ),
                "id": (
                    "Kunjungan studi ke Palu: ruang publik dan ekonomi lokal pascabencana",
                    "Bersama Cités Unies France, kunjungan ke ruang publik yang dibangun bersama "
                    "warga setelah gempa dan tsunami 2018, serta kerja pengembangan ekonomi lokal "
                    "dan peningkatan kapasitas proyek tersebut.",
                ),
            },
            "outputs": {
                "learnt": (
                    "A public space designed with the people who lost their homes became the "
                    "place where the local market started again."
                ),
            },
            "actions": [],
        },
        {
            "slug": "demo-localise-sdgs-workshop",
            "organisers": (["Makassar"], ["uclg-aspac", "apeksi"]),
            "participants": ["Surabaya", "Bandung", "Jakarta"],
            "data": {
                "kind": "training",
                "title": "LOCALISE SDGs workshop: SDG indicators in local development plans",
                "description": (
                    "Indonesian cities work through aligning their mid-term development plans "
                    "with SDG targets and indicators, under the LOCALISE SDGs programme."
                ),
                "starts_at": datetime(2021, 8, 17, 1, 0, tzinfo=UTC),
                "ends_at": datetime(2021, 8, 17, 8, 0, tzinfo=UTC),
                "timezone": "Asia/Makassar",
                "mode": "hybrid",
                "meeting_url": "https://meet.example.org/localise-sdgs",
                "venue": "Makassar city hall",
                "venue_city": "Makassar",
                "languages": ["id"],
                "themes": ["sdg-localisation", "governance"],
                "sdg_targets": ["17.14", "11.3"],
                "registration": "open",
                "capacity": 60,
            },
            "programme": "localise-sdgs",
            "project": "XM-PONTE-LOCALISE-MAKASSAR",
            "committee": "aspac-sdg-localisation",
            "language": "id",
            "title_en": (
                "LOCALISE SDGs workshop: SDG indicators in local development plans",
                "Indonesian cities work through aligning their mid-term development plans with "
                "SDG targets and indicators, under the LOCALISE SDGs programme.",
            ),
            "versions": {
                "es": (
                    "Taller LOCALISE SDGs: indicadores ODS en los planes de desarrollo locales",
                    "Ciudades de Indonesia alinean sus planes de desarrollo de mediano plazo con "
                    "las metas e indicadores de los ODS, en el programa LOCALISE SDGs.",
                ),
                "pt": (
                    "Oficina LOCALISE SDGs: indicadores ODS nos planos de desenvolvimento locais",
                    "Cidades da Indonésia alinham seus planos de desenvolvimento de médio prazo "
                    "às metas e indicadores dos ODS, no programa LOCALISE SDGs.",
                ),
            },
            "original": (
                "Lokakarya LOCALISE SDGs: indikator TPB dalam rencana pembangunan daerah",
                "Kota-kota di Indonesia menyelaraskan RPJMD dengan target dan indikator TPB/SDGs "
                "dalam program LOCALISE SDGs.",
            ),
            "outputs": {
                "learnt": "Cities that tagged budget lines with SDG targets could report progress "
                "without a separate survey.",
            },
            "actions": [],
        },
        {
            "slug": "demo-climate-finance-pooling-projects",
            "organisers": (["Jakarta", "São Paulo"], ["uclg-aspac", "mercociudades"]),
            "participants": ["Quezon City", "Mexico City", "Santiago", "Recife"],
            "data": {
                "kind": "peer-learning",
                "title": "Climate finance exchange, second round: pooling city projects",
                "description": (
                    "Following the 2022 exchange, cities of both regions work on a shared "
                    "pipeline of climate projects. Bring one project your city wants funded."
                ),
                "starts_at": _soon(21, 12),
                "ends_at": _soon(21, 14),
                "timezone": "America/Sao_Paulo",
                "mode": "online",
                "meeting_url": "https://meet.example.org/climate-finance-round-2",
                "languages": ["en", "es", "pt"],
                "interpretation": ["id"],
                "themes": ["climate-finance"],
                "registration": "open",
                "capacity": 100,
                "questions": ["Which project does your city bring?"],
            },
            "programme": "aspac-mercociudades-climate-finance",
            "language": "en",
            "versions": {
                "es": (
                    "Intercambio sobre financiamiento climático, segunda ronda: agrupar proyectos",
                    "Tras el intercambio de 2022, ciudades de ambas regiones trabajan en una "
                    "cartera común de proyectos climáticos. Traiga un proyecto que su ciudad "
                    "quiera financiar.",
                ),
                "pt": (
                    "Intercâmbio sobre financiamento climático, segunda rodada: agrupar projetos",
                    "Depois do intercâmbio de 2022, cidades das duas regiões trabalham numa "
                    "carteira comum de projetos climáticos. Traga um projeto que sua cidade "
                    "queira financiar.",
                ),
                "id": (
                    "Pertukaran pendanaan iklim, putaran kedua: menggabungkan proyek kota",
                    "Melanjutkan pertukaran 2022, kota-kota dari kedua kawasan menyusun daftar "
                    "bersama proyek iklim. Bawalah satu proyek yang ingin didanai kota Anda.",
                ),
            },
            "actions": [],
        },
        {
            "slug": "demo-resilience-module-trainers",
            "organisers": (["Quezon City"], ["uclg-aspac"]),
            "participants": ["Iloilo City", "Makati"],
            "data": {
                "kind": "training",
                "title": "Resilience Module: training of trainers",
                "description": (
                    "City staff who took the Resilience Module learn to run it in their own "
                    "administration and with neighbouring cities."
                ),
                "starts_at": _soon(45, 1),
                "ends_at": _soon(45, 8),
                "timezone": "Asia/Manila",
                "mode": "hybrid",
                "meeting_url": "https://meet.example.org/resilience-trainers",
                "venue": "Quezon City hall",
                "venue_city": "Quezon City",
                "languages": ["en"],
                "themes": ["disaster-risk-reduction", "capacity-building"],
                "hazards": ["cyclone", "flood"],
                "registration": "open",
                "capacity": 30,
            },
            "committee": "aspac-capacity-development",
            "versions": {
                "es": (
                    "Módulo de Resiliencia: formación de formadores",
                    "Personal municipal que ya cursó el Módulo de Resiliencia aprende a "
                    "impartirlo en su administración y con ciudades vecinas.",
                ),
                "pt": (
                    "Módulo de Resiliência: formação de formadores",
                    "Servidores municipais que já fizeram o Módulo de Resiliência aprendem a "
                    "aplicá-lo na sua administração e com cidades vizinhas.",
                ),
                "id": (
                    "Modul Ketahanan: pelatihan untuk pelatih",
                    "Staf kota yang telah mengikuti Modul Ketahanan belajar menyelenggarakannya "
                    "di pemerintahannya sendiri dan bersama kota tetangga.",
                ),
            },
            "actions": [],
        },
    ]


def _create(spec: dict[str, Any]) -> Event:
    lg_names, network_slugs = spec["organisers"]
    data = dict(spec["data"])
    venue = data.pop("venue_city", None)
    if venue:
        place = next(iter(_lgs(venue)), None)
        if place is not None:
            data["venue_city"] = place.city
            data["latitude"], data["longitude"] = place.latitude, place.longitude
    data["participants"] = _lgs(*spec.get("participants", []))
    data["language"] = spec.get("language", "en")
    if "original" in spec:
        data["title"], data["description"] = spec["original"]
    if slug := spec.get("programme"):
        data["programme"] = Programme.objects.filter(slug=slug).first()
    if identifier := spec.get("project"):
        data["project"] = Project.objects.filter(identifier=identifier).first()
    if slug := spec.get("committee"):
        data["committee"] = Committee.objects.filter(slug=slug).first()
    event = services.event_create(
        actor=SYSTEM,
        data=data,
        local_governments=_lgs(*lg_names),
        networks=_networks(*network_slugs),
        is_demo=True,
    )
    Event.objects.filter(pk=event.pk).update(slug=spec["slug"])
    event.slug = spec["slug"]
    for language, (title, description) in spec.get("versions", {}).items():
        services.translation_save(
            actor=SYSTEM, event=event, language=language, title=title, description=description
        )
    if "title_en" in spec:
        title, description = spec["title_en"]
        services.translation_save(
            actor=SYSTEM, event=event, language="en", title=title, description=description
        )
    for start, end, title, speakers, cities in spec.get("agenda", []):
        services.agenda_item_add(
            actor=SYSTEM,
            event=event,
            title=title,
            starts_at=event.starts_at + timedelta(minutes=start),
            ends_at=event.starts_at + timedelta(minutes=end),
            speakers=speakers,
            local_governments=_lgs(*cities),
        )
    event = services.event_publish(actor=SYSTEM, event=event)
    if outputs := spec.get("outputs"):
        services.outputs_save(actor=SYSTEM, event=event, **outputs)
    for title, owner, due_on, status in spec.get("actions", []):
        services.action_add(
            actor=SYSTEM,
            event=event,
            title=title,
            owner=owner,
            due_on=due_on,
            status=status or FollowUpAction.Status.OPEN,
        )
    return event


@transaction.atomic
def load_demo_events() -> int:
    """Create the demo events that do not exist yet; return how many there are."""
    specs = _events()
    for spec in specs:
        if not Event.objects.filter(slug=spec["slug"]).exists():
            _create(spec)
    return Event.objects.filter(slug__in=[s["slug"] for s in specs]).count()

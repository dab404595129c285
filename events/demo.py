"""The events of the press release: the conference in Chelyabinsk and the planned internship.

Facts come from shared/seed/conference-press-release.ru.txt. The release gives no dates,
times, capacity or the organisations of Gorny ulus other than the Berdigestyakh nasleg
administration: those values are illustrative and the texts say so. Dates are set relative
to the first load (create_defaults) and kept afterwards, so the conference stays in the past
and the internship stays upcoming for a while. Idempotent: rows are found by natural keys and saved only when a value differs, so a
second load writes nothing (and adds no change-history rows).
"""

import datetime
from zoneinfo import ZoneInfo

from django.utils import timezone

from common.demo import upsert
from organizations import demo as org_demo
from organizations.models import GrantProject, Organization, OrganizationKind, Person, Region
from practices.models import Practice

from .models import (
    Event,
    EventFormat,
    EventKind,
    EventPartner,
    EventStatus,
    PartnerRole,
    ProgrammeItem,
    ProgrammeItemKind,
    SiteVisit,
)

ILLUSTRATIVE = org_demo.ILLUSTRATIVE
CONFERENCE = "konferenciya-nko-chelyabinsk-yakutiya"
INTERNSHIP = "stazhirovka-chelyabinsk-v-yakutii"
GORNY_NGO_CENTRE = "gorny-ulus-ngo-centre"
GORNY_TOS = "tos-centralny-berdigestyakh"

PRACTICES_TO_STUDY = [
    "privlechenie-resursov",
    "soprovozhdenie-semey-modut",
    "partnerstvo-nko-i-biznesa",
    "razvitie-malyh-gorodov",
    "issledovanie-potenciala-nko",
]

PRESS_RELEASE = """\
В Челябинске состоялась межрегиональная конференция «Роль НКО и местных сообществ в развитии \
территорий Челябинской области и Якутии». Участники обменялись опытом и технологиями развития \
СО НКО, местных сообществ и вовлечения жителей в решение социальных вопросов. На площадке \
собрались лидеры и специалисты социально ориентированных НКО, территориальных общественных \
самоуправлений (ТОС), местных сообществ, добровольцы и представители органов местного \
самоуправления двух регионов.

Якутяне поделились опытом по привлечению ресурсов для решения вопросов местного значения — \
замглавы Бердигестяхского наслега Ксения Васильева, руководитель организации помощи людям, \
попавшим в трудную жизненную ситуацию, «Волонтеры рядом» Ксения Карпова, председатель совета \
старост 203 микрорайона Наталья Луковцева. О социальном сопровождении людей и семей, нуждающихся \
в особой социальной поддержке, на примере Модутского наслега Намского района и о партнёрстве НКО \
с бизнес-компаниями через программы устойчивого развития территорий рассказала руководитель \
Единого ресурсного центра Ольга Вешникова. По её словам, эксперты Челябинска высоко оценили опыт \
Якутии и предложили тиражировать технологии на своей территории.

> «Это логично, потому что Якутия – уникальный регион, где сейчас отмечается положительная \
тенденция развития третьего сектора. В республике зарегистрировано более четырех тысяч НКО и \
местных сообществ, которые активно участвуют в федеральных и региональных конкурсах. Регион \
занимает лидирующую позицию на Дальнем Востоке», — отметила она.

В рамках проекта планируется проведение для делегации некоммерческих организаций Челябинской \
области стажировки на базе ЕРЦ Якутии. Они также посетят некоммерческие организации Горного улуса.

> «Прошла очень продуктивная площадка лидеров НКО и местных сообществ двух регионов. Мы ещё раз \
убедились, что можем оказать друг другу консультационную, методическую и организационную \
поддержку в развитии своих территорий. Нас вдохновила деятельность ассоциации ТОС Челябинской \
области, их опыт создания соседских центров, цифровизации обращений граждан, трансформация \
деятельности в проекты. Челябинским коллегам очень понравился опыт внедрения технологии \
социального сопровождения граждан и семей, попавших в трудную жизненную ситуацию, в селе Модут \
Намского улуса, проекты Единого ресурсного центра Якутии по развитию малых городов и сельских \
территорий, методы и технологии исследования потенциала НКО и местных сообществ», — рассказала \
Вешникова.

С приветственными словами на площадке выступили руководитель управления общественных связей \
Правительства ЧО Дмитрий Семенов и генеральный директор Центра поддержки гражданских инициатив \
и развития некоммерческого сектора экономики Челябинской области Михаил Комиссаров.

*Пресс-служба Единого ресурсного центра поддержки СО НКО и развития гражданских инициатив Якутии*
"""

GORNY_ORGANIZATIONS = [
    {
        "slug": GORNY_NGO_CENTRE,
        "name": "Центр поддержки НКО и гражданских инициатив Горного улуса",
        "kind": OrganizationKind.RESOURCE_CENTRE,
        "locality": "Горный улус, с. Бердигестях",
        "description": (
            "Консультирует НКО и инициативные группы наслегов Горного улуса, помогает "
            "готовить заявки на конкурсы. " + ILLUSTRATIVE
        ),
    },
    {
        "slug": GORNY_TOS,
        "name": "ТОС «Центральный» села Бердигестях",
        "kind": OrganizationKind.TOS,
        "locality": "Горный улус, Бердигестяхский наслег, с. Бердигестях",
        "description": (
            "Жители благоустраивают село и ведут проекты соседской взаимопомощи. " + ILLUSTRATIVE
        ),
    },
]


def load(orgs):
    """Create or update the conference and the internship; returns them by slug."""
    yakutia = Region.objects.get(code="RU-SA")
    chelyabinsk = Region.objects.get(code="RU-CHE")
    orgs = dict(orgs)
    for row in GORNY_ORGANIZATIONS:
        values = dict(row)
        slug = values.pop("slug")
        orgs[slug] = upsert(Organization, {"slug": slug}, {**values, "region": yakutia})
        org_demo.verify_if_resource_centre(orgs[slug])
    people = _people(orgs)
    project = _grant_project()
    today = timezone.localdate()
    return {
        CONFERENCE: _conference(orgs, people, project, chelyabinsk, today),
        INTERNSHIP: _internship(orgs, people, project, yakutia, chelyabinsk, today),
    }


def _people(orgs):
    """The release's speakers by surname (organizations.demo creates them)."""
    people = {}
    for full_name, _position, org_slug in org_demo.PEOPLE:
        person = Person.objects.filter(full_name=full_name, organization=orgs[org_slug]).first()
        if person is not None:
            people[full_name.split()[-1]] = person
    return people


def _grant_project():
    return GrantProject.objects.filter(slug=org_demo.GRANT_PROJECT).first()


def _at(day, hour, minute, zone):
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=ZoneInfo(zone))


def _conference(orgs, people, project, region, today):
    zone = "Asia/Yekaterinburg"
    day = today - datetime.timedelta(days=45)
    values = {
        "kind": EventKind.CONFERENCE,
        "title": (
            "Межрегиональная конференция «Роль НКО и местных сообществ в развитии территорий "
            "Челябинской области и Якутии»"
        ),
        "summary": (
            "Лидеры СО НКО, ТОС, местных сообществ, добровольцы и представители местного "
            "самоуправления Челябинской области и Якутии обменялись технологиями развития "
            "территорий и договорились тиражировать их."
        ),
        "description": (
            "Площадка для обмена опытом и технологиями развития СО НКО, местных сообществ и "
            "вовлечения жителей в решение социальных вопросов. Якутские участники рассказали о "
            "привлечении ресурсов для решения вопросов местного значения, социальном "
            "сопровождении семей и партнёрстве НКО с бизнесом; ассоциация ТОС Челябинской "
            "области — о соседских центрах, цифровизации обращений граждан и трансформации "
            "деятельности в проекты.\n\n"
            "Дата, время, место и порядок выступлений иллюстративны: в пресс-релизе их нет."
        ),
        "timezone": zone,
        "format": EventFormat.IN_PERSON,
        "venue": "Конференц-зал (иллюстративно)",
        "address": "Челябинск",
        "online_url": "",
        "region": region,
        "organizer": orgs[org_demo.ERC_YAKUTIA],
        "grant_project": project,
        "status": EventStatus.PUBLISHED,
        "accepts_applications": False,
        "capacity": None,
        "waitlist_enabled": False,
        "host_organization": None,
        "delegation_region": None,
        "outcome_summary": PRESS_RELEASE,
    }
    event = upsert(
        Event,
        {"slug": CONFERENCE},
        values,
        {
            "start": _at(day, 10, 0, zone),
            "end": _at(day, 17, 0, zone),
            "published_at": _at(day - datetime.timedelta(days=14), 12, 0, zone),
        },
    )
    _partners(
        event,
        [
            (orgs[org_demo.CHE_PUBLIC_RELATIONS], PartnerRole.SUPPORTER),
            (orgs[org_demo.CHE_CIVIC_CENTRE], PartnerRole.SUPPORTER),
            (orgs[org_demo.SOUTH_URALS_FOUNDATION], PartnerRole.FUNDER),
        ],
    )
    _programme(
        event,
        [
            (0, 0, 10, ProgrammeItemKind.WELCOME, "Приветственное слово", "", ["Семенов"]),
            (0, 10, 10, ProgrammeItemKind.WELCOME, "Приветственное слово", "", ["Комиссаров"]),
            (
                0,
                20,
                70,
                ProgrammeItemKind.PANEL,
                "Привлечение ресурсов для решения вопросов местного значения: опыт Якутии",
                "Опыт наслега, добровольческой организации и совета старост микрорайона.",
                ["Васильева", "Карпова", "Луковцева"],
            ),
            (
                0,
                90,
                60,
                ProgrammeItemKind.TALK,
                "Социальное сопровождение семей в трудной жизненной ситуации (Модутский наслег) "
                "и партнёрство НКО с бизнесом через программы устойчивого развития территорий",
                "",
                ["Вешникова"],
            ),
            (
                0,
                210,
                60,
                ProgrammeItemKind.TALK,
                "Соседские центры, цифровизация обращений граждан, трансформация деятельности ТОС "
                "в проекты: опыт ассоциации ТОС Челябинской области",
                "Докладчик в пресс-релизе не назван.",
                [],
            ),
            (
                0,
                270,
                90,
                ProgrammeItemKind.PANEL,
                "Тиражирование технологий и подготовка стажировки в Якутии",
                "Обсуждение договорённостей двух регионов.",
                [],
            ),
        ],
        people,
    )
    return event


def _internship(orgs, people, project, region, delegation_region, today):
    zone = "Asia/Yakutsk"
    first_day = today + datetime.timedelta(days=40)
    values = {
        "kind": EventKind.INTERNSHIP,
        "title": "Стажировка делегации НКО Челябинской области на базе ЕРЦ Якутии",
        "summary": (
            "Делегация НКО Челябинской области изучает на месте технологии Якутии: привлечение "
            "ресурсов, социальное сопровождение семей, развитие малых городов и сельских "
            "территорий, и посещает НКО Горного улуса."
        ),
        "description": (
            "Стажировка проводится в рамках грантового проекта по итогам межрегиональной "
            "конференции. Участники знакомятся с практиками Единого ресурсного центра и "
            "некоммерческих организаций Якутии, чтобы внедрить их в своих территориях.\n\n"
            "Даты, число мест и программа иллюстративны: в пресс-релизе их нет."
        ),
        "timezone": zone,
        "format": EventFormat.IN_PERSON,
        "venue": "Единый ресурсный центр (иллюстративно)",
        "address": "Якутск",
        "online_url": "",
        "region": region,
        "organizer": orgs[org_demo.ERC_YAKUTIA],
        "grant_project": project,
        "status": EventStatus.PUBLISHED,
        "accepts_applications": True,
        "capacity": 12,
        "waitlist_enabled": True,
        "host_organization": orgs[org_demo.ERC_YAKUTIA],
        "delegation_region": delegation_region,
        "outcome_summary": "",
    }
    event = upsert(
        Event,
        {"slug": INTERNSHIP},
        values,
        {
            "start": _at(first_day, 10, 0, zone),
            "end": _at(first_day + datetime.timedelta(days=3), 18, 0, zone),
            "registration_opens": _at(today - datetime.timedelta(days=1), 9, 0, zone),
            "registration_closes": _at(first_day - datetime.timedelta(days=10), 18, 0, zone),
            "published_at": timezone.now(),
        },
    )
    _partners(
        event,
        [
            (orgs[org_demo.CHE_CIVIC_CENTRE], PartnerRole.CO_ORGANISER),
            (orgs[org_demo.SOUTH_URALS_FOUNDATION], PartnerRole.FUNDER),
            (orgs[org_demo.TOS_ASSOCIATION], PartnerRole.INFORMATION_PARTNER),
        ],
    )
    _programme(
        event,
        [
            (
                0,
                0,
                120,
                ProgrammeItemKind.TALK,
                "Открытие стажировки: технологии Единого ресурсного центра",
                "Привлечение ресурсов, партнёрство НКО и бизнеса, исследования потенциала НКО.",
                ["Вешникова"],
            ),
            (
                1,
                0,
                480,
                ProgrammeItemKind.SITE_VISIT,
                "Выезд в Горный улус",
                "Встречи с администрацией Бердигестяхского наслега и НКО улуса.",
                ["Васильева"],
            ),
            (
                2,
                0,
                240,
                ProgrammeItemKind.WORKSHOP,
                "Мастерская: социальное сопровождение семей и работа с добровольцами",
                "",
                ["Карпова"],
            ),
            (
                3,
                0,
                180,
                ProgrammeItemKind.PANEL,
                "Итоги: планы внедрения практик в Челябинской области",
                "",
                [],
            ),
        ],
        people,
    )
    start_day = event.local_start.date()
    visits = [
        (
            org_demo.BERDIGESTYAKH,
            1,
            "Привлечение ресурсов для решения вопросов местного значения вместе с жителями.",
        ),
        (GORNY_NGO_CENTRE, 1, "Поддержка НКО и инициативных групп наслегов. " + ILLUSTRATIVE),
        (GORNY_TOS, 1, "Соседская взаимопомощь и благоустройство села. " + ILLUSTRATIVE),
    ]
    for slug, offset, purpose in visits:
        upsert(
            SiteVisit,
            {"event": event, "organization": orgs[slug]},
            {"day": start_day + datetime.timedelta(days=offset), "purpose": purpose},
        )
    event.practices.set(Practice.objects.filter(slug__in=PRACTICES_TO_STUDY))
    return event


def _partners(event, rows):
    for order, (organization, role) in enumerate(rows):
        upsert(
            EventPartner,
            {"event": event, "organization": organization, "role": role},
            {"order": order},
        )


def _programme(event, rows, people):
    """Items at (day offset, minutes from the event's start, duration) in the venue's zone."""
    start = event.local_start
    for day, minutes, duration, kind, title, description, speakers in rows:
        begins = start + datetime.timedelta(days=day, minutes=minutes)
        speaker_rows = [people[name] for name in speakers if name in people]
        item = upsert(
            ProgrammeItem,
            {"event": event, "title": title, "start": begins},
            {
                "end": begins + datetime.timedelta(minutes=duration),
                "kind": kind,
                "description": description,
            },
        )
        item.speakers.set(speaker_rows)

"""The seed's world: organisations, people and the grant project of the press release.

Facts come from shared/seed/conference-press-release.ru.txt. Where the release gives none
(addresses, dates, contacts), the value is illustrative and the text says so.
Idempotent: every row is found by its natural key and updated to the same values.
"""

import datetime

from django.utils import timezone

from common.demo import upsert

from .models import (
    GrantProgramme,
    GrantProject,
    IndicatorSource,
    Organization,
    OrganizationKind,
    Person,
    ProjectIndicator,
    Region,
    VerificationRecord,
)

ILLUSTRATIVE = "Иллюстративные данные: в пресс-релизе этого факта нет."

# The grant project's indicators: the release names the activities (the conference, the
# internship, replicating Yakutia's technologies) but no figures, so every value is
# illustrative and marked so. (title, unit, planned, achieved, what the portal counts)
PROJECT_INDICATORS = [
    ("Проведена межрегиональная конференция", "мероприятий", 1, 1, IndicatorSource.EVENTS_HELD),
    ("Проведены семинары и вебинары для СО НКО", "мероприятий", 4, 2, IndicatorSource.SEMINARS_HELD),
    ("Проведена стажировка делегации НКО в Якутии", "стажировок", 1, 0, IndicatorSource.INTERNSHIPS_HELD),
    ("Руководители НКО прошли стажировку", "человек", 15, 0, IndicatorSource.PARTICIPANTS),
    ("Практики Якутии внедряются в Челябинской области", "практик", 5, 3, IndicatorSource.REPLICATIONS_STARTED),
]  # fmt: skip

# Slugs other apps' demo data refers to.
ERC_YAKUTIA = "erc-yakutia"
BERDIGESTYAKH = "berdigestyakh-nasleg"
VOLUNTEERS_NEARBY = "volontery-ryadom"
ELDERS_203 = "sovet-starost-203"
MODUT = "modut-nasleg"
TOS_ASSOCIATION = "tos-chelyabinsk"
CHE_GOVERNMENT = "government-chelyabinsk"
CHE_PUBLIC_RELATIONS = "uos-chelyabinsk"
CHE_CIVIC_CENTRE = "cpgi-chelyabinsk"
SOUTH_URALS_FOUNDATION = "fpgi-south-urals"
GRANT_PROJECT = "chelyabinsk-yakutia-internship-project"

ORGANIZATIONS = [
    {
        "slug": ERC_YAKUTIA,
        "name": "Единый ресурсный центр поддержки СО НКО и развития гражданских инициатив Якутии",
        "short_name": "ЕРЦ Якутии",
        "kind": OrganizationKind.RESOURCE_CENTRE,
        "region": "RU-SA",
        "locality": "Якутск",
        "description": (
            "Единый ресурсный центр поддерживает социально ориентированные НКО и местные "
            "сообщества Якутии: консультации, обучение, методическая поддержка, проекты "
            "развития малых городов и сельских территорий, исследования потенциала НКО.\n\n"
            "Организатор межрегиональной конференции «Роль НКО и местных сообществ в развитии "
            "территорий Челябинской области и Якутии» и принимающая сторона стажировки "
            "делегации НКО Челябинской области."
        ),
        "email": "erc@example.org",
        "address": "Якутск (адрес иллюстративный)",
    },
    {
        "slug": BERDIGESTYAKH,
        "name": "Администрация Бердигестяхского наслега",
        "kind": OrganizationKind.MUNICIPAL,
        "region": "RU-SA",
        "locality": "Горный улус, Бердигестяхский наслег, с. Бердигестях",
        "description": (
            "Орган местного самоуправления наслега. Опыт привлечения ресурсов для решения "
            "вопросов местного значения вместе с жителями и НКО."
        ),
    },
    {
        "slug": VOLUNTEERS_NEARBY,
        "name": "«Волонтеры рядом»",
        "kind": OrganizationKind.VOLUNTEER_GROUP,
        "region": "RU-SA",
        "locality": "Якутск",
        "description": (
            "Организация помощи людям, попавшим в трудную жизненную ситуацию. "
            "Привлекает добровольцев и ресурсы местного сообщества."
        ),
    },
    {
        "slug": ELDERS_203,
        "name": "Совет старост 203 микрорайона",
        "kind": OrganizationKind.LOCAL_COMMUNITY,
        "region": "RU-SA",
        "locality": "Якутск, 203 микрорайон",
        "description": (
            "Объединение старост домов микрорайона: вовлечение жителей в решение "
            "вопросов благоустройства и соседской взаимопомощи."
        ),
    },
    {
        "slug": MODUT,
        "name": "Администрация Модутского наслега Намского улуса",
        "kind": OrganizationKind.MUNICIPAL,
        "region": "RU-SA",
        "locality": "Намский улус, Модутский наслег, с. Модут",
        "description": (
            "В селе Модут внедрена технология социального сопровождения граждан и семей, "
            "попавших в трудную жизненную ситуацию."
        ),
    },
    {
        "slug": TOS_ASSOCIATION,
        "name": "Ассоциация территориальных общественных самоуправлений Челябинской области",
        "short_name": "Ассоциация ТОС Челябинской области",
        "kind": OrganizationKind.TOS_ASSOCIATION,
        "region": "RU-CHE",
        "locality": "Челябинск",
        "description": (
            "Объединяет ТОС области. Опыт создания соседских центров, цифровизации обращений "
            "граждан, трансформации деятельности ТОС в проекты."
        ),
    },
    {
        "slug": CHE_GOVERNMENT,
        "name": "Правительство Челябинской области",
        "kind": OrganizationKind.GOVERNMENT,
        "region": "RU-CHE",
        "locality": "Челябинск",
        "description": "Учредитель гранта Губернатора Челябинской области некоммерческим организациям.",
    },
    {
        "slug": CHE_PUBLIC_RELATIONS,
        "name": "Управление общественных связей Правительства Челябинской области",
        "kind": OrganizationKind.GOVERNMENT,
        "region": "RU-CHE",
        "locality": "Челябинск",
        "parent": CHE_GOVERNMENT,
        "description": "Поддержало межрегиональную конференцию НКО Челябинской области и Якутии.",
    },
    {
        "slug": CHE_CIVIC_CENTRE,
        "name": (
            "Фонд «Центр поддержки гражданских инициатив и развития некоммерческого сектора "
            "экономики Челябинской области»"
        ),
        "short_name": "Центр поддержки гражданских инициатив Челябинской области",
        "kind": OrganizationKind.RESOURCE_CENTRE,
        "region": "RU-CHE",
        "locality": "Челябинск",
        "description": (
            "Ресурсный центр для НКО Челябинской области; поддержал конференцию и реализует "
            "проект стажировки делегации НКО области в Якутии."
        ),
    },
    {
        "slug": SOUTH_URALS_FOUNDATION,
        "name": "Фонд поддержки гражданских инициатив Южного Урала",
        "kind": OrganizationKind.FUND,
        "region": "RU-CHE",
        "locality": "Челябинск",
        "description": "Оператор гранта Губернатора Челябинской области некоммерческим организациям.",
    },
]

PEOPLE = [
    ("Ксения Васильева", "Заместитель главы Бердигестяхского наслега", BERDIGESTYAKH),
    ("Ксения Карпова", "Руководитель организации «Волонтеры рядом»", VOLUNTEERS_NEARBY),
    ("Наталья Луковцева", "Председатель совета старост 203 микрорайона", ELDERS_203),
    ("Ольга Вешникова", "Руководитель Единого ресурсного центра", ERC_YAKUTIA),
    (
        "Дмитрий Семенов",
        "Руководитель управления общественных связей Правительства Челябинской области",
        CHE_PUBLIC_RELATIONS,
    ),
    (
        "Михаил Комиссаров",
        "Генеральный директор Центра поддержки гражданских инициатив и развития "
        "некоммерческого сектора экономики Челябинской области",
        CHE_CIVIC_CENTRE,
    ),
]

REGION_FACTS = {
    "RU-SA": {
        "registered_ngos": 4000,
        "facts": (
            "В республике зарегистрировано более четырёх тысяч НКО и местных сообществ, которые "
            "активно участвуют в федеральных и региональных конкурсах; регион занимает "
            "лидирующую позицию на Дальнем Востоке (О. Вешникова, ЕРЦ Якутии)."
        ),
    },
}


def verify_if_resource_centre(organization):
    """The demo's resource centres are trusted publishers (once: a re-load writes nothing)."""
    if organization.kind != OrganizationKind.RESOURCE_CENTRE:
        return
    if organization.is_verified:
        return
    organization.verified_at = timezone.now()
    organization.save(update_fields=["verified_at"])
    VerificationRecord.objects.create(
        organization=organization, verified=True, comment="Demo data: a known resource centre."
    )


def load():
    """Create or update the organisations' world; returns organisations by slug."""
    regions = {r.code: r for r in Region.objects.filter(code__in={"RU-SA", "RU-CHE"})}
    for code, values in REGION_FACTS.items():
        Region.objects.filter(code=code).update(**values)

    orgs = {}
    for row in ORGANIZATIONS:
        values = dict(row)
        slug = values.pop("slug")
        values["region"] = regions[values["region"]]
        parent = values.pop("parent", None)
        values["parent"] = orgs[parent] if parent else None
        if "address" not in values:
            values["address"] = ""
        orgs[slug] = upsert(Organization, {"slug": slug}, values)
        verify_if_resource_centre(orgs[slug])

    for full_name, position, org_slug in PEOPLE:
        upsert(
            Person,
            {"full_name": full_name, "organization": orgs[org_slug]},
            {"position": position, "public_consent": True},
        )

    programme = upsert(
        GrantProgramme,
        {"title": "Грант Губернатора Челябинской области некоммерческим организациям"},
        {
            "funder": orgs[CHE_GOVERNMENT],
            "operator": orgs[SOUTH_URALS_FOUNDATION],
            "description": "Предоставляется Фондом поддержки гражданских инициатив Южного Урала.",
        },
    )
    today = timezone.localdate()
    project_values = {
        "title": (
            "Повышение эффективности деятельности СО НКО Челябинской области через внедрение "
            "передовых межрегиональных практик и технологий путём организации стажировки в "
            "Республике Саха (Якутия)"
        ),
        "programme": programme,
        "implementer": orgs[CHE_CIVIC_CENTRE],
        "description": (
            "В рамках проекта прошла межрегиональная конференция и планируется стажировка "
            "делегации НКО Челябинской области на базе ЕРЦ Якутии с посещением НКО Горного "
            "улуса. Исполнитель и сроки проекта иллюстративны: в пресс-релизе их нет."
        ),
    }
    # The period is set relative to the day of the first load and kept on later loads.
    project = upsert(
        GrantProject,
        {"slug": GRANT_PROJECT},
        project_values,
        {
            "start_date": today - datetime.timedelta(days=240),
            "end_date": today + datetime.timedelta(days=215),
        },
    )
    project.partners.set([orgs[ERC_YAKUTIA], orgs[TOS_ASSOCIATION]])
    for order, (title, unit, planned, achieved, source) in enumerate(PROJECT_INDICATORS, 1):
        upsert(
            ProjectIndicator,
            {"project": project, "order": order},
            {
                "title": title,
                "unit": unit,
                "planned": planned,
                "achieved": achieved,
                "source": source,
                "illustrative": True,
            },
        )
    ProjectIndicator.objects.filter(project=project, order__gt=len(PROJECT_INDICATORS)).delete()
    return orgs

"""The eight practices the press release names, their topics, and the replication interest.

Facts come from shared/seed/conference-press-release.ru.txt: who presented what, which
experience the Chelyabinsk experts proposed to replicate, and what inspired the Yakutia
side. The release gives no figures, years or budgets: those are illustrative, the key
figures carry the "illustrative" mark and each passport says so in its evidence section.

Idempotent: rows are found by natural keys (slug; practice and order; practice and
adopter) and saved only when a value differs, so a second load changes no row and adds
no history record. Dates are set relative to the first load and kept afterwards.
"""

import datetime

from django.utils import timezone

from common.demo import upsert
from organizations import demo as org_demo
from organizations.models import Person

from .models import (
    BudgetRange,
    KeyFigure,
    Practice,
    PracticeFormat,
    PracticeStatus,
    PracticeStep,
    Replication,
    ReplicationStatus,
    TargetGroup,
    Topic,
)
from .services import refresh_replication_count

ILLUSTRATIVE = (
    "*Иллюстративные данные:* в пресс-релизе конференции нет цифр, сроков и бюджета этой "
    "практики; показатели, год начала и сроки шагов приведены для примера."
)

PRACTICES = [
    {
        "slug": "privlechenie-resursov",
        "organization": org_demo.BERDIGESTYAKH,
        "contact": "Ксения Васильева",
        "title": "Привлечение ресурсов для решения вопросов местного значения",
        "summary": (
            "Администрация наслега, волонтёрская организация и совет старост микрорайона вместе "
            "находят людей, деньги и вещи для местных задач: от ремонта детской площадки до "
            "помощи семьям в трудной ситуации. Опыт Бердигестяхского наслега, «Волонтеров "
            "рядом» и совета старост 203 микрорайона Якутска."
        ),
        "locality": "Горный улус, с. Бердигестях; Якутск, 203 микрорайон",
        "topics": ["attracting-resources", "resident-involvement", "tos-development"],
        "target_groups": ["residents", "municipal-officials", "volunteers", "tos-activists"],
        "format": PracticeFormat.IN_PERSON,
        "year_started": 2019,
        "problem": (
            "Бюджета поселения не хватает на все вопросы местного значения: благоустройство, "
            "досуг, помощь людям в трудной жизненной ситуации. При этом у жителей, местного "
            "бизнеса и НКО есть ресурсы — время, умения, техника, помещения, небольшие "
            "средства, — которые никто не собирает вместе."
        ),
        "goal": (
            "Научить местную власть, НКО и активных жителей вместе находить и объединять "
            "ресурсы территории для решения конкретных местных задач."
        ),
        "solution": (
            "На конференции опытом поделились три участника:\n\n"
            "- **Бердигестяхский наслег** (заместитель главы Ксения Васильева): администрация "
            "выносит местные задачи на сход жителей, вместе с ними готовит заявки на конкурсы "
            "и привлекает местных предпринимателей;\n"
            "- **«Волонтеры рядом»** (руководитель Ксения Карпова): добровольцы и сбор "
            "помощи для людей, попавших в трудную жизненную ситуацию;\n"
            "- **совет старост 203 микрорайона** (председатель Наталья Луковцева): старосты "
            "домов собирают предложения жителей и организуют их участие в благоустройстве.\n\n"
            "Вместе эти подходы дают модель: задача → карта ресурсов → договорённости с "
            "партнёрами → участие жителей → отчёт перед сообществом."
        ),
        "results": (
            "Жители видят, что их предложения выполняются, и чаще сами участвуют в делах "
            "поселения; у наслега появляется постоянный круг партнёров."
        ),
        "reach": 1500,
        "results_period": "2019–2024 (иллюстративно)",
        "resources_staff": "Координатор от администрации или НКО (0,5 ставки)",
        "resources_volunteers": "10–20 добровольцев и старосты домов",
        "budget_range": BudgetRange.UP_TO_100K,
        "resources_partners": "Местные предприниматели, школа, дом культуры, староста или ТОС",
        "conditions": (
            "- Открытость администрации и регулярные отчёты перед жителями\n"
            "- Один понятный координатор\n"
            "- Небольшие задачи с видимым результатом в начале"
        ),
        "risks": (
            "- Выгорание активистов: распределять нагрузку, благодарить публично\n"
            "- Недоверие жителей: начинать с малых дел и показывать результат"
        ),
        "replicability": (
            "Подходит сельским поселениям и городским микрорайонам. Для городов роль "
            "администрации наслега берут на себя совет старост или ТОС."
        ),
        "steps": [
            ("Собрать местные задачи на сходе или встрече жителей", "1 месяц"),
            ("Составить карту ресурсов: люди, помещения, техника, партнёры", "2–3 недели"),
            ("Договориться с партнёрами и распределить роли", "1 месяц"),
            ("Выполнить первую задачу вместе с жителями", "1–3 месяца"),
            ("Отчитаться перед сообществом и выбрать следующую задачу", "1 неделя"),
        ],
        "figures": [
            ("3", "организации поделились опытом на конференции", False),
            ("12", "местных задач решено за год", True),
            ("40", "жителей участвуют регулярно", True),
        ],
    },
    {
        "slug": "soprovozhdenie-semey-modut",
        "organization": org_demo.MODUT,
        "contact": "Ольга Вешникова",
        "title": (
            "Социальное сопровождение людей и семей, нуждающихся в особой поддержке "
            "(опыт села Модут)"
        ),
        "summary": (
            "Технология социального сопровождения граждан и семей, попавших в трудную "
            "жизненную ситуацию, внедрённая в Модутском наслеге Намского улуса. Челябинским "
            "коллегам этот опыт понравился больше всего."
        ),
        "locality": "Намский улус, Модутский наслег, с. Модут",
        "topics": ["social-support-of-families", "resident-involvement"],
        "target_groups": ["families-in-hardship", "older-people", "volunteers"],
        "format": PracticeFormat.IN_PERSON,
        "year_started": 2021,
        "problem": (
            "В селе семьи в трудной жизненной ситуации часто остаются без помощи: "
            "государственные службы далеко, а соседи не знают, чем помочь, и не всегда "
            "решаются вмешаться."
        ),
        "goal": (
            "Чтобы каждая семья в трудной ситуации получала сопровождение: понятный план "
            "выхода из кризиса, помощь специалистов и поддержку местного сообщества."
        ),
        "solution": (
            "Наслег вместе с местными НКО и добровольцами выявляет семьи, которым нужна "
            "поддержка, и закрепляет за каждой куратора. Куратор с семьёй составляет план, "
            "подключает социальные службы, школу, фельдшерский пункт и соседей, следит за "
            "выполнением плана. О технологии на конференции рассказала руководитель Единого "
            "ресурсного центра Якутии Ольга Вешникова."
        ),
        "results": (
            "Семьи получают помощь раньше, чем ситуация становится кризисной; местное "
            "сообщество учится помогать, не унижая."
        ),
        "reach": 60,
        "results_period": "2021–2024 (иллюстративно)",
        "resources_staff": "Специалист по социальной работе или обученный куратор",
        "resources_volunteers": "5–10 добровольцев из жителей села",
        "budget_range": BudgetRange.UP_TO_500K,
        "resources_partners": "Социальная защита, школа, ФАП, администрация наслега, НКО",
        "conditions": (
            "- Доверие жителей к кураторам\n"
            "- Конфиденциальность: сведения о семьях не выходят за круг помогающих\n"
            "- Согласованность служб"
        ),
        "risks": (
            "- Стигматизация семей: не называть их публично\n"
            "- Зависимость от одного куратора: готовить замену"
        ),
        "replicability": (
            "Технологию можно перенести в сельские поселения других регионов; в городах "
            "сопровождение лучше строить вокруг ТОС или соседского центра."
        ),
        "steps": [
            ("Выявить семьи, которым нужна поддержка", "1 месяц"),
            ("Закрепить кураторов и обучить их", "1 месяц"),
            ("Составить с каждой семьёй план выхода из трудной ситуации", "2 недели"),
            ("Подключить службы, НКО и соседей", "постоянно"),
            ("Проверять выполнение плана и завершать сопровождение", "раз в месяц"),
        ],
        "figures": [
            ("25", "семей получили сопровождение", True),
            ("8", "кураторов из жителей села", True),
        ],
    },
    {
        "slug": "partnerstvo-nko-i-biznesa",
        "organization": org_demo.ERC_YAKUTIA,
        "contact": "Ольга Вешникова",
        "title": "Партнёрство НКО и бизнеса через программы устойчивого развития территорий",
        "summary": (
            "Как НКО и местные сообщества становятся партнёрами бизнес-компаний в их "
            "программах устойчивого развития территорий: опыт Единого ресурсного центра Якутии."
        ),
        "locality": "Якутск и районы республики",
        "topics": ["ngo-business-partnership", "attracting-resources"],
        "target_groups": ["ngo-leaders", "business", "tos-activists"],
        "format": PracticeFormat.MIXED,
        "year_started": 2018,
        "problem": (
            "Компании, работающие на территории, тратят средства на социальные программы, "
            "но не всегда знают местные НКО и их проекты; НКО не умеют говорить с бизнесом "
            "на языке его задач."
        ),
        "goal": "Сделать НКО и местные сообщества постоянными партнёрами программ устойчивого развития.",
        "solution": (
            "Ресурсный центр выступает посредником: собирает проекты НКО, помогает "
            "сформулировать их пользу для территории и компании, организует встречи и "
            "сопровождает соглашения о партнёрстве. Опыт представила руководитель ЕРЦ "
            "Ольга Вешникова."
        ),
        "results": (
            "НКО получают ресурсы сверх грантов, компании — понятные и отчётные социальные "
            "проекты на своей территории."
        ),
        "reach": 3000,
        "results_period": "2018–2024 (иллюстративно)",
        "resources_staff": "Менеджер по партнёрствам в ресурсном центре",
        "resources_volunteers": "Не требуются",
        "budget_range": BudgetRange.UP_TO_100K,
        "resources_partners": "Компании с программами устойчивого развития, муниципалитеты",
        "conditions": "- Прозрачная отчётность НКО\n- Долгосрочные договорённости, а не разовые пожертвования",
        "risks": "- Зависимость НКО от одного спонсора\n- Смена приоритетов компании",
        "replicability": (
            "Нужен региональный ресурсный центр, который знает и НКО, и крупных работодателей "
            "территории."
        ),
        "steps": [
            ("Изучить программы устойчивого развития компаний региона", "1 месяц"),
            ("Собрать и упаковать проекты НКО", "1–2 месяца"),
            ("Провести встречи НКО и компаний", "1 месяц"),
            ("Сопроводить соглашения и отчёты", "постоянно"),
        ],
        "figures": [
            ("15", "соглашений НКО с компаниями", True),
            ("4000+", "НКО и местных сообществ зарегистрировано в Якутии", False),
        ],
    },
    {
        "slug": "sosedskie-centry",
        "organization": org_demo.TOS_ASSOCIATION,
        "contact": None,
        "title": "Соседские центры",
        "summary": (
            "Ассоциация ТОС Челябинской области создаёт соседские центры — места, где жители "
            "встречаются, учатся, помогают друг другу и вместе решают вопросы своего района."
        ),
        "locality": "Челябинск и муниципалитеты области",
        "topics": ["neighbourhood-centres", "tos-development", "resident-involvement"],
        "target_groups": ["residents", "tos-activists", "older-people", "youth"],
        "format": PracticeFormat.IN_PERSON,
        "year_started": 2017,
        "problem": (
            "У жителей района нет общего места для встреч и занятий; ТОС работают «на "
            "общественных началах» без помещения и постоянной программы."
        ),
        "goal": "Дать каждому ТОС опорную площадку для соседской жизни и проектов.",
        "solution": (
            "ТОС договаривается о помещении (муниципальном, школьном, в управляющей "
            "компании), ассоциация помогает с программой, обучением координаторов и поиском "
            "грантов. Центр работает по расписанию: клубы, консультации, приём обращений, "
            "встречи с депутатами. Якутские участники конференции назвали этот опыт "
            "вдохновляющим."
        ),
        "results": "Соседские центры становятся точкой входа жителей в дела ТОС.",
        "reach": 5000,
        "results_period": "2017–2024 (иллюстративно)",
        "resources_staff": "Координатор центра",
        "resources_volunteers": "Актив ТОС, 5–15 человек",
        "budget_range": BudgetRange.UP_TO_500K,
        "resources_partners": "Администрация, управляющие компании, школы, библиотеки",
        "conditions": "- Постоянное помещение\n- Расписание, которое жители знают",
        "risks": "- Потеря помещения\n- Программа «для своих», закрытая для новых жителей",
        "replicability": "Подходит городам и крупным сёлам; в наслегах роль центра может играть дом культуры.",
        "steps": [
            ("Найти помещение и договориться о его использовании", "1–2 месяца"),
            ("Опросить жителей и составить программу", "1 месяц"),
            ("Обучить координатора", "2 недели"),
            ("Открыть центр и вести расписание", "постоянно"),
        ],
        "figures": [("20", "соседских центров в области", True)],
    },
    {
        "slug": "cifrovizaciya-obrashcheniy",
        "organization": org_demo.TOS_ASSOCIATION,
        "contact": None,
        "title": "Цифровизация обращений граждан",
        "summary": (
            "ТОС принимают и учитывают обращения жителей в цифровом виде, передают их "
            "ответственным и показывают жителям, что стало с каждым обращением."
        ),
        "locality": "Челябинская область",
        "topics": ["digital-citizen-appeals", "tos-development"],
        "target_groups": ["residents", "tos-activists", "municipal-officials"],
        "format": PracticeFormat.MIXED,
        "year_started": 2020,
        "problem": "Обращения жителей теряются в бумагах и мессенджерах; никто не знает, что с ними стало.",
        "goal": "Каждое обращение учтено, передано и получило ответ.",
        "solution": (
            "Ассоциация ТОС ввела единый порядок: обращение принимается в соседском центре, "
            "по телефону или онлайн, записывается в общую таблицу или сервис, получает "
            "ответственного и срок; ТОС сообщает жителю результат."
        ),
        "results": "Жители видят судьбу своих обращений; ТОС получает данные о проблемах района.",
        "reach": 2000,
        "results_period": "2020–2024 (иллюстративно)",
        "resources_staff": "Оператор или актив ТОС",
        "resources_volunteers": "2–3 человека для приёма обращений",
        "budget_range": BudgetRange.NONE,
        "resources_partners": "Администрация района, управляющие компании",
        "conditions": "- Договорённость с администрацией о сроках ответа\n- Защита персональных данных (152-ФЗ)",
        "risks": "- Обращения без ответа подрывают доверие",
        "replicability": "Подходит любому ТОС или совету старост; сервис можно заменить общей таблицей.",
        "steps": [
            ("Договориться с администрацией о порядке и сроках", "1 месяц"),
            ("Выбрать сервис или таблицу учёта", "1 неделя"),
            ("Обучить актив ТОС приёму обращений", "1 неделя"),
            ("Публиковать отчёт об обращениях раз в квартал", "постоянно"),
        ],
        "figures": [("800", "обращений учтено за год", True)],
    },
    {
        "slug": "deyatelnost-v-proekty",
        "organization": org_demo.TOS_ASSOCIATION,
        "contact": None,
        "title": "Трансформация деятельности ТОС в проекты",
        "summary": (
            "Как превратить повседневную работу ТОС в проекты с целью, бюджетом и "
            "результатом, чтобы получать гранты и субсидии и отчитываться перед жителями."
        ),
        "locality": "Челябинская область",
        "topics": ["tos-development", "attracting-resources"],
        "target_groups": ["tos-activists", "ngo-leaders"],
        "format": PracticeFormat.MIXED,
        "year_started": 2019,
        "problem": "ТОС много делают, но не умеют описать это как проект и не получают поддержки.",
        "goal": "Научить актив ТОС проектному подходу и подаче заявок на конкурсы.",
        "solution": (
            "Ассоциация проводит проектные сессии: актив разбирает свои дела, выделяет "
            "задачи, формулирует цели, результаты и бюджет, готовит заявку на грант или "
            "муниципальную субсидию; опытные ТОС становятся наставниками."
        ),
        "results": "Больше ТОС участвуют в конкурсах и получают поддержку.",
        "reach": 300,
        "results_period": "2019–2024 (иллюстративно)",
        "resources_staff": "Тренер по проектному управлению",
        "resources_volunteers": "Наставники из опытных ТОС",
        "budget_range": BudgetRange.UP_TO_100K,
        "resources_partners": "Ресурсный центр НКО, операторы грантов",
        "conditions": "- Реальные задачи ТОС как материал сессий",
        "risks": "- Проекты «под грант», оторванные от нужд жителей",
        "replicability": "Подходит ассоциациям ТОС и ресурсным центрам любого региона.",
        "steps": [
            ("Провести проектную сессию с активом ТОС", "2 дня"),
            ("Подготовить заявки с наставниками", "1 месяц"),
            ("Подать заявки и разобрать итоги конкурса", "по графику конкурса"),
        ],
        "figures": [("35", "заявок ТОС подано на конкурсы", True)],
    },
    {
        "slug": "razvitie-malyh-gorodov",
        "organization": org_demo.ERC_YAKUTIA,
        "contact": "Ольга Вешникова",
        "title": "Развитие малых городов и сельских территорий",
        "summary": (
            "Проекты Единого ресурсного центра Якутии по развитию малых городов и сельских "
            "территорий силами местных сообществ и НКО."
        ),
        "locality": "Районы (улусы) Республики Саха (Якутия)",
        "topics": ["small-towns-and-rural-development", "resident-involvement"],
        "target_groups": ["residents", "municipal-officials", "ngo-leaders"],
        "format": PracticeFormat.MIXED,
        "year_started": 2020,
        "problem": (
            "Малые города и сёла теряют жителей; местные инициативы есть, но им не хватает "
            "методической поддержки и связи с региональными программами."
        ),
        "goal": "Помочь местным сообществам малых территорий запускать и вести проекты развития.",
        "solution": (
            "ЕРЦ проводит выездные школы и стратегические сессии в улусах, помогает "
            "сообществам выбрать приоритеты развития, подготовить проекты и найти партнёров, "
            "сопровождает реализацию. Челябинским коллегам эти проекты очень понравились."
        ),
        "results": "Сообщества малых территорий запускают собственные проекты развития.",
        "reach": 2500,
        "results_period": "2020–2024 (иллюстративно)",
        "resources_staff": "Команда ресурсного центра: методист, модератор",
        "resources_volunteers": "Местные лидеры",
        "budget_range": BudgetRange.UP_TO_1M,
        "resources_partners": "Муниципалитеты, региональные министерства, бизнес",
        "conditions": "- Участие главы поселения\n- Долгое сопровождение после сессии",
        "risks": "- Отток активных жителей\n- Большие расстояния и стоимость выездов",
        "replicability": "Подходит регионам с удалёнными территориями; часть работы можно вести онлайн.",
        "steps": [
            ("Выбрать территории и договориться с главами", "1 месяц"),
            ("Провести стратегическую сессию с жителями", "2 дня"),
            ("Подготовить проекты и найти партнёров", "2–3 месяца"),
            ("Сопровождать реализацию", "до года"),
        ],
        "figures": [("10", "территорий приняли участие", True)],
    },
    {
        "slug": "issledovanie-potenciala-nko",
        "organization": org_demo.ERC_YAKUTIA,
        "contact": "Ольга Вешникова",
        "title": "Исследование потенциала НКО и местных сообществ",
        "summary": (
            "Методы и технологии, которыми Единый ресурсный центр Якутии изучает потенциал "
            "НКО и местных сообществ, чтобы строить поддержку по данным, а не на глаз."
        ),
        "locality": "Республика Саха (Якутия)",
        "topics": ["ngo-potential-research"],
        "target_groups": ["ngo-leaders", "municipal-officials"],
        "format": PracticeFormat.MIXED,
        "year_started": 2019,
        "problem": (
            "В республике зарегистрировано более четырёх тысяч НКО и местных сообществ, но "
            "поддержку часто планируют без данных об их ресурсах, компетенциях и нуждах."
        ),
        "goal": "Понимать, какие НКО и сообщества есть на территории, что они умеют и что им нужно.",
        "solution": (
            "Анкетирование и интервью, картирование организаций по районам, оценка "
            "компетенций и участия в конкурсах; по итогам — адресные программы обучения и "
            "консультаций."
        ),
        "results": "Программы поддержки ресурсного центра строятся по данным исследования.",
        "reach": 4000,
        "results_period": "2019–2024 (иллюстративно)",
        "resources_staff": "Социолог или аналитик, интервьюеры",
        "resources_volunteers": "Помощники в районах",
        "budget_range": BudgetRange.UP_TO_500K,
        "resources_partners": "Муниципалитеты, вузы",
        "conditions": "- Повторять исследование регулярно, чтобы видеть динамику",
        "risks": "- Низкий отклик НКО: объяснять, зачем исследование им самим",
        "replicability": "Методику можно передать ресурсным центрам других регионов с адаптацией анкет.",
        "steps": [
            ("Согласовать цели и методику", "1 месяц"),
            ("Провести анкетирование и интервью", "2 месяца"),
            ("Обработать данные и составить карту", "1 месяц"),
            ("Обсудить итоги с НКО и запустить программы", "1 месяц"),
        ],
        "figures": [
            ("4000+", "НКО и местных сообществ в республике", False),
            ("600", "организаций ответили на анкету", True),
        ],
    },
]

# (practice slug, adopter slug, note): the interest the release records.
CHELYABINSK_NOTE = (
    "Интерес высказан на межрегиональной конференции в Челябинске: эксперты Челябинска "
    "предложили тиражировать технологию на своей территории."
)
YAKUTIA_NOTE = (
    "Интерес высказан на конференции: ЕРЦ Якутии вдохновила деятельность ассоциации ТОС "
    "Челябинской области."
)
# Work under way since the conference: the release records the agreement to replicate, not
# its progress, so these statuses are illustrative (and say so in the notes).
UNDER_WAY = " Работа начата в рамках грантового проекта (статус иллюстративный)."
REQUESTED, IN_PROGRESS = ReplicationStatus.REQUESTED, ReplicationStatus.IN_PROGRESS
REPLICATIONS = [
    ("soprovozhdenie-semey-modut", org_demo.CHE_CIVIC_CENTRE, CHELYABINSK_NOTE, REQUESTED),
    ("razvitie-malyh-gorodov", org_demo.CHE_CIVIC_CENTRE, CHELYABINSK_NOTE, IN_PROGRESS),
    ("issledovanie-potenciala-nko", org_demo.CHE_CIVIC_CENTRE, CHELYABINSK_NOTE, IN_PROGRESS),
    ("partnerstvo-nko-i-biznesa", org_demo.CHE_CIVIC_CENTRE, CHELYABINSK_NOTE, IN_PROGRESS),
    ("privlechenie-resursov", org_demo.TOS_ASSOCIATION, CHELYABINSK_NOTE, REQUESTED),
    ("sosedskie-centry", org_demo.ERC_YAKUTIA, YAKUTIA_NOTE, IN_PROGRESS),
    ("cifrovizaciya-obrashcheniy", org_demo.ERC_YAKUTIA, YAKUTIA_NOTE, REQUESTED),
    ("deyatelnost-v-proekty", org_demo.ERC_YAKUTIA, YAKUTIA_NOTE, REQUESTED),
]


def _sync_rows(model, practice, rows):
    """Ordered child rows (steps, figures) found by (practice, order); extras removed."""
    for order, values in enumerate(rows, start=1):
        upsert(model, {"practice": practice, "order": order}, values)
    model.objects.filter(practice=practice, order__gt=len(rows)).delete()


def load(orgs):
    """Create or update the demo practices and replications; returns practices by slug."""
    topics = {t.slug: t for t in Topic.objects.all()}
    groups = {g.slug: g for g in TargetGroup.objects.all()}
    people = {p.full_name: p for p in Person.objects.filter(organization__in=orgs.values())}
    now = timezone.now()
    practices = {}
    for index, row in enumerate(PRACTICES):
        row = dict(row)
        slug = row.pop("slug")
        organization = orgs[row.pop("organization")]
        contact = row.pop("contact")
        topic_slugs = row.pop("topics")
        group_slugs = row.pop("target_groups")
        steps = row.pop("steps")
        figures = row.pop("figures")
        values = {
            **row,
            "organization": organization,
            "region": organization.region,
            "contact_person": people.get(contact) if contact else None,
            "evidence": ILLUSTRATIVE,
            "status": PracticeStatus.PUBLISHED,
        }
        practice = upsert(
            Practice,
            {"slug": slug},
            values,
            # Publication dates spread over the weeks before the first load, then kept.
            {"published_at": now - datetime.timedelta(days=3 * (len(PRACTICES) - index))},
        )
        if practice.published_at is None:
            practice.published_at = now
            practice.save(update_fields=["published_at"])
        practice.topics.set([topics[s] for s in topic_slugs if s in topics])
        practice.target_groups.set([groups[s] for s in group_slugs if s in groups])
        _sync_rows(
            PracticeStep,
            practice,
            [
                {"title": title, "duration": duration, "description": ""}
                for title, duration in steps
            ],
        )
        _sync_rows(
            KeyFigure,
            practice,
            [
                {"value": value, "label": label, "illustrative": illustrative}
                for value, label, illustrative in figures
            ],
        )
        practices[slug] = practice

    today = timezone.localdate()
    for practice_slug, adopter_slug, note, status in REPLICATIONS:
        under_way = status == IN_PROGRESS
        replication = upsert(
            Replication,
            {"practice": practices[practice_slug], "adopter": orgs[adopter_slug]},
            {"notes": note + UNDER_WAY if under_way else note},
            # The status and its dates only for a new row: a demo user's decisions stay.
            {
                "status": status,
                "decided_at": now if under_way else None,
                "started_on": today - datetime.timedelta(days=30) if under_way else None,
            },
        )
        # One UPDATE to the same value when nothing changed (no history, no signal).
        refresh_replication_count(replication.practice_id)
    return practices

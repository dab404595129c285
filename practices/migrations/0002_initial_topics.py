"""The initial topics (from the conference press release) and target groups; reversible."""

from django.db import migrations

TOPICS = [
    ("attracting-resources", "Привлечение ресурсов для решения вопросов местного значения",
     "Attracting resources for local issues"),
    ("social-support-of-families", "Социальное сопровождение семей в трудной жизненной ситуации",
     "Social support of families in hardship"),
    ("neighbourhood-centres", "Соседские центры", "Neighbourhood centres"),
    ("digital-citizen-appeals", "Цифровизация обращений граждан",
     "Digitisation of citizen appeals"),
    ("ngo-business-partnership", "Партнёрство НКО и бизнеса", "NGO–business partnership"),
    ("small-towns-and-rural-development", "Развитие малых городов и сельских территорий",
     "Small towns and rural development"),
    ("ngo-potential-research", "Исследование потенциала НКО и местных сообществ",
     "Research of NGO potential"),
    ("resident-involvement", "Вовлечение жителей", "Resident involvement"),
    ("tos-development", "Развитие ТОС", "TOS development"),
]  # fmt: skip

TARGET_GROUPS = [
    ("families-in-hardship", "Семьи в трудной жизненной ситуации", "Families in hardship"),
    ("older-people", "Пожилые люди", "Older people"),
    ("residents", "Жители территории", "Residents"),
    ("ngo-leaders", "Лидеры и специалисты НКО", "NGO leaders and staff"),
    ("tos-activists", "Активисты ТОС и местных сообществ", "TOS and local community activists"),
    ("volunteers", "Добровольцы", "Volunteers"),
    ("municipal-officials", "Представители органов местного самоуправления",
     "Municipal officials"),
    ("youth", "Молодёжь", "Young people"),
    ("business", "Бизнес-компании", "Businesses"),
]  # fmt: skip


def create(apps, schema_editor):
    for model_name, rows in (("Topic", TOPICS), ("TargetGroup", TARGET_GROUPS)):
        model = apps.get_model("practices", model_name)
        for slug, name_ru, name_en in rows:
            model.objects.update_or_create(
                slug=slug, defaults={"name_ru": name_ru, "name_en": name_en}
            )


def remove(apps, schema_editor):
    apps.get_model("practices", "Topic").objects.filter(
        slug__in=[row[0] for row in TOPICS]
    ).delete()
    apps.get_model("practices", "TargetGroup").objects.filter(
        slug__in=[row[0] for row in TARGET_GROUPS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("practices", "0001_initial")]

    operations = [migrations.RunPython(create, remove)]

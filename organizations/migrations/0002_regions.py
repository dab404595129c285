"""Every federal subject of the Russian Federation (89), with federal district and IANA zone.

Codes are ISO 3166-2:RU where ISO assigns one (83 subjects). For the six subjects that ISO
3166-2 does not list under RU, the code follows the same pattern and ``is_iso_code`` is
false, so nobody mistakes it for an ISO code.
"""

from django.db import migrations

# code, is_iso, name_ru, name_en, district, timezone, capital_ru
REGIONS = [  # fmt: skip
    # Central
    ("RU-BEL", True, "Белгородская область", "Belgorod Oblast", "central", "Europe/Moscow", "Белгород"),
    ("RU-BRY", True, "Брянская область", "Bryansk Oblast", "central", "Europe/Moscow", "Брянск"),
    ("RU-VLA", True, "Владимирская область", "Vladimir Oblast", "central", "Europe/Moscow", "Владимир"),
    ("RU-VOR", True, "Воронежская область", "Voronezh Oblast", "central", "Europe/Moscow", "Воронеж"),
    ("RU-IVA", True, "Ивановская область", "Ivanovo Oblast", "central", "Europe/Moscow", "Иваново"),
    ("RU-KLU", True, "Калужская область", "Kaluga Oblast", "central", "Europe/Moscow", "Калуга"),
    ("RU-KOS", True, "Костромская область", "Kostroma Oblast", "central", "Europe/Moscow", "Кострома"),
    ("RU-KRS", True, "Курская область", "Kursk Oblast", "central", "Europe/Moscow", "Курск"),
    ("RU-LIP", True, "Липецкая область", "Lipetsk Oblast", "central", "Europe/Moscow", "Липецк"),
    ("RU-MOS", True, "Московская область", "Moscow Oblast", "central", "Europe/Moscow", "Красногорск"),
    ("RU-ORL", True, "Орловская область", "Oryol Oblast", "central", "Europe/Moscow", "Орёл"),
    ("RU-RYA", True, "Рязанская область", "Ryazan Oblast", "central", "Europe/Moscow", "Рязань"),
    ("RU-SMO", True, "Смоленская область", "Smolensk Oblast", "central", "Europe/Moscow", "Смоленск"),
    ("RU-TAM", True, "Тамбовская область", "Tambov Oblast", "central", "Europe/Moscow", "Тамбов"),
    ("RU-TVE", True, "Тверская область", "Tver Oblast", "central", "Europe/Moscow", "Тверь"),
    ("RU-TUL", True, "Тульская область", "Tula Oblast", "central", "Europe/Moscow", "Тула"),
    ("RU-YAR", True, "Ярославская область", "Yaroslavl Oblast", "central", "Europe/Moscow", "Ярославль"),
    ("RU-MOW", True, "Москва", "Moscow", "central", "Europe/Moscow", "Москва"),
    # Northwestern
    ("RU-KR", True, "Республика Карелия", "Republic of Karelia", "northwestern", "Europe/Moscow", "Петрозаводск"),
    ("RU-KO", True, "Республика Коми", "Komi Republic", "northwestern", "Europe/Moscow", "Сыктывкар"),
    ("RU-ARK", True, "Архангельская область", "Arkhangelsk Oblast", "northwestern", "Europe/Moscow", "Архангельск"),
    ("RU-VLG", True, "Вологодская область", "Vologda Oblast", "northwestern", "Europe/Moscow", "Вологда"),
    ("RU-KGD", True, "Калининградская область", "Kaliningrad Oblast", "northwestern", "Europe/Kaliningrad", "Калининград"),
    ("RU-LEN", True, "Ленинградская область", "Leningrad Oblast", "northwestern", "Europe/Moscow", "Гатчина"),
    ("RU-MUR", True, "Мурманская область", "Murmansk Oblast", "northwestern", "Europe/Moscow", "Мурманск"),
    ("RU-NGR", True, "Новгородская область", "Novgorod Oblast", "northwestern", "Europe/Moscow", "Великий Новгород"),
    ("RU-PSK", True, "Псковская область", "Pskov Oblast", "northwestern", "Europe/Moscow", "Псков"),
    ("RU-SPE", True, "Санкт-Петербург", "Saint Petersburg", "northwestern", "Europe/Moscow", "Санкт-Петербург"),
    ("RU-NEN", True, "Ненецкий автономный округ", "Nenets Autonomous Okrug", "northwestern", "Europe/Moscow", "Нарьян-Мар"),
    # Southern
    ("RU-AD", True, "Республика Адыгея", "Republic of Adygea", "southern", "Europe/Moscow", "Майкоп"),
    ("RU-KL", True, "Республика Калмыкия", "Republic of Kalmykia", "southern", "Europe/Moscow", "Элиста"),
    ("RU-CR", False, "Республика Крым", "Republic of Crimea", "southern", "Europe/Simferopol", "Симферополь"),
    ("RU-KDA", True, "Краснодарский край", "Krasnodar Krai", "southern", "Europe/Moscow", "Краснодар"),
    ("RU-AST", True, "Астраханская область", "Astrakhan Oblast", "southern", "Europe/Astrakhan", "Астрахань"),
    ("RU-VGG", True, "Волгоградская область", "Volgograd Oblast", "southern", "Europe/Volgograd", "Волгоград"),
    ("RU-ROS", True, "Ростовская область", "Rostov Oblast", "southern", "Europe/Moscow", "Ростов-на-Дону"),
    ("RU-SEV", False, "Севастополь", "Sevastopol", "southern", "Europe/Simferopol", "Севастополь"),
    ("RU-DPR", False, "Донецкая Народная Республика", "Donetsk People's Republic", "southern", "Europe/Moscow", "Донецк"),
    ("RU-LPR", False, "Луганская Народная Республика", "Luhansk People's Republic", "southern", "Europe/Moscow", "Луганск"),
    ("RU-ZAP", False, "Запорожская область", "Zaporozhye Oblast", "southern", "Europe/Moscow", "Мелитополь"),
    ("RU-KHE", False, "Херсонская область", "Kherson Oblast", "southern", "Europe/Moscow", "Геническ"),
    # North Caucasian
    ("RU-DA", True, "Республика Дагестан", "Republic of Dagestan", "north-caucasian", "Europe/Moscow", "Махачкала"),
    ("RU-IN", True, "Республика Ингушетия", "Republic of Ingushetia", "north-caucasian", "Europe/Moscow", "Магас"),
    ("RU-KB", True, "Кабардино-Балкарская Республика", "Kabardino-Balkarian Republic", "north-caucasian", "Europe/Moscow", "Нальчик"),
    ("RU-KC", True, "Карачаево-Черкесская Республика", "Karachay-Cherkess Republic", "north-caucasian", "Europe/Moscow", "Черкесск"),
    ("RU-SE", True, "Республика Северная Осетия — Алания", "Republic of North Ossetia–Alania", "north-caucasian", "Europe/Moscow", "Владикавказ"),
    ("RU-CE", True, "Чеченская Республика", "Chechen Republic", "north-caucasian", "Europe/Moscow", "Грозный"),
    ("RU-STA", True, "Ставропольский край", "Stavropol Krai", "north-caucasian", "Europe/Moscow", "Ставрополь"),
    # Volga
    ("RU-BA", True, "Республика Башкортостан", "Republic of Bashkortostan", "volga", "Asia/Yekaterinburg", "Уфа"),
    ("RU-ME", True, "Республика Марий Эл", "Mari El Republic", "volga", "Europe/Moscow", "Йошкар-Ола"),
    ("RU-MO", True, "Республика Мордовия", "Republic of Mordovia", "volga", "Europe/Moscow", "Саранск"),
    ("RU-TA", True, "Республика Татарстан", "Republic of Tatarstan", "volga", "Europe/Moscow", "Казань"),
    ("RU-UD", True, "Удмуртская Республика", "Udmurt Republic", "volga", "Europe/Samara", "Ижевск"),
    ("RU-CU", True, "Чувашская Республика", "Chuvash Republic", "volga", "Europe/Moscow", "Чебоксары"),
    ("RU-PER", True, "Пермский край", "Perm Krai", "volga", "Asia/Yekaterinburg", "Пермь"),
    ("RU-KIR", True, "Кировская область", "Kirov Oblast", "volga", "Europe/Kirov", "Киров"),
    ("RU-NIZ", True, "Нижегородская область", "Nizhny Novgorod Oblast", "volga", "Europe/Moscow", "Нижний Новгород"),
    ("RU-ORE", True, "Оренбургская область", "Orenburg Oblast", "volga", "Asia/Yekaterinburg", "Оренбург"),
    ("RU-PNZ", True, "Пензенская область", "Penza Oblast", "volga", "Europe/Moscow", "Пенза"),
    ("RU-SAM", True, "Самарская область", "Samara Oblast", "volga", "Europe/Samara", "Самара"),
    ("RU-SAR", True, "Саратовская область", "Saratov Oblast", "volga", "Europe/Saratov", "Саратов"),
    ("RU-ULY", True, "Ульяновская область", "Ulyanovsk Oblast", "volga", "Europe/Ulyanovsk", "Ульяновск"),
    # Ural
    ("RU-KGN", True, "Курганская область", "Kurgan Oblast", "ural", "Asia/Yekaterinburg", "Курган"),
    ("RU-SVE", True, "Свердловская область", "Sverdlovsk Oblast", "ural", "Asia/Yekaterinburg", "Екатеринбург"),
    ("RU-TYU", True, "Тюменская область", "Tyumen Oblast", "ural", "Asia/Yekaterinburg", "Тюмень"),
    ("RU-CHE", True, "Челябинская область", "Chelyabinsk Oblast", "ural", "Asia/Yekaterinburg", "Челябинск"),
    ("RU-KHM", True, "Ханты-Мансийский автономный округ — Югра", "Khanty-Mansi Autonomous Okrug – Yugra", "ural", "Asia/Yekaterinburg", "Ханты-Мансийск"),
    ("RU-YAN", True, "Ямало-Ненецкий автономный округ", "Yamalo-Nenets Autonomous Okrug", "ural", "Asia/Yekaterinburg", "Салехард"),
    # Siberian
    ("RU-AL", True, "Республика Алтай", "Altai Republic", "siberian", "Asia/Barnaul", "Горно-Алтайск"),
    ("RU-TY", True, "Республика Тыва", "Tuva Republic", "siberian", "Asia/Krasnoyarsk", "Кызыл"),
    ("RU-KK", True, "Республика Хакасия", "Republic of Khakassia", "siberian", "Asia/Krasnoyarsk", "Абакан"),
    ("RU-ALT", True, "Алтайский край", "Altai Krai", "siberian", "Asia/Barnaul", "Барнаул"),
    ("RU-KYA", True, "Красноярский край", "Krasnoyarsk Krai", "siberian", "Asia/Krasnoyarsk", "Красноярск"),
    ("RU-IRK", True, "Иркутская область", "Irkutsk Oblast", "siberian", "Asia/Irkutsk", "Иркутск"),
    ("RU-KEM", True, "Кемеровская область — Кузбасс", "Kemerovo Oblast – Kuzbass", "siberian", "Asia/Novokuznetsk", "Кемерово"),
    ("RU-NVS", True, "Новосибирская область", "Novosibirsk Oblast", "siberian", "Asia/Novosibirsk", "Новосибирск"),
    ("RU-OMS", True, "Омская область", "Omsk Oblast", "siberian", "Asia/Omsk", "Омск"),
    ("RU-TOM", True, "Томская область", "Tomsk Oblast", "siberian", "Asia/Tomsk", "Томск"),
    # Far Eastern
    ("RU-BU", True, "Республика Бурятия", "Republic of Buryatia", "far-eastern", "Asia/Irkutsk", "Улан-Удэ"),
    ("RU-SA", True, "Республика Саха (Якутия)", "Sakha (Yakutia) Republic", "far-eastern", "Asia/Yakutsk", "Якутск"),
    ("RU-ZAB", True, "Забайкальский край", "Zabaykalsky Krai", "far-eastern", "Asia/Chita", "Чита"),
    ("RU-KAM", True, "Камчатский край", "Kamchatka Krai", "far-eastern", "Asia/Kamchatka", "Петропавловск-Камчатский"),
    ("RU-PRI", True, "Приморский край", "Primorsky Krai", "far-eastern", "Asia/Vladivostok", "Владивосток"),
    ("RU-KHA", True, "Хабаровский край", "Khabarovsk Krai", "far-eastern", "Asia/Vladivostok", "Хабаровск"),
    ("RU-AMU", True, "Амурская область", "Amur Oblast", "far-eastern", "Asia/Yakutsk", "Благовещенск"),
    ("RU-MAG", True, "Магаданская область", "Magadan Oblast", "far-eastern", "Asia/Magadan", "Магадан"),
    ("RU-SAK", True, "Сахалинская область", "Sakhalin Oblast", "far-eastern", "Asia/Sakhalin", "Южно-Сахалинск"),
    ("RU-YEV", True, "Еврейская автономная область", "Jewish Autonomous Oblast", "far-eastern", "Asia/Vladivostok", "Биробиджан"),
    ("RU-CHU", True, "Чукотский автономный округ", "Chukotka Autonomous Okrug", "far-eastern", "Asia/Anadyr", "Анадырь"),
]


def load_regions(apps, schema_editor):
    Region = apps.get_model("organizations", "Region")
    for code, is_iso, name_ru, name_en, district, tz, capital in REGIONS:
        Region.objects.update_or_create(
            code=code,
            defaults={
                "is_iso_code": is_iso,
                "name_ru": name_ru,
                "name_en": name_en,
                "federal_district": district,
                "timezone": tz,
                "capital_ru": capital,
            },
        )


def unload_regions(apps, schema_editor):
    Region = apps.get_model("organizations", "Region")
    Region.objects.filter(code__in=[row[0] for row in REGIONS]).delete()


class Migration(migrations.Migration):
    dependencies = [("organizations", "0001_initial")]

    operations = [migrations.RunPython(load_regions, unload_regions)]

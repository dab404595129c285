"""Russian IANA time zones with the names people know them by.

An event keeps the IANA name of its venue's zone; pages name the zone by the region's
administrative centre when the event uses the region's zone (``10:00, Якутск (UTC+9)``),
otherwise by the zone's own city.
"""

from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# IANA name -> city as pages name it (Russian msgstr in the catalogue), west to east.
ZONE_CITIES = {
    "Europe/Kaliningrad": pgettext_lazy("time zone", "Kaliningrad"),
    "Europe/Moscow": pgettext_lazy("time zone", "Moscow"),
    "Europe/Simferopol": pgettext_lazy("time zone", "Simferopol"),
    "Europe/Kirov": pgettext_lazy("time zone", "Kirov"),
    "Europe/Volgograd": pgettext_lazy("time zone", "Volgograd"),
    "Europe/Astrakhan": pgettext_lazy("time zone", "Astrakhan"),
    "Europe/Saratov": pgettext_lazy("time zone", "Saratov"),
    "Europe/Ulyanovsk": pgettext_lazy("time zone", "Ulyanovsk"),
    "Europe/Samara": pgettext_lazy("time zone", "Samara"),
    "Asia/Yekaterinburg": pgettext_lazy("time zone", "Yekaterinburg"),
    "Asia/Omsk": pgettext_lazy("time zone", "Omsk"),
    "Asia/Novosibirsk": pgettext_lazy("time zone", "Novosibirsk"),
    "Asia/Barnaul": pgettext_lazy("time zone", "Barnaul"),
    "Asia/Tomsk": pgettext_lazy("time zone", "Tomsk"),
    "Asia/Novokuznetsk": pgettext_lazy("time zone", "Novokuznetsk"),
    "Asia/Krasnoyarsk": pgettext_lazy("time zone", "Krasnoyarsk"),
    "Asia/Irkutsk": pgettext_lazy("time zone", "Irkutsk"),
    "Asia/Chita": pgettext_lazy("time zone", "Chita"),
    "Asia/Yakutsk": pgettext_lazy("time zone", "Yakutsk"),
    "Asia/Khandyga": pgettext_lazy("time zone", "Khandyga"),
    "Asia/Vladivostok": pgettext_lazy("time zone", "Vladivostok"),
    "Asia/Ust-Nera": pgettext_lazy("time zone", "Ust-Nera"),
    "Asia/Magadan": pgettext_lazy("time zone", "Magadan"),
    "Asia/Sakhalin": pgettext_lazy("time zone", "Sakhalin"),
    "Asia/Srednekolymsk": pgettext_lazy("time zone", "Srednekolymsk"),
    "Asia/Kamchatka": pgettext_lazy("time zone", "Kamchatka"),
    "Asia/Anadyr": pgettext_lazy("time zone", "Anadyr"),
    "UTC": pgettext_lazy("time zone", "UTC"),
}


def zone_choices():
    """(IANA name, "Yakutsk — Asia/Yakutsk") pairs for a form's select."""
    return [(name, f"{city} — {name}") for name, city in ZONE_CITIES.items()]


def validate_timezone(value):
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValidationError(
            _("%(value)s is not an IANA time zone such as Asia/Yakutsk."),
            params={"value": value},
        ) from exc


def utc_offset_label(moment):
    """ "UTC+9" or "UTC+5:30" for an aware datetime."""
    minutes = int(moment.utcoffset().total_seconds() // 60)
    sign = "+" if minutes >= 0 else "−"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")

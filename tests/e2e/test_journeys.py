"""The journeys PRODUCT.md promises, each done as a person does it in the browser.

The leader's journey runs twice, with and without JavaScript (the site needs none); the
visitor's is done with the keyboard alone. The moderator signs in through the real login form;
the others carry a session made by the test client, to stay fast.
"""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from common import lookup
from events.models import Application, ApplicationStatus, Event, EventStatus
from organizations.models import Organization
from practices.models import Practice, PracticeStatus, Replication
from tests.e2e.conftest import PASSWORD, TIMEOUT_MS, e2e
from tests.factories import ApplicationFactory, PracticeFactory, member_of

pytestmark = e2e

INTERNSHIP = "stazhirovka-chelyabinsk-v-yakutii"
MODUT = "soprovozhdenie-semey-modut"  # a Yakutia practice the TOS association has not asked for
TOS = "tos-chelyabinsk"


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_ngo_leader_finds_a_practice_asks_to_implement_it_and_applies_for_the_internship(
    browser, browser_context_args, live_server, demo, sign_in, javascript
):
    context = browser.new_context(**browser_context_args, java_script_enabled=javascript)
    context.set_default_timeout(TIMEOUT_MS)
    sign_in(context, "demo-leader")
    page = context.new_page()
    title = Practice.objects.get(slug=MODUT).title

    # Search in Russian with a word form: «сопровождения» finds «Социальное сопровождение…».
    page.goto(live_server.url + "/")
    page.get_by_role("searchbox", name="Поиск практик").fill("сопровождения")
    page.get_by_role("button", name="Найти практику").click()
    expect(page).to_have_url(re.compile(r"/practices/\?q="))
    expect(page.get_by_role("link", name=title)).to_be_visible()

    # Narrow the results to Yakutia with the filter panel.
    if page.locator("details.filter-more:not([open])").count():
        page.get_by_text("Ещё фильтры").click()
    page.get_by_label("Регион", exact=True).select_option(label="Республика Саха (Якутия)")
    page.get_by_role("button", name="Применить").click()
    expect(page).to_have_url(re.compile(r"region=RU-SA"))
    results = page.get_by_role("main").get_by_role("article")
    expect(results.first).to_be_visible()
    for region in results.get_by_text(re.compile(r" · [^·]+$")).all_inner_texts():
        assert region.endswith("Республика Саха (Якутия)"), region

    # Open the passport and ask to implement the practice.
    page.get_by_role("link", name=title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    page.get_by_label("Зачем вам практика").fill("Начнём с двух ТОС в Копейске.")
    page.get_by_role("button", name="Хочу внедрить").click()
    expect(page.get_by_role("main")).to_contain_text("Заявка на внедрение")
    replication = Replication.objects.get(practice__slug=MODUT, adopter__slug=TOS)
    assert replication.notes == "Начнём с двух ТОС в Копейске."

    # The request waits on the dashboard.
    page.get_by_role("link", name="Личный кабинет").click()
    mine = page.get_by_role("region", name="Мои заявки на внедрение практик")
    expect(mine.get_by_role("link", name=title)).to_be_visible()

    # Apply for the internship.
    page.goto(live_server.url + f"/events/{INTERNSHIP}/")
    page.get_by_label("Мотивация").fill("Хотим изучить сопровождение семей на месте.")
    page.get_by_role("button", name="Подать заявку").click()
    expect(page.get_by_role("button", name="Отозвать заявку")).to_be_visible()
    application = Application.objects.get(event__slug=INTERNSHIP, user__username="demo-leader")
    assert application.status == ApplicationStatus.SUBMITTED
    assert application.organization.slug == TOS
    page.get_by_role("link", name="Личный кабинет").click()
    applications = page.get_by_role("region", name="Мои заявки на мероприятия")
    expect(applications).to_contain_text("Стажировка делегации НКО")
    context.close()


def test_staff_create_a_seminar_with_a_programme_publish_it_and_accept_an_application(
    page, live_server, demo, sign_in
):
    sign_in(page.context, "demo-staff")
    day = (timezone.localdate() + datetime.timedelta(days=30)).isoformat()

    page.goto(live_server.url + "/dashboard/")
    page.get_by_role("link", name="Новое мероприятие").click()
    page.get_by_label("Вид*").first.select_option(label="Семинар")
    page.get_by_label("Название*").first.fill("Семинар о соседских центрах")
    page.get_by_label("Кратко*").fill("Как открыть соседский центр.")
    page.get_by_label("Регион*").select_option(label="Республика Саха (Якутия)")
    page.get_by_label("Начало*").fill(f"{day}T10:00")
    page.get_by_label("Окончание*").fill(f"{day}T13:00")
    page.get_by_label("Формат*").select_option(label="Очно")
    page.get_by_label("Место проведения").fill("ЕРЦ, конференц-зал")
    for row, (time, kind, item) in enumerate(
        [("10:00", "welcome", "Открытие"), ("10:15", "talk", "Как работают соседские центры")],
        start=1,
    ):
        group = page.get_by_role("group", name=f"Программа: строка {row}")
        group.get_by_label("Время*").fill(f"{day}T{time}")
        group.get_by_label("Вид*").select_option(kind)
        group.get_by_label("Название*").fill(item)
    page.get_by_role("button", name="Сохранить").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Семинар о соседских центрах")
    seminar = Event.objects.get(title="Семинар о соседских центрах")
    assert seminar.status == EventStatus.DRAFT
    assert [item.title for item in seminar.programme.order_by("start")] == [
        "Открытие",
        "Как работают соседские центры",
    ]
    programme = page.get_by_role("region", name="Программа")
    expect(programme).to_contain_text("Как работают соседские центры")

    page.get_by_role("button", name="Опубликовать").click()
    expect(page.get_by_role("button", name="Опубликовать")).to_have_count(0)
    seminar.refresh_from_db()
    assert seminar.status == EventStatus.PUBLISHED

    # Someone applies (their own journey is the leader's); staff accept on the dashboard.
    tos = Organization.objects.get(slug=TOS)
    applicant = member_of(tos, user__first_name="Анна", user__last_name="Петрова")
    application = ApplicationFactory(event=seminar, user=applicant, organization=tos)
    page.get_by_role("link", name="Личный кабинет").click()
    page.get_by_role("button", name=f"Принять заявку: {application.applicant_name}").click()
    expect(page.get_by_role("status").first).to_be_visible()
    application.refresh_from_db()
    assert application.status == ApplicationStatus.ACCEPTED


def test_moderator_returns_a_practice_with_a_comment_and_publishes_it_after_resubmission(
    browser, browser_context_args, live_server, demo, sign_in
):
    tos = Organization.objects.get(slug=TOS)  # not verified: its practices go through review
    leader = tos.memberships.get(user__username="demo-leader").user
    practice = PracticeFactory(
        organization=tos,
        title="Дворовые праздники как начало ТОС",
        slug="dvorovye-prazdniki",
        status=PracticeStatus.ON_REVIEW,
        created_by=leader,
    )
    moderator = browser.new_context(**browser_context_args)
    author = browser.new_context(**browser_context_args)
    for context in (moderator, author):
        context.set_default_timeout(TIMEOUT_MS)
    page = moderator.new_page()

    # Sign in through the real form; it lands on the dashboard with the review queue.
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Войти").click()
    page.get_by_label("Имя пользователя").fill("demo-moderator")
    page.get_by_label("Пароль").fill(PASSWORD)
    page.get_by_role("button", name="Войти").click()
    expect(page.get_by_role("link", name="Личный кабинет")).to_be_visible()
    page.get_by_role("link", name="Личный кабинет").click()
    page.get_by_role("link", name=practice.title).click()

    page.get_by_label("Что авторам нужно исправить?").fill(
        "Добавьте, пожалуйста, результаты в цифрах."
    )
    page.get_by_role("button", name="Вернуть с комментарием").click()
    expect(page.get_by_role("main")).to_contain_text("Добавьте, пожалуйста, результаты в цифрах.")
    practice.refresh_from_db()
    assert practice.status == PracticeStatus.RETURNED

    # The author sees the comment and submits again.
    sign_in(author, "demo-leader")
    author_page = author.new_page()
    author_page.goto(live_server.url + practice.get_absolute_url())
    expect(author_page.get_by_role("main")).to_contain_text("результаты в цифрах")
    author_page.get_by_role("button", name="Отправить на модерацию").click()
    expect(author_page.get_by_role("button", name="Отправить на модерацию")).to_have_count(0)
    practice.refresh_from_db()
    assert practice.status == PracticeStatus.ON_REVIEW

    # Back in the queue; the moderator publishes it.
    page.goto(live_server.url + "/dashboard/")
    page.get_by_role("link", name=practice.title).click()
    page.get_by_role("button", name="Опубликовать").click()
    expect(page.get_by_role("button", name="Опубликовать")).to_have_count(0)
    practice.refresh_from_db()
    assert practice.status == PracticeStatus.PUBLISHED
    moderator.close()
    author.close()


def test_administrator_finds_and_edits_an_organisation_in_admin(page, live_server, demo, sign_in):
    sign_in(page.context, "demo-admin")
    page.goto(live_server.url + "/admin/")
    page.get_by_role("link", name="Организации", exact=True).first.click()
    page.locator("#searchbar").fill("Модут")
    page.locator("#searchbar").press("Enter")
    page.get_by_role("link", name="Администрация Модутского наслега Намского улуса").click()
    page.get_by_label("Телефон").fill("+7 411 620-00-00")
    page.get_by_role("button", name="Сохранить", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("успешно изменен")
    assert Organization.objects.get(slug="modut-nasleg").phone == "+7 411 620-00-00"


def _tab_to(page, locator, presses=40):
    """Press Tab until ``locator`` has the focus; fail if it never does."""
    for _ in range(presses):
        page.keyboard.press("Tab")
        if locator.evaluate("el => el === document.activeElement"):
            return
    raise AssertionError(f"{locator} never received the focus by Tab")


def test_visitor_switches_to_english_searches_and_comes_back_by_keyboard_alone(
    page, live_server, demo
):
    page.goto(live_server.url + "/")

    # The skip link comes first and moves to the content.
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Перейти к содержанию")).to_be_focused()

    _tab_to(page, page.get_by_role("link", name="English"))
    page.keyboard.press("Enter")
    expect(page).to_have_url(live_server.url + "/en/")
    expect(page.locator("html")).to_have_attribute("lang", "en")

    search = page.get_by_role("searchbox", name="Search practices")
    _tab_to(page, search)
    page.keyboard.type("соседские центры")
    _tab_to(page, page.get_by_role("button", name="Find a practice"), presses=3)
    page.keyboard.press("Space")
    expect(page).to_have_url(re.compile(r"/en/practices/\?q="))
    result = page.get_by_role("link", name="Соседские центры", exact=True)
    _tab_to(page, result)
    page.keyboard.press("Enter")
    expect(page).to_have_url(live_server.url + "/en/practices/sosedskie-centry/")

    _tab_to(page, page.get_by_role("link", name="Русский"))
    page.keyboard.press("Enter")
    expect(page).to_have_url(live_server.url + "/practices/sosedskie-centry/")
    expect(page.locator("html")).to_have_attribute("lang", "ru")
    main_menu = page.get_by_role("navigation", name="Основное меню")
    expect(main_menu.get_by_role("link", name="Практики")).to_be_visible()


def test_moderator_types_part_of_a_name_and_is_offered_the_organisation(
    page, live_server, demo, sign_in, monkeypatch
):
    # Past two choices the host organisation is a text box (at network size: thousands).
    monkeypatch.setattr(lookup, "LIST_UP_TO", 2)
    sign_in(page.context, "demo-moderator")
    page.goto(live_server.url + "/events/new/")

    page.get_by_label("Принимающая организация").fill("Модут")

    offered = page.locator("#id_host_organization-options option")
    expect(offered).to_have_count(1)
    assert offered.first.get_attribute("value").endswith("(modut-nasleg)")

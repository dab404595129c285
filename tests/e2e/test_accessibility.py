"""axe-core on every page type the journeys visit, in Russian and English, on a phone (375 px)
and a desktop (1280 px); any serious or critical violation fails. The same pass saves the
screenshots (E2E_SCREENSHOTS; docs/screenshots/ holds the committed set).

axe (node_modules/axe-core, pinned in package.json) enters each page as an init script, which
the browser runs outside the page's Content-Security-Policy: the site allows no inline script,
and its policy stays on for the test.
"""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import AXE_JS, TIMEOUT_MS, WIDTHS, e2e

pytestmark = e2e

PASSPORT = "/practices/soprovozhdenie-semey-modut/"
INTERNSHIP = "/events/stazhirovka-chelyabinsk-v-yakutii/"

# (name, who is signed in, address, how to get the page's state); a name in SCREENSHOTS is
# also photographed (Russian only).
ANONYMOUS = [
    ("home", "/"),
    ("practices", "/practices/"),
    ("practices-empty", "/practices/?q=абракадабра"),
    ("passport", PASSPORT),
    ("events", "/events/"),
    ("event", INTERNSHIP),
    ("regions", "/regions/"),
    ("region", "/regions/RU-SA/"),
    ("organizations", "/organizations/"),
    ("organization", "/organizations/erc-yakutia/"),
    ("search", "/search/?q=технологии"),
    ("login", "/accounts/login/"),
    ("signup-errors", "/accounts/signup/"),
]
LEADER = [
    ("dashboard", "/dashboard/"),
    ("passport-signed-in", PASSPORT),
    ("event-signed-in", INTERNSHIP),
    ("practice-form-errors", "/practices/new/"),
]
STAFF = [
    ("dashboard-staff", "/dashboard/"),
    ("event-form", "/events/new/"),
]
SUBMIT_EMPTY = {"signup-errors", "practice-form-errors"}
SCREENSHOTS = {
    "home",
    "practices",
    "passport",
    "event",
    "region",
    "dashboard",
    "practice-form-errors",
}
SEVERE = {"serious", "critical"}

AXE_RUN = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
    nodes: v.nodes.slice(0, 5).map(n => n.target.join(" ") + "  " + n.failureSummary),
  }));
}"""


def _describe(url, violations):
    return "\n".join(
        f"{url}: [{v['impact']}] {v['id']}: {v['help']} ({v['helpUrl']})\n"
        + "\n".join(f"    {node}" for node in v["nodes"])
        for v in violations
    )


@pytest.mark.parametrize("language", ["ru", "en"])
def test_no_serious_accessibility_violations(
    browser, browser_context_args, live_server, demo, sign_in, screenshot_dir, language
):
    """Each page is loaded once and checked at both widths (the layout is CSS only)."""
    prefix = "" if language == "ru" else "/en"
    severe, minor = [], []
    for user, pages in ((None, ANONYMOUS), ("demo-leader", LEADER), ("demo-staff", STAFF)):
        context = browser.new_context(**{**browser_context_args, "locale": f"{language}-RU"})
        context.set_default_timeout(TIMEOUT_MS)
        context.add_init_script(path=AXE_JS)
        if user:
            sign_in(context, user)
        page = context.new_page()
        for name, path in pages:
            url = prefix + path
            response = page.goto(live_server.url + url)
            assert response.ok, f"{url}: {response.status}"
            if name in SUBMIT_EMPTY:
                page.locator("main form[method=post] [type=submit]").last.click()
                expect(page.locator(".is-invalid").first).to_be_visible()
            for width, viewport in WIDTHS.items():
                page.set_viewport_size(viewport)
                violations = page.evaluate(AXE_RUN)
                where = f"{url} at {width} px"
                severe += [(where, v) for v in violations if v["impact"] in SEVERE]
                minor += [(where, v) for v in violations if v["impact"] not in SEVERE]
                if language == "ru" and name in SCREENSHOTS:
                    page.screenshot(
                        path=screenshot_dir / f"{name}-{width}.png", animations="disabled"
                    )
        context.close()
    for where, v in minor:
        print(_describe(where, [v]))
    assert not severe, "axe found serious or critical violations:\n" + "\n".join(
        _describe(where, [v]) for where, v in severe
    )


@pytest.mark.parametrize(
    "user, path", [(None, "/accounts/signup/"), ("demo-leader", "/practices/new/")]
)
def test_form_errors_are_tied_to_their_fields_and_announced(
    page, live_server, demo, sign_in, user, path
):
    if user:
        sign_in(page.context, user)
    page.goto(live_server.url + path)
    page.locator("main form[method=post] [type=submit]").last.click()

    summary = page.get_by_role("alert").filter(has_text="Исправьте ошибки ниже.")
    expect(summary).to_be_visible()
    invalid = page.locator("main .is-invalid")
    expect(invalid.first).to_be_visible()
    links = summary.get_by_role("link")
    assert links.count() == invalid.count() > 0
    for i in range(invalid.count()):
        field = invalid.nth(i)
        field_id = field.get_attribute("id")
        expect(field).to_have_attribute("aria-invalid", "true")
        described = (field.get_attribute("aria-describedby") or "").split()
        messages = [page.locator(f"[id='{ref}']") for ref in described]
        errors = [m for m in messages if "invalid-feedback" in (m.get_attribute("class") or "")]
        assert errors and errors[0].inner_text().strip(), f"#{field_id}: no message tied to it"
        expect(summary.locator(f"a[href='#{field_id}']")).to_have_count(1)
    # A link in the summary takes the focus to its field.
    links.first.click()
    expect(invalid.first).to_be_focused()

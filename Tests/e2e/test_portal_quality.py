"""Page quality, page by page, in standard mode and 长辈模式, on a phone (412×915) and a desktop (1366×900):
no sideways scrolling, type large enough, targets large enough (WCAG 2.2 2.5.8; 60×60 in 长辈模式, DOMAIN.md
适老化), no axe-core violations, every control reached by Tab with a visible focus, errors tied to their
inputs — and each page light enough for a slow phone (HTML + same-origin CSS and JS under 100 KB).

axe-core comes from the PyPI package axe-playwright-python (only its axe.min.js is used).
Each page is loaded once per mode and viewport; the checks below are separate tests on that one load."""
import json
import os
import re
import time
import traceback
import urllib.parse

import pytest
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

import page_quality as pq
from test_workbench_journey import submitted_case

VIEWPORTS = {"phone": (412, 915), "desktop": (1366, 900)}
CONTEXTS = [("standard", "phone"), ("standard", "desktop"), ("elder", "phone"), ("elder", "desktop")]
KEYBOARD_CONTEXT = ("standard", "phone")
CITIZEN, STAFF = "13800000001", "mzt-intake"  # civil affairs: the case below is theirs
ELDER = "13800000004"  # turns 80 on the day the demo is seeded: 高龄津贴 has found her
PAGES = {  # page → who is signed in
    "home": None, "search": None, "guide": None, "bundles": None, "login": None, "register": None,
    "me": CITIZEN, "account": CITIZEN, "apply": CITIZEN, "certificates": CITIZEN,
    "workbench": STAFF, "case": STAFF,
    "benefits-public": None, "benefits": ELDER, "benefit": ELDER, "policies": STAFF, "policy": STAFF, "objections": STAFF,
}
WEIGHED = ["home", "guide", "apply", "case"]
BUDGET = 100_000  # bytes: HTML + same-origin CSS + JS
GUIDE_PATH = re.compile(r"^/services/[^/?#]+$")


def context_id(value):
    return "%s-%s" % value


class NotApplicable(Exception):
    pass


class Portal:
    """What the whole module shares: one sign-in per role (its cookies), the pages' addresses (found
    the way a person would: search results, the guide's 在线申报 link, the queue) and each page's
    measurements, taken once per mode and viewport."""

    def __init__(self, base_url):
        self.base_url = base_url
        self._driver = None
        self._cookies = {}
        self._urls = {}
        self.results = {}
        self._axe = None

    def axe(self):
        if self._axe is None:
            self._axe = pq.axe_source()
        return self._axe

    def driver(self):
        if self._driver is None:
            self._driver = pq.make_driver(*VIEWPORTS["phone"])
        return self._driver

    def close(self):
        if self._driver is not None:
            self._driver.quit()

    def cookies(self, role):
        if role is None:
            return []
        if role not in self._cookies:
            try:
                self._cookies[role] = pq.sign_in(self.driver(), self.base_url, role)
            except Exception as error:  # noqa: BLE001 — kept: signing in again and again would lock the account
                self._cookies[role] = error
        if isinstance(self._cookies[role], Exception):
            raise AssertionError("could not sign in as %s: %s" % (role, self._cookies[role]))
        return self._cookies[role]

    def url(self, page):
        if page not in self._urls:
            try:
                self._urls[page] = self._find(page)
            except NotApplicable as reason:
                self._urls[page] = reason
        found = self._urls[page]
        if isinstance(found, NotApplicable):
            pytest.skip(str(found))
        return found

    def _as(self, role):
        driver = self.driver()
        cookies = self.cookies(role)
        pq.load(driver, self.base_url + "/")
        driver.delete_all_cookies()
        pq.add_cookies(driver, cookies)
        return driver

    def _first_guide(self, driver, query):
        pq.load(driver, self.base_url + "/services?q=" + urllib.parse.quote(query))
        links = pq.links_in_main(driver)
        guides = [href for href, _, cls in links if "result-name" in cls.split() and GUIDE_PATH.match(urllib.parse.urlsplit(href).path)] \
            or [href for href, _, _ in links if GUIDE_PATH.match(urllib.parse.urlsplit(href).path)]
        assert guides, "searching %s lists no guide (%s)" % (query, driver.current_url)
        return guides[0]

    def _find(self, page):
        fixed = {"home": "/", "search": "/services?q=" + urllib.parse.quote("药品"), "bundles": "/bundles",
                 "login": "/login", "register": "/register", "me": "/me", "account": "/account", "workbench": "/workbench",
                 "benefits-public": "/benefits", "benefits": "/me/benefits", "policies": "/workbench/policies",
                 "policy": "/workbench/policies/HN-ZC-001", "objections": "/workbench/objections"}
        if page in fixed:
            return self.base_url + fixed[page]
        if page == "guide":
            return self._first_guide(self._as(None), "药品")
        if page == "apply":
            driver = self._as(CITIZEN)
            pq.load(driver, self._first_guide(driver, "高龄津贴"))
            apply = [href for href, text, _ in pq.links_in_main(driver) if "在线申报" in text or "在线申请" in text]
            assert apply, "the guide %s has no 在线申报/在线申请 link" % driver.current_url
            pq.load(driver, apply[0])  # creates the draft, or reopens it
            assert pq.path_of(driver).startswith("/applications/"), "在线申报 led to " + driver.current_url
            return driver.current_url
        if page == "benefit":
            driver = self._as(ELDER)
            pq.load(driver, self.base_url + "/me/benefits")
            found = [href for href, _, _ in pq.links_in_main(driver) if re.search(r"/me/benefits/[0-9A-Fa-f-]{36}$", href)]
            if not found:
                raise NotApplicable("政策找人 found nothing for %s" % ELDER)
            return found[0]
        if page == "certificates":
            for path in ("/certificates", "/me/certificates"):
                status, _ = pq.http_get(self.base_url + path, self.cookies(CITIZEN), follow=False)
                if status == 200:
                    return self.base_url + path
            raise NotApplicable("neither /certificates nor /me/certificates answers 200 for a citizen")
        if page == "case":
            submitted_case(self.base_url)  # a 最低生活保障 application, with its materials, in civil affairs' queue
            driver = self._as(STAFF)
            for path in ("/workbench", "/workbench?scope=all"):
                pq.load(driver, self.base_url + path)
                cases = [href for href, _, _ in pq.links_in_main(driver) if "/workbench/cases/" in href]
                if cases:
                    return cases[0]
            raise NotApplicable("no case in %s's queue (待我办理 or 本部门全部)" % STAFF)
        raise KeyError(page)


class Context:
    """One browser in one mode at one viewport; cookies swapped as the page's role needs."""

    def __init__(self, portal, mode, viewport):
        self.portal, self.mode, self.viewport = portal, mode, viewport
        self.driver = pq.make_driver(*VIEWPORTS[viewport])
        self.role = None
        self.elder_cookie = None
        # switched on from /login, whose first visit sets the CSRF cookie the switch's form needs
        pq.load(self.driver, portal.base_url + "/login")
        if mode == "elder":
            self.driver.execute_script("document.getElementById('elder-toggle').click()")  # the header's POST form
            WebDriverWait(self.driver, 15).until(
                lambda d: "elder" in (d.execute_script("return document.documentElement.className") or ""))
            self.elder_cookie = self.driver.get_cookie("yiwang_elder")

    def use_role(self, role):
        if role == self.role:
            return
        cookies = self.portal.cookies(role)
        self.driver.delete_all_cookies()
        pq.add_cookies(self.driver, cookies + ([self.elder_cookie] if self.elder_cookie else []))
        self.role = role

    def open(self, page):
        url = self.portal.url(page)
        self.use_role(PAGES[page])
        pq.load(self.driver, url)
        elder = "elder" in (self.driver.execute_script("return document.documentElement.className") or "")
        assert elder == (self.mode == "elder"), "%s is %sin 长辈模式" % (url, "" if elder else "not ")
        if PAGES[page]:
            assert not pq.path_of(self.driver).startswith("/login"), "%s sent the signed-in user to %s" % (url, self.driver.current_url)
        return url

    def close(self):
        self.driver.quit()


@pytest.fixture(scope="module")
def portal(base_url):
    shared = Portal(base_url)
    yield shared
    shared.close()


@pytest.fixture(scope="module")
def ctx(request, portal):
    mode, viewport = request.param
    context = Context(portal, mode, viewport)
    yield context
    context.close()


def measure(ctx, page):
    """The page's measurements in this mode and viewport, taken at its first check and kept."""
    key = (ctx.mode, ctx.viewport, page)
    results = ctx.portal.results
    if key not in results:
        try:
            url = ctx.open(page)
            driver = ctx.driver
            pq.screenshot(driver, "quality-%s-%s-%s" % (page, ctx.mode, ctx.viewport))
            result = {"url": url, "where": driver.current_url, "overflow": pq.page_js(driver, "__pq.overflow()"),
                      "fonts": pq.page_js(driver, "__pq.fonts(arguments[0])", ctx.mode == "elder"),
                      "targets": pq.page_js(driver, "__pq.targets(arguments[0])", ctx.mode == "elder")}
            try:
                result["axe"] = pq.run_axe(driver, ctx.portal.axe())
            except Exception as error:  # noqa: BLE001 — only the axe check fails
                result["axe"] = error
            result["keyboard"] = pq.keyboard_walk(driver)
            results[key] = result
        except pytest.skip.Exception as skipped:
            results[key] = skipped
        except Exception:  # noqa: BLE001 — kept, so every check of this page reports it
            results[key] = RuntimeError(traceback.format_exc(limit=-3))
    result = results[key]
    if isinstance(result, pytest.skip.Exception):
        raise result
    if isinstance(result, Exception):
        pytest.fail("could not measure %s (%s, %s):\n%s" % (page, ctx.mode, ctx.viewport, result), pytrace=False)
    return result


def listing(title, items):
    return "%s (%d):\n  %s" % (title, len(items), "\n  ".join(items))


every_page = pytest.mark.parametrize("page", list(PAGES))
every_context = pytest.mark.parametrize("ctx", CONTEXTS, indirect=True, ids=context_id)


@every_context
@every_page
def test_no_horizontal_overflow(ctx, page):
    result = measure(ctx, page)
    overflow = result["overflow"]
    width = min(overflow["innerWidth"], overflow["clientWidth"] or overflow["innerWidth"])
    assert overflow["scrollWidth"] <= width + 1, (
        "%s scrolls sideways: scrollWidth %s px > viewport %s px\n" % (result["where"], overflow["scrollWidth"], width)
        + listing("first elements past the right edge", overflow["culprits"]))


@every_context
@every_page
def test_font_sizes(ctx, page):
    result = measure(ctx, page)
    fonts = result["fonts"]
    problems = []
    if fonts["small"]:
        problems.append(listing("text under 12 px", fonts["small"]))
    if fonts["elderSmall"]:
        problems.append(listing("长辈模式 main text under 24 px (18 pt)", fonts["elderSmall"]))
    if fonts["elderH1"]:
        problems.append(listing("长辈模式 h1 under 30 px", fonts["elderH1"]))
    assert not problems, result["where"] + "\n" + "\n".join(problems)


@every_context
@every_page
def test_target_sizes(ctx, page):
    result = measure(ctx, page)
    rule = ("at least 60×60 px in 长辈模式 (fields: 60 px high)" if ctx.mode == "elder"
            else "at least 24×24 px (WCAG 2.2 2.5.8; links inside a sentence exempt)")
    assert not result["targets"], "%s\n%s" % (result["where"], listing("targets smaller than " + rule, result["targets"]))


@every_context
@every_page
def test_axe_finds_no_violations(ctx, page):
    result = measure(ctx, page)
    if isinstance(result["axe"], Exception):
        pytest.fail("could not run axe-core on %s: %s" % (result["where"], result["axe"]), pytrace=False)
    lines = ["%s [%s] %s — %d node(s): %s%s" % (v["id"], v["impact"], v["help"], v["count"], " | ".join(v["targets"]),
                                                  (" — " + v["detail"]) if v["detail"] else "")
             for v in result["axe"]]
    assert not lines, "%s\n%s" % (result["where"], listing("axe-core violations", lines))


@every_context
@every_page
def test_keyboard_reaches_everything_with_visible_focus(ctx, page):
    result = measure(ctx, page)
    keyboard = result["keyboard"]
    problems = []
    if keyboard["missing"]:
        problems.append(listing("not reached by Tab (of %d visible focusable, %d reached)" % (keyboard["expected"], keyboard["reached"]),
                                keyboard["missing"]))
    if keyboard["no_indicator"]:
        problems.append(listing("no visible focus indicator (outline, box-shadow, border or background unchanged)",
                                keyboard["no_indicator"]))
    assert not problems, result["where"] + "\n" + "\n".join(problems)


# ---- errors tied to their inputs

def settle(driver, form):
    """After a submission: the new page (or the same page's script) has had its say."""
    def answered(d):
        try:
            if not form.is_displayed():
                return True
        except WebDriverException:  # stale: a new page
            return True
        return pq.page_js(d, "__pq.fieldErrors().length") > 0

    try:
        WebDriverWait(driver, 10).until(answered)
    except Exception:  # noqa: BLE001 — no error shown at all is reported by the caller
        pass
    WebDriverWait(driver, 10).until(lambda d: d.execute_script("return document.readyState") == "complete")


def tied(errors, must_have=None):
    problems = ["%s — \"%s\": %s" % (e["control"], e["message"], "; ".join(e["problems"])) for e in errors if e["problems"]]
    if not errors:
        problems.append("no error shown next to any input")
    elif must_have and not any(e.get("name") and must_have in e["name"] for e in errors):
        problems.append("no error shown for the %s field (errors: %s)" % (must_have, [e["message"] for e in errors]))
    return problems


def clear_and_type(field, text):
    field.send_keys(Keys.CONTROL, "a")
    field.send_keys(Keys.BACKSPACE)
    if text:
        field.send_keys(text)


@pytest.mark.parametrize("ctx", [KEYBOARD_CONTEXT], indirect=True, ids=context_id)
@pytest.mark.parametrize("how", ["empty", "bad-id-number"])
def test_register_errors_are_tied_to_inputs(ctx, how):
    ctx.open("register")
    driver = ctx.driver
    form = driver.find_element(By.ID, "register-form")
    if how == "bad-id-number":
        driver.find_element(By.ID, "reg-name").send_keys("张三丰")
        driver.find_element(By.ID, "reg-id").send_keys("123")
    form.find_element(By.CSS_SELECTOR, "#register-submit, button[type=submit]:not([formaction])").click()
    settle(driver, form)
    errors = pq.page_js(driver, "__pq.fieldErrors()")
    pq.screenshot(driver, "quality-register-errors-" + how)
    problems = tied(errors, "id_number" if how == "bad-id-number" else None)
    assert not problems, driver.current_url + "\n" + listing("errors not tied to their inputs", problems)


@pytest.mark.parametrize("ctx", [KEYBOARD_CONTEXT], indirect=True, ids=context_id)
def test_application_form_errors_are_tied_to_inputs(ctx):
    url = ctx.open("apply")
    driver = ctx.driver
    name = pq.page_js(driver, """(function () {
        var fields = Array.prototype.filter.call(document.querySelectorAll('main input, main textarea'), function (f) {
          return /id_?number|id_?no|idcard|身份证/i.test((f.name || '') + ' ' + (f.id || '') + ' ' + (f.labels && f.labels[0] ? f.labels[0].textContent : ''))
                 && !f.readOnly && !f.disabled && f.type !== 'hidden' && __pq.visible(f);
        });
        return fields.length ? fields[0].name : null; })()""")
    assert name, "no editable ID-number field on the application form " + url
    field = driver.find_element(By.NAME, name)
    original = field.get_attribute("value") or ""
    try:
        clear_and_type(field, "123")
        field.send_keys(Keys.TAB)  # leave the field
        try:
            WebDriverWait(driver, 10).until(
                lambda d: any(e.get("name") == name for e in pq.page_js(d, "__pq.fieldErrors()")))
        except Exception:  # noqa: BLE001 — reported below
            pass
        errors = pq.page_js(driver, "__pq.fieldErrors()")
        pq.screenshot(driver, "quality-apply-errors")
        problems = tied(errors, name)
        assert not problems, "%s (typed 123 into %s and left it)\n%s" % (url, name, listing("errors not tied to their inputs", problems))
    finally:  # the draft keeps what was there before (it saves as one types)
        field = driver.find_element(By.NAME, name)
        clear_and_type(field, original)
        field.send_keys(Keys.TAB)
        deadline = time.time() + 15
        while time.time() < deadline:
            time.sleep(1.5)
            pq.load(driver, url)
            if (driver.find_element(By.NAME, name).get_attribute("value") or "") == original:
                break


# ---- page weight

@pytest.fixture(scope="module")
def weights():
    figures = {}
    yield figures
    destination = os.environ.get("YIWANG_E2E_WEIGHTS")
    if destination and figures:
        os.makedirs(os.path.dirname(os.path.abspath(destination)), exist_ok=True)
        with open(destination, "w", encoding="utf-8") as handle:
            json.dump(figures, handle, ensure_ascii=False, indent=2)


@pytest.mark.parametrize("page", WEIGHED)
def test_page_weight(portal, weights, page):
    url = portal.url(page)
    figures = pq.page_weight(url, portal.cookies(PAGES[page]))
    weights[page] = figures
    parts = ", ".join("%s %d" % (urllib.parse.urlsplit(asset).path, info["bytes"]) for asset, info in figures["files"].items())
    print("\npage weight %-6s %6.1f KB  (HTML %d B; %s)  %s" % (page, figures["total"] / 1000, figures["html"], parts, url))
    assert figures["total"] < BUDGET, "%s weighs %d bytes (HTML %d; %s), over %d" % (url, figures["total"], figures["html"], parts, BUDGET)

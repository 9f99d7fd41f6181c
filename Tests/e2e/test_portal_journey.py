"""The journeys of issue 18 as a new user tries them: finding a service from the home page with the
keyboard, a guide whose 在线申报 stays in reach, 办件查询, 我的 and 我的证照, a company-only item asked
of a legal representative, a refused upload that keeps the page, a typed value that is not called
pre-filled, the clerk's J/K — and 长辈版, which makes things larger and hides nothing."""
import os
import tempfile

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

import page_quality as pq
from page_quality import screenshot
from test_workbench_journey import submitted_case, sign_in


def visible_lines(browser):
    """The text lines shown in <main>, as a set (what a person can read on the page)."""
    text = browser.execute_script("return document.querySelector('main').innerText")
    return {line.strip() for line in text.splitlines() if line.strip()}


def in_viewport(browser, element):
    return browser.execute_script(
        "var r = arguments[0].getBoundingClientRect(); return r.top >= 0 && r.bottom <= window.innerHeight && r.height > 0",
        element)


def test_home_typeahead_by_keyboard_and_a_guide_that_keeps_apply_in_reach(browser, base_url):
    browser.get(base_url + "/")
    # 个人 and 法人, each with services and 一件事; 我的证照 one tap away
    assert browser.find_elements(By.CSS_SELECTOR, "#personal-services a.tile")
    assert browser.find_elements(By.CSS_SELECTOR, "#corporate-services a.tile")
    assert browser.find_elements(By.CSS_SELECTOR, "#personal-bundles a.tile")
    assert browser.find_element(By.CSS_SELECTOR, "#quick-links a[href='/me/certificates']")
    screenshot(browser, "portal-home")

    # the typeahead: the best few, and the keyboard alone picks one
    box = browser.find_element(By.ID, "search-q")
    assert box.get_attribute("role") == "combobox"
    box.send_keys("药品生产许可")
    WebDriverWait(browser, 10).until(lambda b: box.get_attribute("aria-expanded") == "true")
    options = browser.find_elements(By.CSS_SELECTOR, "#search-suggestions [role=option]")
    names = [option.find_element(By.CSS_SELECTOR, ".suggestion-name").text for option in options]
    assert names[0] == "药品生产许可证核发" and len(names) <= 5, names
    assert "采矿权新立登记" not in names, names
    box.send_keys(Keys.ARROW_DOWN)
    assert box.get_attribute("aria-activedescendant") == options[0].get_attribute("id")
    assert options[0].get_attribute("aria-selected") == "true"
    box.send_keys(Keys.ENTER)
    WebDriverWait(browser, 10).until(EC.url_contains("/services/HN-YJJ-001"))

    # the guide: contents at the top, 在线申报 on screen wherever one is on the page
    nav = browser.find_element(By.ID, "guide-nav")
    assert "申请材料" in nav.text and "办理流程" in nav.text
    apply = browser.find_element(By.ID, "apply-online")
    for fraction in (0.0, 0.5, 1.0):
        browser.execute_script("window.scrollTo(0, (document.documentElement.scrollHeight - window.innerHeight) * arguments[0])", fraction)
        assert in_viewport(browser, apply), "在线申报 is off screen at %d%% of the guide" % (fraction * 100)
    browser.execute_script("window.scrollTo(0, 0)")
    nav.find_element(By.LINK_TEXT, "申请材料").click()
    WebDriverWait(browser, 5).until(EC.url_contains("#materials"))


def test_lookup_hub_and_certificates(browser, base_url):
    receipt = submitted_case(base_url)
    sign_in(browser, base_url, "13800000001")
    WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.ID, "hub-tiles")))

    # 办件查询 from the home page: spaces as people copy them are fine; a wrong number is explained at the box
    browser.get(base_url + "/")
    box = browser.find_element(By.ID, "lookup-receipt")
    box.send_keys("12345")
    browser.find_element(By.CSS_SELECTOR, "#lookup-form button").click()
    error = WebDriverWait(browser, 10).until(EC.visibility_of_element_located((By.ID, "lookup-error")))
    assert "20 位数字" in error.text
    box = browser.find_element(By.ID, "lookup-receipt")
    assert box.get_attribute("aria-invalid") == "true" and box.get_attribute("aria-describedby") == "lookup-error"
    box.send_keys(" ".join([receipt[:6], receipt[6:14], receipt[14:]]))
    browser.find_element(By.CSS_SELECTOR, "#lookup-form button").click()
    WebDriverWait(browser, 10).until(EC.url_contains("/cases/" + receipt))

    # 我的: the case with its progress, and 我的证照 from there
    browser.get(base_url + "/me")
    card = [c for c in browser.find_elements(By.CSS_SELECTOR, ".case-card") if receipt in c.text][0]
    steps = card.find_element(By.CSS_SELECTOR, ".progress-steps")
    assert steps.get_attribute("aria-label").startswith("办理进度：")
    assert card.find_elements(By.CSS_SELECTOR, ".progress-steps li.done")[0].text.endswith("提交")
    screenshot(browser, "portal-hub")
    browser.find_element(By.ID, "hub-certificates").click()
    WebDriverWait(browser, 10).until(EC.url_contains("/me/certificates"))
    assert browser.find_element(By.TAG_NAME, "h1").text == "我的证照"


def test_legal_representative_is_asked_which_company(browser, base_url):
    sign_in(browser, base_url, "13800000002")
    WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.ID, "hub-tiles")))
    browser.get(base_url + "/services/HN-YJJ-002")
    browser.find_element(By.ID, "apply-online").click()
    question = WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.ID, "acting-question")))
    assert "只能由企业或组织申请" in question.text
    screenshot(browser, "portal-acting-choice")
    browser.find_element(By.CSS_SELECTOR, "#acting-companies button").click()
    WebDriverWait(browser, 10).until(EC.url_contains("/applications/"))
    assert "湖南湘江制药有限公司" in browser.find_element(By.CSS_SELECTOR, ".account-nav").text
    # back to acting as oneself, for the other journeys
    browser.get(base_url + "/account")
    browser.find_element(By.CSS_SELECTOR, "#acting-form input[value='']").click()
    browser.find_element(By.CSS_SELECTOR, "#acting-form button").click()


def test_refused_upload_keeps_the_page_and_typed_values_are_not_called_prefilled(browser, base_url):
    sign_in(browser, base_url, "13800000001")
    WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.ID, "hub-tiles")))
    browser.get(base_url + "/services/HN-MZT-003/apply")
    WebDriverWait(browser, 10).until(EC.url_contains("/applications/"))
    address = browser.current_url
    browser.execute_script("window.yiwangSamePage = true")
    fake = os.path.join(tempfile.mkdtemp(), "收入证明.pdf")
    with open(fake, "wb") as handle:
        handle.write(b"this is not a PDF at all")
    slot = "material-income_declaration"
    browser.find_element(By.ID, "upload-income_declaration").send_keys(fake)
    def answered(b):
        text = b.find_element(By.CSS_SELECTOR, "#%s .upload-status" % slot).text
        return text if text and not text.startswith("正在上传") else None
    status = WebDriverWait(browser, 10).until(answered)
    assert "无法识别文件内容" in status, status
    assert browser.current_url == address and "_csrf" not in browser.current_url
    assert browser.execute_script("return window.yiwangSamePage === true")

    # the phone comes from the account; typed over, it is the person's own and says nothing of a source
    phone = browser.find_element(By.ID, "f-applicant_phone")
    assert browser.find_elements(By.ID, "source-applicant_phone")
    phone.clear()
    phone.send_keys("13912345678")
    WebDriverWait(browser, 10).until(EC.text_to_be_present_in_element((By.ID, "autosave-status"), "已自动保存"))
    browser.refresh()
    assert browser.find_element(By.ID, "f-applicant_phone").get_attribute("value") == "13912345678"
    assert not browser.find_elements(By.ID, "source-applicant_phone")


def test_elder_mode_is_larger_and_hides_nothing(base_url):
    standard, elder = pq.make_driver(412, 915), pq.make_driver(412, 915)
    try:
        cookies = pq.sign_in(standard, base_url, "13800000001")
        pq.load(elder, base_url + "/")
        pq.add_cookies(elder, cookies)
        elder.add_cookie({"name": "yiwang_elder", "value": "1", "path": "/"})
        pages = ["/me", "/services/HN-MZT-002", "/services/HN-MZT-003/apply"]
        for path in pages:
            pq.load(standard, base_url + path)
            pq.load(elder, base_url + path)
            assert "elder" in elder.execute_script("return document.documentElement.className")
            missing = visible_lines(standard) - visible_lines(elder)
            assert not missing, "%s: 长辈版 hides %s" % (path, sorted(missing)[:10])
            body = lambda d: float(d.execute_script("return parseFloat(getComputedStyle(document.querySelector('main p, main li')).fontSize)"))
            assert body(elder) >= 24 and body(elder) >= 1.4 * body(standard)
        # the header stays a header: the site name is not stacked one character a line
        brand = elder.find_element(By.CSS_SELECTOR, ".brand-name")
        assert brand.size["width"] > 4 * float(elder.execute_script("return parseFloat(getComputedStyle(arguments[0]).fontSize)", brand))
        header = elder.find_element(By.CSS_SELECTOR, ".site-header").size["height"]
        assert header < 0.5 * 915, header
        screenshot(elder, "portal-elder-form")
    finally:
        standard.quit()
        elder.quit()


def test_clerk_moves_between_cases_with_j_and_k(browser, base_url):
    first, second = submitted_case(base_url), submitted_case(base_url)
    sign_in(browser, base_url, "mzt-intake")
    WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.ID, "level-counts")))
    browser.get(base_url + "/workbench/cases/" + first)
    assert browser.find_element(By.CSS_SELECTOR, "#case-files .material-name").text
    browser.find_element(By.CSS_SELECTOR, "#case-files details.preview summary").click()
    WebDriverWait(browser, 10).until(lambda b: b.find_element(By.CSS_SELECTOR, "#case-files details.preview iframe").is_displayed())
    screenshot(browser, "portal-clerk-case")
    browser.find_element(By.TAG_NAME, "body").send_keys("j")
    WebDriverWait(browser, 10).until(lambda b: "/workbench/cases/" in b.current_url and first not in b.current_url)
    browser.find_element(By.TAG_NAME, "body").send_keys("k")
    WebDriverWait(browser, 10).until(EC.url_contains(first))
    # typing in a field is typing, not navigating
    browser.find_element(By.ID, "reveal-reason").send_keys("jk")
    assert first in browser.current_url
    assert second  # the second case is what J reached or one before it in the queue

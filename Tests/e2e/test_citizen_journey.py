"""A citizen finds a service, reads its guide, and switches on 长辈模式."""

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from page_quality import screenshot


def font_size(browser, css):
    element = browser.find_element(By.CSS_SELECTOR, css)
    return float(browser.execute_script("return parseFloat(getComputedStyle(arguments[0]).fontSize)", element))


def html_class(browser):
    """The root element's class, read without holding an element across a navigation."""
    return browser.execute_script("return document.documentElement.className") or ""


def test_search_open_guide_and_elder_mode(browser, base_url):
    # open home
    browser.get(base_url + "/")
    assert "一网通办" in browser.title
    screenshot(browser, "home")

    # search 药品生产
    box = browser.find_element(By.ID, "search-q")
    box.send_keys("药品生产")
    box.send_keys(Keys.ENTER)
    WebDriverWait(browser, 10).until(EC.url_contains("/services?q="))
    WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.CSS_SELECTOR, ".result-name")))
    first = browser.find_elements(By.CSS_SELECTOR, ".result-name")[0]
    assert first.text == "药品生产许可证核发"

    # open the guide
    first.click()
    WebDriverWait(browser, 10).until(EC.text_to_be_present_in_element((By.ID, "service-name"), "药品生产许可证核发"))
    assert "20 个工作日" in browser.find_element(By.ID, "promised-limit").text
    assert len(browser.find_elements(By.CSS_SELECTOR, "#materials .material")) >= 3
    screenshot(browser, "guide")
    before_body = font_size(browser, "body")
    before_title = font_size(browser, "#service-name")
    guide_url = browser.current_url

    # switch on 长辈模式: the same page comes back with larger type
    browser.find_element(By.ID, "elder-toggle").click()
    WebDriverWait(browser, 10).until(lambda b: "elder" in html_class(b))
    assert browser.current_url == guide_url
    after_body = font_size(browser, "body")
    after_title = font_size(browser, "#service-name")
    assert after_body >= 1.25 * before_body, (before_body, after_body)
    assert after_title >= 1.25 * before_title, (before_title, after_title)
    screenshot(browser, "guide-elder")

    # it is kept: another page is in 长辈模式 too — the 长辈版 home, big buttons for the services older
    # people use most and one tap to call 12345 — and it can be switched off again
    browser.get(base_url + "/")
    assert "elder" in html_class(browser)
    assert browser.find_element(By.ID, "call-12345").get_attribute("href") == "tel:12345"
    buttons = browser.find_elements(By.CSS_SELECTOR, "#elder-services .big-button")
    assert "高龄津贴申领" in [button.text for button in buttons]
    assert all(button.size["height"] >= 60 for button in buttons), [button.size for button in buttons]
    screenshot(browser, "home-elder")
    assert browser.find_element(By.ID, "elder-toggle").text == "退出长辈版"
    browser.find_element(By.ID, "elder-toggle").click()
    WebDriverWait(browser, 10).until(lambda b: "elder" not in html_class(b))
    assert abs(font_size(browser, "body") - before_body) < 0.5


def test_unknown_page_shows_chinese_404(browser, base_url):
    browser.get(base_url + "/services/HN-NOPE-404")
    assert "未找到" in browser.find_element(By.TAG_NAME, "h1").text
    assert browser.find_element(By.LINK_TEXT, "回到首页")

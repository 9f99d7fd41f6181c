"""A citizen asks 小自然, follows the guide link, and asks an elliptical follow-up."""
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from page_quality import screenshot


def bot_answers(browser):
    return browser.find_elements(By.CSS_SELECTOR, "#assistant-log .chat-bot")


def ask(browser, question):
    before = len(browser.find_elements(By.CSS_SELECTOR, "#assistant-log .chat-bot .actions, #assistant-log .chat-bot .citations"))
    box = browser.find_element(By.ID, "assistant-input")
    box.send_keys(question)
    browser.find_element(By.ID, "assistant-send").click()
    # done: the newest answer has its citations (sent with the done event)
    WebDriverWait(browser, 15).until(
        lambda b: len(b.find_elements(By.CSS_SELECTOR, "#assistant-log .chat-bot .actions, #assistant-log .chat-bot .citations")) > before)
    return bot_answers(browser)[-1]


def test_ask_follow_guide_and_follow_up(browser, base_url):
    browser.get(base_url + "/")
    browser.find_element(By.ID, "assistant-launcher").click()
    WebDriverWait(browser, 5).until(EC.visibility_of_element_located((By.ID, "assistant-panel")))

    answer = ask(browser, "驾照快到期了")
    assert "机动车驾驶证换证" in answer.find_element(By.CSS_SELECTOR, ".answer-text").text
    screenshot(browser, "assistant")

    # follow the guide link the answer offers
    answer.find_element(By.CSS_SELECTOR, "a[data-action='guide']").click()
    WebDriverWait(browser, 10).until(EC.text_to_be_present_in_element((By.ID, "service-name"), "机动车驾驶证换证"))

    # the conversation continues on the new page: an elliptical follow-up
    browser.find_element(By.ID, "assistant-launcher").click()
    WebDriverWait(browser, 5).until(EC.visibility_of_element_located((By.ID, "assistant-panel")))
    assert "机动车驾驶证换证" in browser.find_element(By.ID, "assistant-log").text
    follow_up = ask(browser, "要带什么材料")
    text = follow_up.find_element(By.CSS_SELECTOR, ".answer-text").text
    assert "机动车驾驶证换证" in text and "材料" in text
    links = [a.get_attribute("href") for a in follow_up.find_elements(By.CSS_SELECTOR, ".citations a")]
    assert any(link.endswith("/services/HN-GAT-003#materials") for link in links), links


def test_typeahead_shows_services_while_typing(browser, base_url):
    browser.get(base_url + "/")
    browser.find_element(By.ID, "search-q").send_keys("药品")
    WebDriverWait(browser, 10).until(EC.visibility_of_element_located((By.ID, "search-suggestions")))
    names = [e.text for e in browser.find_elements(By.CSS_SELECTOR, "#search-suggestions .suggestion-name")]
    assert "药品生产许可证核发" in names

"""政策找人 as people meet it (issue 19): the demo citizen who turns 80 today finds the 高龄津贴 notice,
opens the reasons and objects that her 户籍 is wrong; 民政's clerk decides the objection and the
registry is corrected; 人社 publishes this year's 稳岗返还 and the company's legal representative
confirms it with one tap."""
import json
import os
from datetime import datetime, timedelta, timezone

from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from page_quality import screenshot
from test_workbench_journey import sign_in

ELDER = "13800000004"
ROOT = os.path.join(os.path.dirname(__file__), "..", "..")


def submit(browser, form_id, button_id=None):
    """Submits a form and waits for the next page."""
    form = browser.find_element(By.ID, form_id)
    (browser.find_element(By.ID, button_id) if button_id else form.find_element(By.CSS_SELECTOR, "button[type=submit]")).click()
    WebDriverWait(browser, 15, ignored_exceptions=(WebDriverException,)).until(EC.staleness_of(form))


def test_the_elder_is_found_sees_why_objects_and_the_clerk_corrects_her_record(browser, base_url):
    sign_in(browser, base_url, ELDER)
    browser.get(base_url + "/me")
    # the notice: in her messages, with a link to why
    messages = browser.find_element(By.ID, "my-messages").text
    assert "政策找人：您已享受高龄津贴" in messages, messages
    browser.find_element(By.ID, "hub-benefits").click()
    WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.ID, "benefits-received")))
    received = browser.find_element(By.ID, "benefits-received")
    assert "高龄津贴" in received.text and "50 元/月" in received.text, received.text
    assert "年龄（周岁）" in browser.find_element(By.ID, "profile-facts").text
    received.find_element(By.LINK_TEXT, "高龄津贴").click()

    # 为什么您符合: every condition with its value, source, date and legal reference
    why = WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.ID, "benefit-trace"))).text
    assert "户籍在湖南省" in why and "年满 80 周岁" in why and "湖南省人口信息库（省公安厅）" in why, why
    assert "《中华人民共和国老年人权益保障法》第三十三条" in why and "发放标准：湘潭县 80—89 周岁" in why, why
    screenshot(browser, "policy-why")

    # she objects: her 户口 has moved to 长沙
    browser.find_element(By.CSS_SELECTOR, "#objection-form input[value=wrong_data]").click()
    browser.find_element(By.CSS_SELECTOR, "#objection-fact option[value=hukou_county]").click()
    browser.find_element(By.ID, "objection-statement").send_keys("我的户口上个月已经迁到长沙市芙蓉区了。")
    submit(browser, "objection-form")
    assert "异议已提交" in browser.find_element(By.ID, "benefit-notice").text
    assert "办理中" in browser.find_element(By.ID, "benefit-history").text

    # 民政's clerk: the objection in the department's queue, the person named only as much as needed
    sign_in(browser, base_url, "mzt-review")
    browser.get(base_url + "/workbench")
    browser.find_element(By.ID, "nav-objections").click()
    queue = WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.ID, "objection-list")))
    assert "赵**" in queue.text and "赵桂兰" not in queue.text, queue.text
    queue.find_element(By.LINK_TEXT, "高龄津贴").click()
    WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.ID, "decision-form")))
    assert "户籍在湘潭县" in browser.find_element(By.TAG_NAME, "main").text
    browser.find_element(By.CSS_SELECTOR, "#decision-form input[value=upheld]").click()
    browser.find_element(By.CSS_SELECTOR, "#decision-fact option[value=hukou_county]").click()
    browser.find_element(By.ID, "decision-value").send_keys("长沙市芙蓉区")
    browser.find_element(By.ID, "decision-reason").send_keys("经核实，户籍已于上月迁至长沙市芙蓉区。")
    submit(browser, "decision-form")
    assert "异议已办结" in browser.find_element(By.ID, "objection-notice").text
    assert "湖南省长沙市芙蓉区" in browser.find_element(By.TAG_NAME, "main").text
    screenshot(browser, "policy-objection-decided")

    # she sees the answer, the correction and the benefit evaluated again
    sign_in(browser, base_url, ELDER)
    browser.get(base_url + "/me/benefits")
    browser.find_element(By.CSS_SELECTOR, "#benefits-received").find_element(By.LINK_TEXT, "高龄津贴").click()
    history = WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.ID, "benefit-history"))).text
    assert "异议成立" in history and "已向湖南省人口信息库（省公安厅）发出更正" in history and "复核：判定依据已更新" in history, history


def this_years_wage_subsidy():
    """稳岗返还 as 人社 would publish it for this year: the pending version, in force from today (China time)."""
    with open(os.path.join(ROOT, "Resources", "Policies", "pending", "HN-ZC-004-v2.json"), encoding="utf-8") as f:
        policy = json.load(f)
    policy["effective_from"] = datetime.now(timezone(timedelta(hours=8))).strftime("%Y-%m-%d")
    return json.dumps(policy, ensure_ascii=False, indent=2)


def test_a_company_representative_confirms_the_wage_subsidy_with_one_tap(browser, base_url):
    sign_in(browser, base_url, "rst-approval")
    browser.get(base_url + "/workbench")
    browser.find_element(By.ID, "nav-policies").click()
    WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.ID, "policy-list")))
    browser.find_element(By.LINK_TEXT, "失业保险稳岗返还").click()
    document = WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.ID, "policy-document")))
    browser.execute_script("arguments[0].value = arguments[1]", document, this_years_wage_subsidy())
    submit(browser, "publish-form", "preview-button")
    assert "符合 1" in browser.find_element(By.ID, "policy-preview-candidate").text
    browser.execute_script("arguments[0].value = arguments[1]", browser.find_element(By.ID, "policy-document"), this_years_wage_subsidy())
    submit(browser, "publish-form", "publish-button")
    notice = browser.find_element(By.ID, "policy-notice").text
    assert "已发布第 2 版" in notice and "待确认 1" in notice, notice

    # 李四, the company's legal representative, acting for it
    sign_in(browser, base_url, "13800000002")
    browser.get(base_url + "/account")
    browser.find_element(By.CSS_SELECTOR, "#acting-form input[name=enterprise_id]:not([value=''])").click()
    submit(browser, "acting-form")
    browser.get(base_url + "/me/benefits")
    assert "惠企政策" in browser.find_element(By.TAG_NAME, "h1").text
    browser.find_element(By.ID, "benefits-to-confirm").find_element(By.LINK_TEXT, "失业保险稳岗返还").click()
    WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.ID, "confirm-button")))
    confirm = browser.find_element(By.ID, "benefit-confirm").text
    assert "49440 元" in browser.find_element(By.ID, "benefit-facts").text
    assert "失业保险稳岗返还申领" in confirm, confirm
    screenshot(browser, "policy-one-tap")
    button = browser.find_element(By.ID, "confirm-button")
    button.click()
    WebDriverWait(browser, 15, ignored_exceptions=(WebDriverException,)).until(EC.staleness_of(button))
    assert "/cases/" in browser.current_url, browser.current_url
    assert "失业保险稳岗返还申领" in browser.find_element(By.TAG_NAME, "h1").text
    assert browser.find_element(By.ID, "receipt-number").text

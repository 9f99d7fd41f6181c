"""新生儿出生一件事 in the browser: the parent answers the situation questions, fills one form and
uploads one set of materials, and submits once; 卫健's clerks issue the 出生医学证明 in their own
workbench; the 户口 step, which waited, starts by itself at 公安 with that certificate attached; 公安
registers the child, and 医保 enrols the child under the new 公民身份号码. The parent follows one
progress page and finds every certificate in 我的证照."""
import datetime
import os
import re
import tempfile

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

from page_quality import screenshot
from test_workbench_journey import act, sign_in

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\nxref\n0 1\n0000000000 65535 f \ntrailer <</Size 1>>\nstartxref\n29\n%%EOF\n"
BIRTH = (datetime.date.today() - datetime.timedelta(days=5)).isoformat()
TYPED = {  # what the parent types; name, ID number and phone come from 张三's account
    "applicant_relation": "父亲", "mother_name": "李红", "mother_id_number": "430102198703150027",
    "father_name": "张三", "father_id_number": "43010219850612003X", "child_name": "张小宝", "child_sex": "男",
    "child_birth_date": BIRTH, "child_ethnicity": "汉族", "birth_institution": "湖南省妇幼保健院",
    "birth_area": "湖南省长沙市开福区", "settle_with": "随父落户", "household_address": "湖南省长沙市芙蓉区五一大道1号",
    "insured_area": "湖南省长沙市芙蓉区", "head_of_household_name": "张三", "collect_method": "窗口领取",
}


def fill_form(browser):
    for name, value in TYPED.items():
        fields = browser.find_elements(By.ID, "f-" + name)
        if not fields:
            continue  # a field this situation does not ask
        field = fields[0]
        if field.get_attribute("data-area-picker") is not None:  # 市州, then 区县, as a person picks them
            city, county = value[len("湖南省"):].split("市", 1)
            Select(browser.find_element(By.ID, "f-%s-city" % name)).select_by_visible_text(city + "市")
            Select(browser.find_element(By.ID, "f-%s-county" % name)).select_by_visible_text(county)
            assert field.get_attribute("value") == value
        elif field.tag_name == "select":
            options = [option.text for option in Select(field).options]
            Select(field).select_by_visible_text(value if value in options else options[-1])
        elif field.get_attribute("type") == "date":
            browser.execute_script("arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('change', {bubbles: true}))",
                                   field, value)
        else:
            field.clear()
            field.send_keys(value)


def component_receipt(browser, base_url, bundle_receipt, name):
    """The case receipt of a component, as the parent's progress page shows it."""
    browser.get(base_url + "/bundle-cases/" + bundle_receipt)
    row = [r for r in browser.find_elements(By.CSS_SELECTOR, "#bundle-components li.component") if name in r.text][0]
    return row, row.find_elements(By.CSS_SELECTOR, "a[href^='/cases/']")


def open_from_queue(browser, base_url, receipt):
    browser.get(base_url + "/workbench?scope=all")
    link = WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.LINK_TEXT, receipt)))
    link.click()
    WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.ID, "bundle-membership")))


def work(browser, base_url, login, receipt, actions):
    sign_in(browser, base_url, login)
    open_from_queue(browser, base_url, receipt)
    for action in actions:
        notice = act(browser, action)
        assert "已办理" in notice or "已" in notice, notice


def test_newborn_bundle_three_departments(browser, base_url):
    sign_in(browser, base_url, "13800000001")
    browser.get(base_url + "/bundles/HN-YJS-001")
    for question, answer in [("birth_place", "医疗机构内"), ("parents_marriage", "已登记结婚"), ("social_security_card", "暂不需要")]:
        browser.find_element(By.CSS_SELECTOR, "input[name='%s'][value='%s']" % (question, answer)).click()
    browser.find_element(By.CSS_SELECTOR, "#situation form button[type=submit]").click()
    WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.ID, "plan-savings")))
    assert "出生登记" in browser.find_element(By.ID, "plan-components").text
    browser.find_element(By.ID, "bundle-apply-button").click()

    # one form, pre-filled from the account; one upload
    WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.ID, "bundle-situation")))
    assert browser.find_element(By.ID, "f-applicant_name").get_attribute("value") == "张三"
    fill_form(browser)
    WebDriverWait(browser, 10).until(EC.text_to_be_present_in_element((By.ID, "autosave-status"), "已自动保存"))
    directory = tempfile.mkdtemp()
    pdf = os.path.join(directory, "户口簿.pdf")
    with open(pdf, "wb") as handle:
        handle.write(PDF)
    browser.find_element(By.ID, "upload-household_register").send_keys(pdf)
    WebDriverWait(browser, 10).until(lambda b: b.find_elements(By.CSS_SELECTOR, "#material-household_register .files li"))
    WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.ID, "precheck-ready")))
    screenshot(browser, "bundle-form")
    browser.find_element(By.ID, "submit-application").click()

    # one progress page: 卫健 at work, 户口 and 医保 waiting
    bundle_receipt = WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.ID, "bundle-receipt"))).text
    assert re.fullmatch(r"YJS430000\d{14}", bundle_receipt), bundle_receipt
    waiting = browser.find_elements(By.CSS_SELECTOR, "#bundle-components li.component[data-status=waiting]")
    assert [row.text.split(" ")[0] for row in waiting] == ["出生登记（新生儿入户）", "城乡居民基本医疗保险参保登记"]
    screenshot(browser, "bundle-progress")
    row, links = component_receipt(browser, base_url, bundle_receipt, "出生医学证明办理")
    birth = links[0].text
    _, waiting = component_receipt(browser, base_url, bundle_receipt, "出生登记")
    assert not waiting  # no case yet: it waits

    # 卫健 issues the 出生医学证明 in its own workbench
    work(browser, base_url, "wjw-intake", birth, ["accept", "start_review", "pass_review"])
    work(browser, base_url, "wjw-approval", birth, ["grant"])

    # the 户口 step started by itself at 公安, with the certificate attached
    sign_in(browser, base_url, "13800000001")
    row, links = component_receipt(browser, base_url, bundle_receipt, "出生登记")
    assert "办理中" in row.text, row.text
    household = links[0].text
    work(browser, base_url, "gat-intake", household, ["accept", "start_review", "pass_review"])
    assert "出生医学证明办理" in browser.find_element(By.ID, "bundle-membership").text
    work(browser, base_url, "gat-approval", household, ["grant"])

    # 医保 enrols the child under the new number
    sign_in(browser, base_url, "13800000001")
    row, links = component_receipt(browser, base_url, bundle_receipt, "城乡居民基本医疗保险参保登记")
    insurance = links[0].text
    work(browser, base_url, "ybj-intake", insurance, ["accept", "start_review", "pass_review", "grant"])

    # done together: one page, every certificate in 我的证照
    sign_in(browser, base_url, "13800000001")
    browser.get(base_url + "/bundle-cases/" + bundle_receipt)
    assert browser.find_element(By.ID, "bundle-overall").text == "已办结"
    screenshot(browser, "bundle-done")
    browser.get(base_url + "/me/certificates")
    wallet = browser.find_element(By.TAG_NAME, "main").text
    for certificate in ["出生医学证明", "居民户口簿（新生儿登记页）", "城乡居民基本医疗保险参保凭证"]:
        assert certificate in wallet, certificate

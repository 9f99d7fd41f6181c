"""A clerk accepts a citizen's case from the queue, a reviewer asks for 补正, the citizen uploads
what is missing and resubmits (the clock runs on), and the approver grants it."""
import json
import os
import re
import tempfile
import urllib.request
import uuid

from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

import second_factor
from page_quality import screenshot

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\nxref\n0 1\n0000000000 65535 f \ntrailer <</Size 1>>\nstartxref\n29\n%%EOF\n"
VALUES = {  # 最低生活保障申请 for the demo citizen 张三 (name, ID, phone and address come from his account)
    "household_area": "湖南省长沙市芙蓉区", "apply_mode": "以家庭为单位申请", "household_size": "3",
    "monthly_income": "800", "apply_reason": "因病", "reason_detail": "爱人长期住院治疗，家中只有我一人有收入。",
    "bank_name": "长沙银行", "bank_account": "6222000011113333",
}


def api(base_url, method, path, token=None, body=None, content_type="application/json"):
    headers = {"Accept": "application/json"}
    if token:
        headers["Authorization"] = "Bearer " + token
    data = None
    if body is not None:
        data = body if isinstance(body, bytes) else json.dumps(body).encode("utf-8")
        headers["Content-Type"] = content_type
    request = urllib.request.Request(base_url + path, data=data, headers=headers, method=method)
    with urllib.request.urlopen(request) as response:
        return json.loads(response.read().decode("utf-8") or "null")


def upload(base_url, token, draft, material):
    boundary = "----yiwang" + uuid.uuid4().hex
    body = ("--%s\r\nContent-Disposition: form-data; name=\"file\"; filename=\"%s.pdf\"\r\n"
            "Content-Type: application/pdf\r\n\r\n" % (boundary, material)).encode("utf-8") + PDF + ("\r\n--%s--\r\n" % boundary).encode("utf-8")
    api(base_url, "POST", "/api/v1/applications/%s/materials/%s" % (draft, material), token, body,
        "multipart/form-data; boundary=" + boundary)


def submitted_case(base_url):
    token = api(base_url, "POST", "/api/v1/auth/token", body={"login": "13800000001", "password": "Hunan@2026"})["access_token"]
    draft = api(base_url, "POST", "/api/v1/services/HN-MZT-003/applications", token, {})
    api(base_url, "PUT", "/api/v1/applications/" + draft["id"], token, {"values": VALUES})
    for material in ["application_form", "family_id_documents", "authorization_letter", "income_declaration"]:
        upload(base_url, token, draft["id"], material)
    return api(base_url, "POST", "/api/v1/applications/%s/submit" % draft["id"], token, {})["receipt_number"]


def sign_in(browser, base_url, login):
    browser.delete_all_cookies()
    browser.get(base_url + "/login")
    browser.find_element(By.ID, "login").send_keys(login)
    browser.find_element(By.ID, "password").send_keys("Hunan@2026")
    browser.find_element(By.CSS_SELECTOR, "#login-form button[type=submit]").click()
    if second_factor.is_staff(login):  # staff: the TOTP code next
        field = WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.ID, "code")))
        field.send_keys(second_factor.code(login))
        browser.find_element(By.CSS_SELECTOR, "#second-factor-form button[type=submit]").click()
    WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.CSS_SELECTOR, ".account-nav .account-name")))


def act(browser, action, opinion=None):
    form = browser.find_element(By.ID, "action-" + action)
    if opinion:
        form.find_element(By.TAG_NAME, "textarea").send_keys(opinion)
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    # the answer is a new page: wait for the old form to go, so the notice read is the new page's
    # (Chromium may report a node of the page being left as "not in the document": that is gone too)
    WebDriverWait(browser, 10, ignored_exceptions=(WebDriverException,)).until(EC.staleness_of(form))
    return WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.ID, "action-notice"))).text


def deadline_shown(browser):
    text = browser.find_element(By.ID, "case-deadline").text
    # a deadline in working days — or, when it reaches a year whose holidays are not yet published, the flag
    assert re.search(r"剩 -?\d+ 个工作日", text) or "放假安排未导入" in text, text
    return text


def test_clerk_accepts_asks_for_supplement_and_approver_grants(browser, base_url):
    receipt = submitted_case(base_url)

    sign_in(browser, base_url, "mzt-intake")
    WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.ID, "level-counts")))
    assert receipt in browser.find_element(By.ID, "queue").text
    browser.find_element(By.LINK_TEXT, receipt).click()
    browser.find_element(By.ID, "verify").click()  # 一键核验
    checks = WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.ID, "checks"))).text
    assert "✓" in checks and "✗" not in checks, checks
    assert "已受理" in act(browser, "accept")
    deadline_shown(browser)
    # applicant data is masked until the clerk gives a reason (the view is audited)
    assert "43010219850612003X" not in browser.find_element(By.ID, "applicant-fields").text
    browser.find_element(By.ID, "reveal-reason").send_keys("核对身份证原件")
    browser.find_element(By.CSS_SELECTOR, "#reveal-form button").click()
    WebDriverWait(browser, 10).until(EC.text_to_be_present_in_element((By.ID, "applicant-fields"), "43010219850612003X"))
    browser.find_element(By.ID, "nav-workbench").click()
    # accepted, the case now waits for review: it leaves 待我办理 and shows under 本部门全部
    assert receipt not in browser.find_element(By.TAG_NAME, "main").text
    browser.find_element(By.LINK_TEXT, "本部门全部").click()
    first_row = WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.CSS_SELECTOR, "#queue tbody tr")))
    assert receipt in first_row.text  # nearest deadline first; unaccepted cases have none yet
    screenshot(browser, "workbench")

    sign_in(browser, base_url, "mzt-review")
    browser.get(base_url + "/workbench/cases/" + receipt)
    act(browser, "start_review")
    # tick what is missing: the applicant is told exactly which material
    browser.find_element(By.CSS_SELECTOR, "#action-request_supplement input[value=income_declaration]").click()
    assert "补正中" in act(browser, "request_supplement", "请补充家庭成员的收入证明")
    assert "计时暂停" in browser.find_element(By.ID, "case-deadline").text or "—" in browser.find_element(By.ID, "case-deadline").text

    sign_in(browser, base_url, "13800000001")
    browser.get(base_url + "/cases/" + receipt)
    request = browser.find_element(By.ID, "supplement-request").text
    assert "《家庭收入和财产状况申报表》" in request and "请补充家庭成员的收入证明" in request
    assert "需补正" in browser.find_element(By.ID, "material-income_declaration").text
    path = os.path.join(tempfile.mkdtemp(), "收入证明.pdf")
    with open(path, "wb") as handle:
        handle.write(PDF)
    browser.find_element(By.ID, "upload-income_declaration").send_keys(path)
    WebDriverWait(browser, 10).until(
        lambda b: len(b.find_elements(By.CSS_SELECTOR, "#material-income_declaration .files li")) == 2)
    browser.find_element(By.ID, "resubmit").click()
    WebDriverWait(browser, 10).until(EC.text_to_be_present_in_element((By.ID, "case-state"), "审查中"))

    sign_in(browser, base_url, "mzt-review")
    browser.get(base_url + "/workbench")
    browser.find_element(By.LINK_TEXT, receipt).click()  # back in the reviewer's 待我办理
    deadline_shown(browser)  # the clock runs again
    act(browser, "pass_review")

    sign_in(browser, base_url, "mzt-approval")
    browser.get(base_url + "/workbench/cases/" + receipt)
    assert "准予许可" in act(browser, "grant")
    assert "准予许可" in browser.find_element(By.ID, "case-state").text
    screenshot(browser, "workbench-granted")

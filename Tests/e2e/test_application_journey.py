"""Register, ask 小自然 about an 85-year-old father, apply in the conversation (边聊边办), see what
is missing on the form, upload the materials, submit, and find the receipt number in 我的办件."""
import os
import random
import re
import tempfile
import urllib.request

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from test_assistant_journey import ask
from page_quality import screenshot

WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]


def citizen_id(birth):
    """A valid GB 11643 number for a birth date (yyyymmdd), with a random sequence."""
    body = "430104" + birth + "%03d" % random.randint(100, 999)
    return body + "10X98765432"[sum(int(d) * w for d, w in zip(body, WEIGHTS)) % 11]


def latest_code(base_url, phone, required=True):
    """The registration code sent to a phone, from the development SMS page (loopback only); None
    when none was sent and none is required."""
    html = urllib.request.urlopen(base_url + "/dev/sms").read().decode("utf-8")
    masked = phone[:3] + "****" + phone[-4:]
    for row in re.findall(r"<li>(.*?)</li>", html, re.S):
        if masked in row and "验证码" in row:
            return re.search(r"验证码是 (\d{6})", row).group(1)
    if not required:
        return None
    raise AssertionError("no code for " + masked)


def fill(browser, element_id, text):
    field = browser.find_element(By.ID, element_id)
    field.clear()
    field.send_keys(text)


ANSWERS = [  # what the assistant may ask for, and what the son answers for his father
    ("老年人姓名", "张德明"),
    ("老年人身份证号码", "430104194105200017"),
    ("联系电话", "是"),
    ("户籍所在地", "湖南省长沙市芙蓉区"),
    ("现居住地址", "湖南省长沙市芙蓉区五一大道 1 号"),
    ("申请方式", "1"),
    ("发放账户类型", "社会保障卡"),
    ("开户银行", "长沙银行"),
    ("银行账号", "6222000011112222"),
]


def test_register_apply_in_chat_upload_and_submit(browser, base_url):
    phone = "139%08d" % random.randint(0, 99999999)
    password = "湘江边的老樟树下乘凉"

    # register: a wrong ID number is caught as it is typed, tied to its field, and gets no SMS code
    browser.get(base_url + "/register")
    fill(browser, "reg-name", "张小明")
    fill(browser, "reg-id", "430102198506120000")
    fill(browser, "reg-phone", phone)
    id_error = browser.find_element(By.ID, "error-id_number")
    WebDriverWait(browser, 5).until(lambda b: id_error.is_displayed())
    assert "校验" in id_error.text or "不正确" in id_error.text, id_error.text
    field = browser.find_element(By.ID, "reg-id")
    assert field.get_attribute("aria-invalid") == "true" and "error-id_number" in field.get_attribute("aria-describedby")
    browser.find_element(By.ID, "send-code").click()
    WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.ID, "register-errors")))
    assert not browser.find_elements(By.ID, "code-sent")
    assert latest_code(base_url, phone, required=False) is None

    # register, with the SMS code, and be signed in at once
    browser.get(base_url + "/register")
    fill(browser, "reg-name", "张小明")
    fill(browser, "reg-id", citizen_id("19850612"))
    fill(browser, "reg-phone", phone)
    browser.find_element(By.ID, "send-code").click()
    WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.ID, "code-sent")))
    fill(browser, "reg-code", latest_code(base_url, phone))
    fill(browser, "reg-password", password)
    fill(browser, "reg-password2", password)
    browser.find_element(By.ID, "register-submit").click()
    WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.ID, "mine-notice")))
    assert "/me" in browser.current_url and browser.find_elements(By.ID, "nav-me")

    # ask, then choose 立即申报 from the answer
    browser.get(base_url + "/")
    browser.find_element(By.ID, "assistant-launcher").click()
    WebDriverWait(browser, 5).until(EC.visibility_of_element_located((By.ID, "assistant-panel")))
    answer = ask(browser, "我爸85岁了能领什么补贴")
    assert "高龄津贴申领" in answer.find_element(By.CSS_SELECTOR, ".answer-text").text
    before = len(browser.find_elements(By.CSS_SELECTOR, "#assistant-log .chat-bot .actions"))
    answer.find_element(By.CSS_SELECTOR, "a[data-action='apply']").click()
    WebDriverWait(browser, 15).until(
        lambda b: len(b.find_elements(By.CSS_SELECTOR, "#assistant-log .chat-bot .actions")) > before)

    # fill the missing fields in the conversation
    for _ in range(20):
        text = browser.find_elements(By.CSS_SELECTOR, "#assistant-log .chat-bot")[-1].find_element(By.CSS_SELECTOR, ".answer-text").text
        if "申请表已填好" in text:
            break
        asked = text.split("请告诉我")[-1]
        reply = next((value for label, value in ANSWERS if asked.startswith(label)), None)
        assert reply, "unexpected question: " + text
        ask(browser, reply)
    last = browser.find_elements(By.CSS_SELECTOR, "#assistant-log .chat-bot")[-1]
    assert "申请表已填好" in last.text and "43**************17" in last.text
    screenshot(browser, "apply-in-chat")

    # the form shows what is missing
    last.find_element(By.CSS_SELECTOR, "a[data-action='form']").click()
    WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.ID, "precheck")))
    assert "缺少材料：高龄津贴申请表" in browser.find_element(By.ID, "precheck").text
    assert browser.find_element(By.ID, "f-applicant_name").get_attribute("value") == "张德明"

    # a wrong value is pointed out while typing, and saved with the draft all the same
    phone_field = browser.find_element(By.ID, "f-applicant_phone")
    phone_field.clear()
    phone_field.send_keys("1380013")
    WebDriverWait(browser, 10).until(EC.visibility_of_element_located((By.ID, "error-applicant_phone")))
    assert "手机号码" in browser.find_element(By.ID, "error-applicant_phone").text
    phone_field.clear()
    phone_field.send_keys(phone)
    WebDriverWait(browser, 10).until(EC.invisibility_of_element_located((By.ID, "error-applicant_phone")))
    WebDriverWait(browser, 10).until(EC.text_to_be_present_in_element((By.ID, "autosave-status"), "已自动保存"))

    # upload each required material
    directory = tempfile.mkdtemp()
    pdf = os.path.join(directory, "材料.pdf")
    with open(pdf, "wb") as handle:
        handle.write(b"%PDF-1.7\n1 0 obj <<>> endobj\nxref\n0 1\n0000000000 65535 f \ntrailer <</Size 1>>\nstartxref\n29\n%%EOF\n")
    # with JavaScript a chosen file goes up at once, without reloading the page (the marker survives),
    # and the address never carries the CSRF token
    browser.execute_script("window.yiwangSamePage = true")
    for material in ["application_form", "elder_id_card", "household_register", "payment_account"]:
        browser.find_element(By.ID, "upload-" + material).send_keys(pdf)
        WebDriverWait(browser, 10).until(
            lambda b: b.find_elements(By.CSS_SELECTOR, "#material-%s .files li" % material))
        assert "已上传 1 个文件" in browser.find_element(By.CSS_SELECTOR, "#material-%s .upload-status" % material).text
    assert browser.execute_script("return window.yiwangSamePage === true")
    assert "_csrf" not in browser.current_url
    WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.ID, "precheck-ready")))

    # submit, and find the receipt in 我的办件
    browser.find_element(By.ID, "submit-application").click()
    receipt = WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.ID, "receipt-number"))).text
    assert re.fullmatch(r"430000\d{14}", receipt), receipt
    browser.find_element(By.ID, "nav-me").click()
    WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.ID, "my-cases")))
    assert receipt in browser.find_element(By.ID, "my-cases").text
    screenshot(browser, "my-cases")

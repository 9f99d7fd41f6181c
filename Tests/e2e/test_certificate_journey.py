"""李四's company is granted a 药品生产许可证: he opens the SMS link from /dev/sms, sees the sealed
certificate, follows its QR link to the verification page (有效); the JWS checks out offline with
the published JWKS in an independent implementation (Python `cryptography`) and fails when one
field is changed; after the department revokes it, the verification page says 已注销."""
import base64
import json
import urllib.parse
import urllib.request

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

import second_factor
from page_quality import screenshot
from test_workbench_journey import api, sign_in, upload

VALUES = {
    "applicant_category": "A类：自行生产的药品上市许可持有人", "enterprise_address": "湖南省长沙市岳麓区麓谷大道 1 号",
    "production_area": "湖南省长沙市岳麓区", "production_address": "湖南省长沙市岳麓区麓谷大道 1 号 2 栋",
    "production_scope": "片剂、硬胶囊剂", "quality_authorized_person": "王五",
}
MATERIALS = ["application_form", "business_license", "enterprise_profile", "organization_personnel", "site_drawings",
             "scope_and_process", "equipment_and_quality_docs", "authenticity_declaration"]


def token(base_url, login):
    body = {"login": login, "password": "Hunan@2026"}
    if second_factor.is_staff(login):
        body["totp"] = second_factor.code(login)
    return api(base_url, "POST", "/api/v1/auth/token", body=body)["access_token"]


def act_for_company(base_url, bearer):
    company = api(base_url, "GET", "/api/v1/me", bearer)["enterprises"][0]["id"]
    request = urllib.request.Request(base_url + "/account/acting", method="POST",
                                     data=urllib.parse.urlencode({"enterprise_id": company}).encode(),
                                     headers={"Authorization": "Bearer " + bearer,
                                              "Content-Type": "application/x-www-form-urlencoded"})
    urllib.request.urlopen(request).read()


def granted_licence(base_url):
    holder = token(base_url, "13800000002")
    act_for_company(base_url, holder)
    draft = api(base_url, "POST", "/api/v1/services/HN-YJJ-001/applications", holder, {})
    api(base_url, "PUT", "/api/v1/applications/" + draft["id"], holder, {"values": VALUES})
    for material in MATERIALS:
        upload(base_url, holder, draft["id"], material)
    receipt = api(base_url, "POST", "/api/v1/applications/%s/submit" % draft["id"], holder, {})["receipt_number"]
    path = "/api/v1/workbench/cases/%s/actions" % receipt
    intake, review, approval = token(base_url, "yjj-intake"), token(base_url, "yjj-review"), token(base_url, "yjj-approval")
    api(base_url, "POST", path, intake, {"action": "accept"})
    api(base_url, "POST", path, review, {"action": "start_review"})
    api(base_url, "POST", path, review, {"action": "pass_review"})
    api(base_url, "POST", path, approval, {"action": "grant", "opinion": "符合条件，准予许可"})
    return holder, approval


def b64url(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def verifies(jws, jwks):
    header, payload, signature = jws.split(".")
    kid = json.loads(b64url(header))["kid"]
    jwk = next(key for key in jwks["keys"] if key["kid"] == kid)
    public = ec.EllipticCurvePublicNumbers(int.from_bytes(b64url(jwk["x"]), "big"), int.from_bytes(b64url(jwk["y"]), "big"),
                                           ec.SECP256R1()).public_key()
    raw = b64url(signature)
    der = encode_dss_signature(int.from_bytes(raw[:32], "big"), int.from_bytes(raw[32:], "big"))
    try:
        public.verify(der, (header + "." + payload).encode(), ec.ECDSA(hashes.SHA256()))
        return True
    except InvalidSignature:
        return False


def test_sealed_certificate_from_sms_link_verifies_and_shows_revocation(browser, base_url):
    holder, approval = granted_licence(base_url)

    # the SMS, on the development page, links to the certificate
    sign_in(browser, base_url, "13800000002")
    browser.get(base_url + "/dev/sms")
    sms = next(item for item in browser.find_elements(By.CSS_SELECTOR, "#sms-list li") if "电子证照" in item.text)
    assert "药品生产许可证核发已办结" in sms.text
    sms.find_element(By.CSS_SELECTOR, "a.sms-link").click()
    WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.ID, "certificate")))
    assert browser.find_element(By.ID, "certificate-type").text.replace(" ", "") == "药品生产许可证"
    seal = browser.find_element(By.CSS_SELECTOR, ".certificate-seal svg")
    assert "湖南省药品监督管理局" in seal.get_attribute("innerHTML")
    number = browser.find_element(By.ID, "certificate-number").text
    screenshot(browser, "certificate")

    # the QR code's link: the verification page says 有效
    browser.find_element(By.ID, "verify-link").click()
    status = WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.ID, "verification-status")))
    assert status.text == "有效"
    assert browser.find_element(By.ID, "verified-number").text == number

    # offline: the JWS verifies with the published key; one changed field does not
    certificate = api(base_url, "GET", "/api/v1/certificates/" + number, holder)
    jwks = api(base_url, "GET", "/.well-known/jwks.json")
    assert verifies(certificate["jws"], jwks)
    header, payload, signature = certificate["jws"].split(".")
    document = json.loads(b64url(payload))
    assert document["licence"]["number"] == number and document["credentialSubject"]["idNumber"] == "91430100MA4L202689"
    document["credentialSubject"]["name"] = "另一家公司"
    forged = base64.urlsafe_b64encode(json.dumps(document, ensure_ascii=False).encode()).decode().rstrip("=")
    assert not verifies(header + "." + forged + "." + signature, jwks)

    # the department revokes it: the same page now says 已注销, with the reason
    api(base_url, "POST", "/api/v1/certificates/%s/revocation" % number, approval, {"reason": "企业申请注销"})
    browser.refresh()
    status = WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.ID, "verification-status")))
    assert status.text == "已注销"
    assert "企业申请注销" in browser.find_element(By.ID, "revoked-reason").text
    screenshot(browser, "certificate-revoked")

"""Browser journeys against a running Yiwang server (Debian's chromium + chromedriver, headless).

.ci/run starts the server on a free port with a fresh data directory and passes its address in
YIWANG_E2E_URL. To run by hand: start `swift run yiwang serve`, then
`YIWANG_E2E_URL=http://127.0.0.1:8080 python3 -m pytest Tests/e2e`.
"""
import os
import shutil

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service


@pytest.fixture(scope="session")
def base_url():
    return os.environ.get("YIWANG_E2E_URL", "http://127.0.0.1:8080").rstrip("/")


@pytest.fixture()
def browser():
    options = webdriver.ChromeOptions()
    for binary in ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"):
        if os.path.exists(binary):
            options.binary_location = binary
            break
    options.add_argument("--headless=new")
    options.add_argument("--no-sandbox")
    options.add_argument("--disable-dev-shm-usage")
    options.add_argument("--window-size=412,915")  # a phone: the platform is mobile-first
    options.add_argument("--lang=zh-CN")
    driver_path = shutil.which("chromedriver") or "/usr/bin/chromedriver"
    driver = webdriver.Chrome(service=Service(driver_path), options=options)
    driver.implicitly_wait(5)
    yield driver
    driver.quit()

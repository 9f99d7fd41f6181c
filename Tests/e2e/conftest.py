"""Browser journeys against a running Yiwang server (Debian's chromium + chromedriver, headless).

.ci/run starts the server on a free port with a fresh data directory and passes its address in
YIWANG_E2E_URL. To run by hand: start `swift run yiwang serve`, then
`YIWANG_E2E_URL=http://127.0.0.1:8080 python3 -m pytest Tests/e2e`.
"""
import os

import pytest

import page_quality


@pytest.fixture(scope="session")
def base_url():
    return os.environ.get("YIWANG_E2E_URL", "http://127.0.0.1:8080").rstrip("/")


@pytest.fixture()
def browser():
    driver = page_quality.make_driver(412, 915)  # a phone: the platform is mobile-first
    driver.implicitly_wait(5)
    yield driver
    driver.quit()

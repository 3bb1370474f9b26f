"""Headless Chromium for the console's browser tests, through its chromedriver.

Which browser: ``chromium`` (Debian's package) or ``chromium-browser``/``google-chrome``, and
``chromedriver`` beside it (Debian's ``chromium-driver``); ``./scripts/install`` installs both
when it runs as root. No browser is a failure when ``CI`` is set, so CI can never pass by
skipping these tests; elsewhere they skip, saying what to install.
"""

from __future__ import annotations

import os
import shutil

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service

# Read at import: the tests' clean-environment fixture removes CONNECT_EMULATOR_* variables.
_IN_CI = bool(os.environ.get("CI"))
HOW_TO_INSTALL = (
    "install Chromium and its driver (Debian: apt-get install chromium chromium-driver)"
)
WIDTH, HEIGHT = 1366, 900  # a laptop's screen


def _find() -> tuple[str, str] | None:
    browser = next(
        (
            found
            for name in ("chromium", "chromium-browser", "google-chrome")
            if (found := shutil.which(name))
        ),
        None,
    )
    driver = shutil.which("chromedriver")
    return None if browser is None or driver is None else (browser, driver)


def require_browser() -> tuple[str, str]:
    found = _find()
    if found is None:
        message = f"no headless Chromium with chromedriver: {HOW_TO_INSTALL}"
        if _IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    return found


def headless_chromium() -> webdriver.Chrome:
    browser, driver = require_browser()
    options = Options()
    options.binary_location = browser
    for argument in (
        "--headless=new",
        "--no-sandbox",  # containers and root, where the sandbox cannot start
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--no-first-run",
        f"--window-size={WIDTH},{HEIGHT}",
    ):
        options.add_argument(argument)
    # The driver given explicitly: Selenium Manager would otherwise look for one online.
    return webdriver.Chrome(options=options, service=Service(executable_path=driver))

"""The console in a real browser (headless Chromium): what a person sees while a test or
Terraform runs. Statuses must change on the open page by themselves, without a reload.

Screenshots of the main pages go to ``$CONSOLE_SCREENSHOTS`` when it is set (the README's
picture is made this way), else to the test's temporary directory.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from selenium.common.exceptions import TimeoutException
from selenium.webdriver import Chrome
from selenium.webdriver.common.by import By
from selenium.webdriver.support.expected_conditions import staleness_of
from selenium.webdriver.support.ui import WebDriverWait

from connect_emulator.control import ControlClient
from tests.console.conftest import CONTROL_TOKEN
from tests.console.helpers import client, create, fresh_account
from tests.support.browser import headless_chromium
from tests.support.server import EmulatorProcess

pytestmark = pytest.mark.browser

# Read at import: the tests' clean-environment fixture runs before each test.
_SHOTS = os.environ.get("CONSOLE_SCREENSHOTS")
CONSOLE = "/_emulator/console"
# Polling is every second: a change shows within two.
LIVE = 8.0


@pytest.fixture(scope="module")
def browser() -> Iterator[Chrome]:
    driver = headless_chromium()
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture
def shots(tmp_path: Path) -> Path:
    folder = Path(_SHOTS) if _SHOTS else tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def badge(browser: Chrome, instance_id: str) -> str | None:
    """The row's status, read in one script: polling replaces the rows every second, so an
    element found in one call may be gone by the next."""
    status = browser.execute_script(
        "const b = document.querySelector(`tr[data-instance='${arguments[0]}'] .badge`);"
        "return b ? b.dataset.status : null;",
        instance_id,
    )
    return str(status) if status else None


def text_of(browser: Chrome, selector: str) -> str:
    text = browser.execute_script(
        "const e = document.querySelector(arguments[0]); return e ? e.innerText : '';", selector
    )
    return str(text)


def wait_for(browser: Chrome, condition: Callable[[], bool], timeout: float = LIVE) -> None:
    try:
        WebDriverWait(browser, timeout, poll_frequency=0.1).until(lambda _: condition())
    except TimeoutException:
        shown = text_of(browser, "main")
        raise AssertionError(f"not within {timeout} s; the page shows:\n{shown}") from None


def mark_page(browser: Chrome) -> None:
    """A value that lives only as long as this page: a reload would lose it."""
    browser.execute_script("window.notReloaded = true;")


def not_reloaded(browser: Chrome) -> bool:
    return bool(browser.execute_script("return window.notReloaded === true;"))


def submit(browser: Chrome, selector: str) -> None:
    """Clicks a form's button and waits for the page it leads to (the old one goes stale)."""
    old = browser.find_element(By.TAG_NAME, "html")
    browser.find_element(By.CSS_SELECTOR, selector).click()
    WebDriverWait(browser, LIVE).until(staleness_of(old))
    loaded(browser)


def loaded(browser: Chrome) -> None:
    """The new page is there: a find during the navigation may see neither page."""
    WebDriverWait(browser, LIVE).until(
        lambda _: browser.execute_script("return document.readyState") == "complete"
    )


def fill(browser: Chrome, selector: str, value: str) -> None:
    field = browser.find_element(By.CSS_SELECTOR, selector)
    field.clear()
    field.send_keys(value)


def test_a_person_watches_and_steers_the_emulator(
    console_server: EmulatorProcess, browser: Chrome, shots: Path
) -> None:
    url = console_server.url + CONSOLE
    control = ControlClient(console_server.url)
    control.reset()

    # An instance made by boto3 appears and turns ACTIVE on the open page.
    account = fresh_account()
    control.set_lifecycle(account, "delay", provisioning_delay=2)
    browser.get(url + "/")
    mark_page(browser)
    connect = client(console_server.url, account)
    instance_id = create(connect, "browser-centre", Tags={"team": "<b>blue</b>"})
    wait_for(browser, lambda: badge(browser, instance_id) == "CREATION_IN_PROGRESS")
    wait_for(browser, lambda: badge(browser, instance_id) == "ACTIVE")
    assert not_reloaded(browser)
    assert "team=<b>blue</b>" in text_of(browser, f'tr[data-instance="{instance_id}"] .tag')

    # Clicked in one script: the polled table may be replaced between a find and a click.
    old = browser.find_element(By.TAG_NAME, "html")
    browser.execute_script(
        "document.querySelector(`tr[data-instance='${arguments[0]}'] a`).click();", instance_id
    )
    WebDriverWait(browser, LIVE).until(staleness_of(old))
    loaded(browser)
    wait_for(browser, lambda: "Inside the instance" in browser.page_source)
    browser.save_screenshot(str(shots / "console-instance.png"))

    # A bad alias in the form: the API's message beside the field.
    browser.get(url + "/create")
    fill(browser, "#InstanceAlias", "not a valid alias!")
    submit(browser, "form.stack button[type=submit]")
    error = browser.find_element(By.ID, "InstanceAlias-error")
    assert "failed to satisfy constraint" in error.text
    browser.save_screenshot(str(shots / "console-create-error.png"))

    # The next creation fails, from the page; the overview shows it with its reason.
    failing_account = fresh_account()
    browser.get(url + "/steer")
    fill(browser, "#fail-next input[name=count]", "1")
    fill(browser, "#fail-next input[name=reason]", "No capacity in the browser test")
    fill(browser, "#fail-next input[name=account]", failing_account)
    submit(browser, "#fail-next button[type=submit]")
    assert "No capacity in the browser test" in browser.find_element(By.ID, "fail-next").text
    browser.save_screenshot(str(shots / "console-steer.png"))
    browser.get(url + "/")
    mark_page(browser)
    failed_id = create(client(console_server.url, failing_account), "browser-failing")
    wait_for(browser, lambda: badge(browser, failed_id) == "CREATION_FAILED")
    row = text_of(browser, f'tr[data-instance="{failed_id}"]')
    assert "No capacity in the browser test" in row
    browser.save_screenshot(str(shots / "console-instances.png"))

    # 25 hours later the failed instance is gone from the open page.
    browser.get(url + "/steer")
    fill(browser, "#clock input[name=amount]", "25")
    submit(browser, "#clock form button[type=submit]")
    browser.get(url + "/")
    mark_page(browser)
    wait_for(browser, lambda: badge(browser, failed_id) is None)
    assert badge(browser, instance_id) == "ACTIVE"
    assert not_reloaded(browser)

    # Recent requests name what the clients did.
    browser.get(url + "/requests")
    assert "CreateInstance" in text_of(browser, "#requests")
    # The pages ask the API for nothing (no /favicon.ico refused for want of a signature).
    assert "MissingAuthenticationTokenException" not in text_of(browser, "#requests")
    browser.save_screenshot(str(shots / "console-requests.png"))

    # Reset everything: the overview is empty.
    browser.get(url + "/steer")
    submit(browser, "#reset-all")
    browser.get(url + "/")
    assert "No instances yet" in text_of(browser, "#instances")


def test_with_a_control_token_the_console_asks_for_it(
    token_server: EmulatorProcess, browser: Chrome
) -> None:
    browser.delete_all_cookies()
    browser.get(token_server.url + CONSOLE + "/steer")
    assert browser.find_elements(By.ID, "token")
    assert "Steer the emulator" not in browser.page_source
    fill(browser, "#token", "not-it")
    submit(browser, "form.stack button[type=submit]")
    assert "not the control token" in browser.find_element(By.ID, "token-error").text
    fill(browser, "#token", CONTROL_TOKEN)
    submit(browser, "form.stack button[type=submit]")
    assert browser.find_element(By.TAG_NAME, "h1").text == "Steer the emulator"
    assert CONTROL_TOKEN not in browser.page_source

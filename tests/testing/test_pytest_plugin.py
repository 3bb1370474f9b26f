"""The pytest plugin, as a user's project sees it: fixtures with no set-up code.

Each test writes a small test suite and runs pytest on it (in this process, or in a child
process where it matters that nothing is inherited from this one).
"""

from __future__ import annotations

import threading
from importlib.metadata import entry_points

import pytest

# The inner sessions need none of the outer one's plugins (hypothesis's alone costs a second).
INNER_ARGS = ("-p", "no:cacheprovider", "-p", "no:hypothesispytest", "-W", "error", "-q")

USER_TESTS = """
import threading

from connect_emulator.testing import wait_for_status

ENDPOINTS = set()


def create(client, alias):
    return client.create_instance(
        IdentityManagementType="CONNECT_MANAGED",
        InstanceAlias=alias,
        InboundCallsEnabled=True,
        OutboundCallsEnabled=True,
    )


def test_create_and_wait(connect_client, connect_emulator):
    ENDPOINTS.add(connect_emulator.endpoint)
    created = create(connect_client, "same-alias")
    assert wait_for_status(connect_client, created["Id"])["InstanceStatus"] == "ACTIVE"
    assert created["Arn"].startswith("arn:aws:connect:us-east-1:000000000000:instance/")


def test_each_test_starts_clean(connect_client, connect_emulator):
    ENDPOINTS.add(connect_emulator.endpoint)
    # The alias of the previous test is free again and its instance is gone.
    assert connect_client.list_instances()["InstanceSummaryList"] == []
    create(connect_client, "same-alias")


def test_the_clean_emulator_and_its_controls(connect_emulator_clean):
    ENDPOINTS.add(connect_emulator_clean.endpoint)
    assert connect_emulator_clean.control.clock()["offset"] == 0
    connect_emulator_clean.control.advance_clock(days=3)
    other = connect_emulator_clean.client(account="123456789012", region="eu-west-2")
    assert other.list_instances()["InstanceSummaryList"] == []
    create(connect_emulator_clean.client(), "kept-for-the-next-test")


def test_one_emulator_for_the_session(connect_emulator):
    ENDPOINTS.add(connect_emulator.endpoint)
    assert len(ENDPOINTS) == 1
    # connect_emulator alone does not reset: the last test's instance is still there.
    [kept] = connect_emulator.client().list_instances()["InstanceSummaryList"]
    assert kept["InstanceAlias"] == "kept-for-the-next-test"
"""


def emulator_threads() -> set[str]:
    return {t.name for t in threading.enumerate() if t.name.startswith("connect-emulator ")}


def test_the_plugin_is_registered_for_pytest() -> None:
    plugins = {e.name: e.value for e in entry_points(group="pytest11")}
    assert plugins.get("connect_emulator") == "connect_emulator.pytest_plugin"


def test_fixtures_need_no_set_up_and_reset_between_tests(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_user=USER_TESTS)
    before = emulator_threads()
    result = pytester.runpytest(*INNER_ARGS)
    result.assert_outcomes(passed=4)
    # The session's emulator stopped with the session.
    assert emulator_threads() == before


def test_a_failing_user_test_is_reported(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        test_user="""
        def test_wrong(connect_client):
            assert connect_client.list_instances()["InstanceSummaryList"] == ["something"]
        """
    )
    result = pytester.runpytest(*INNER_ARGS)
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*assert [] == ['something']*"])


def test_options_are_overridden_in_a_conftest(pytester: pytest.Pytester) -> None:
    pytester.makeconftest(
        """
        import pytest

        @pytest.fixture(scope="session")
        def connect_emulator_options():
            return {"provisioning_delay": 3600, "seed": 3}
        """
    )
    pytester.makepyfile(
        test_user="""
        def test_slow_provisioning(connect_client, connect_emulator):
            created = connect_client.create_instance(
                IdentityManagementType="CONNECT_MANAGED",
                InstanceAlias="slow",
                InboundCallsEnabled=True,
                OutboundCallsEnabled=True,
            )
            status = connect_client.describe_instance(InstanceId=created["Id"])["Instance"]
            assert status["InstanceStatus"] == "CREATION_IN_PROGRESS"
            assert connect_emulator.control.lifecycle()["provisioning_delay"] == 3600
        """
    )
    pytester.runpytest(*INNER_ARGS).assert_outcomes(passed=1)


def test_a_fresh_process_finds_the_plugin_and_starts_nothing_unasked(
    pytester: pytest.Pytester,
) -> None:
    pytester.makepyfile(
        test_user="""
        import sys

        def test_nothing_started(request):
            assert "connect_emulator.pytest_plugin" in sys.modules
            assert "connect_emulator.testing" not in sys.modules

        def test_then_a_client(connect_client):
            assert connect_client.list_instances()["InstanceSummaryList"] == []
        """
    )
    result = pytester.runpytest_subprocess(*INNER_ARGS)
    result.assert_outcomes(passed=2)


def test_the_plugin_can_be_turned_off(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        test_user="""
        def test_uses_it(connect_client):
            pass
        """
    )
    result = pytester.runpytest(*INNER_ARGS, "-p", "no:connect_emulator")
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*fixture 'connect_client' not found*"])

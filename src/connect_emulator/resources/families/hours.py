"""Hours of operation: a plain family, the worked example of docs/architecture.md."""

from __future__ import annotations

from collections.abc import Callable

from connect_emulator.resources.family import Family, Params, Update

DAYS = ("SUNDAY", "MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY")
BASIC_HOURS = "Basic Hours"


def _defaults(lookup: Callable[[str, str], str]) -> list[Params]:
    # 24x7: "00:00 to 00:00" means the whole day on AWS.
    midnight = {"Hours": 0, "Minutes": 0}
    return [
        {
            "Name": BASIC_HOURS,
            "Description": "Basic Hours",
            "TimeZone": "America/New_York",
            "Config": [{"Day": day, "StartTime": midnight, "EndTime": midnight} for day in DAYS],
        }
    ]


HOURS = Family(
    key="hours_of_operation",
    arn_segment="operating-hours",
    noun="Hours of operation",
    create="CreateHoursOfOperation",
    describe="DescribeHoursOfOperation",
    list="ListHoursOfOperations",
    delete="DeleteHoursOfOperation",
    id_param="HoursOfOperationId",
    wrapper="HoursOfOperation",
    id_member="HoursOfOperationId",
    arn_member="HoursOfOperationArn",
    created=("HoursOfOperationId", "HoursOfOperationArn"),
    list_member="HoursOfOperationSummaryList",
    updates=(Update("UpdateHoursOfOperation", ("Name", "Description", "TimeZone", "Config")),),
    # Parent hours (inheritance) are not modelled yet: not kept, never shown.
    transient=("ParentHoursOfOperationConfigs",),
    defaults=_defaults,
)

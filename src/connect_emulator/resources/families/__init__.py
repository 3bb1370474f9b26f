"""Every declared family, in the order an instance's defaults are made (a default may refer
to the defaults of the families before it)."""

from __future__ import annotations

from connect_emulator.resources.families.hours import HOURS
from connect_emulator.resources.family import Family

FAMILIES: tuple[Family, ...] = (HOURS,)

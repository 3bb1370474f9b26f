"""The web console under ``/_emulator/console/``: server-rendered pages that show every
account's and Region's instances and what is inside them, and steer the emulator.

It reads through the domain services and the resource engine, and changes state only
through the same calls the AWS API (the pipeline) and the control API (``Controls``) make,
so the page and the APIs cannot disagree. The gateway routes to it; the app wires it.
"""

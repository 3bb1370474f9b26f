"""The pytest plugin is tested by running small pytest sessions with pytester."""

pytest_plugins = ["pytester"]

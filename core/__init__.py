"""The kernel of the Dienstverleningsmonitor: what every other package builds on - the settings,
the KPI catalogue, the source registry, periods, profiles, errors, wording and safe names. It
imports none of the other packages (tests/test_imports.py keeps it so)."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("dienstverleningsmonitor")
except PackageNotFoundError:  # running from a source tree without install
    __version__ = "0.0.0+onbekend"

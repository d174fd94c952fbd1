"""Dienstverleningsmonitor: service-norm monitoring for Dutch municipalities."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("dienstverleningsmonitor")
except PackageNotFoundError:  # running from a source tree without install
    __version__ = "0.0.0+onbekend"

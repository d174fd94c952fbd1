"""Where a run starts: its settings are built once, there, and handed down.

A run starts on the command line (dvm/cli.py builds the Settings from its flags and passes them to the
flow it starts) or as a deployment run (`dvm serve`, a worker of prefect.yaml or
deploy/gemeenten.prefect.yaml, a tenant's night started by `nightly-tenants`). A deployment run gets only
the strings `config` and `home` as parameters: its top-level flow builds the Settings here, before
anything else. Below that nothing builds its own: subflows and tasks get the object as their `settings`,
so the figure context and the texts (derived once per Settings object, core/settings.py) are built once
per run. tests/test_run_start.py checks that `load_settings` is called only where a run starts.
"""

from __future__ import annotations

from core.settings import Settings, load_settings


def run_settings(settings: Settings | None, config: str | None, home: str | None) -> Settings:
    """The run's Settings: the object whoever started the run passed (the command line, a parent flow),
    else built from the deployment run's `config` and `home` parameters."""
    return settings if settings is not None else load_settings(config, home)

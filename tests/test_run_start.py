"""A run's settings are built once, where the run starts, and handed down (flows/start.py): nowhere
else in the program is `load_settings` called, and only the flows a deployment starts build them."""

from __future__ import annotations

import ast
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("core", "delivery", "demo", "dvm", "expectations", "flows", "reports", "sources", "store", "transforms")

# (module, function) where a run starts and builds its settings from a configuration file and a home:
START_POINTS = {
    ("dvm/cli.py", "_settings"),  # every command, from its --config and --home
    ("flows/start.py", "run_settings"),  # a deployment run, from its `config` and `home` parameters
    ("flows/tenants.py", "checked"),  # nightly-tenants: each tenant's file checked before its night starts
}
# the flows whose runs a deployment starts (prefect.yaml, deploy/*.prefect.yaml, `dvm serve`), and the alert
# hook of such a run that failed before it had its settings: the only callers of `run_settings`
DEPLOYED = {
    ("flows/nightly.py", "nightly"),
    ("flows/report.py", "report"),
    ("flows/prognose.py", "prognose"),
    ("flows/deployments.py", "annual_appendix"),
    ("flows/alerts.py", "settings_of"),
}


def calls_of(name: str, root: Path = ROOT) -> set[tuple[str, str]]:
    """Every (module, enclosing top-level function or method; "<module>" for an import-time call) in the
    production packages that calls `name`, as a plain name or as an attribute (`core.settings.name`)."""

    def calls(node: ast.AST) -> bool:
        return any(
            isinstance(inner, ast.Call)
            and (
                (isinstance(inner.func, ast.Name) and inner.func.id == name)
                or (isinstance(inner.func, ast.Attribute) and inner.func.attr == name)
            )
            for inner in ast.walk(node)
        )

    found = set()
    for package in PACKAGES:
        for path in sorted((root / package).rglob("*.py")):
            module = path.relative_to(root).as_posix()
            for node in ast.parse(path.read_text(encoding="utf-8")).body:
                functions = node.body if isinstance(node, ast.ClassDef) else [node]
                for function in functions:
                    if calls(function):
                        found.add(
                            (
                                module,
                                function.name
                                if isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef)
                                else "<module>",
                            )
                        )
    return found


def test_load_settings_is_called_only_where_a_run_starts():
    assert calls_of("load_settings") == START_POINTS


def test_only_the_flows_a_deployment_starts_build_their_settings():
    assert calls_of("run_settings") == DEPLOYED


def test_every_deployed_flow_can_build_its_settings():
    """Each entry point of the deployment files is a flow that builds its settings (or nightly-tenants,
    which checks its tenants' files and starts their nights as deployment runs)."""
    entrypoints = set()
    for spec in (ROOT / "prefect.yaml", *sorted((ROOT / "deploy").glob("*.prefect.yaml"))):
        for deployment in yaml.safe_load(spec.read_text(encoding="utf-8"))["deployments"]:
            module, _, function = deployment["entrypoint"].partition(":")
            entrypoints.add((module, function))
    assert entrypoints - DEPLOYED == {("flows/tenants.py", "nightly_tenants")}

"""The tenants of nachtrun-alle: one configuration file each; a file that does not load, or that
shares a home or a store with another, is named with its reason and skipped. Each export's read is
tagged with its source system, so a Prefect tag limit can cap one system's reads on all workers."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.errors import UserError
from flows.ingest import source_tags
from flows.tenants import checked, tenant_configs


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / f"{name}.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_tenants_that_share_a_home_or_a_store_or_do_not_load_are_named_and_skipped(tmp_path):
    folder = tmp_path / "tenants"
    folder.mkdir()
    a = write(folder, "a", f'home = "{tmp_path / "a"}"\nstore = "s3://dvm/a"\n')
    b = write(folder, "b", f'home = "{tmp_path / "b"}"\nstore = "s3://dvm/a"\n')  # a's store
    c = write(folder, "c", f'home = "{tmp_path / "a"}"\n')  # a's home
    d = write(folder, "d", f'home = "{tmp_path / "d"}"\nonbekend = 1\n')  # not a configuration
    e = write(folder, "e", f'home = "{tmp_path / "e"}"\nstore = "s3://dvm/e"\n')
    (folder / "notities.txt").write_text("geen configuratie")  # not a .toml: not a tenant
    assert tenant_configs(folder) == [a, b, c, d, e]
    good, problems = checked(tenant_configs(folder))
    assert good == [a, e]
    assert sorted(problems) == ["b.toml", "c.toml", "d.toml"]
    assert (
        problems["b.toml"]
        == problems["c.toml"]
        == "deelt zijn werkmap of opslag met a.toml; elke gemeente heeft een eigen"
    )
    assert "onbekend" in problems["d.toml"]


def test_a_folder_without_tenants_is_a_clear_error(tmp_path):
    with pytest.raises(UserError, match="bestaat niet"):
        tenant_configs(tmp_path / "nergens")
    with pytest.raises(UserError, match=r"bevat geen \.toml-bestanden"):
        tenant_configs(tmp_path)


def test_each_export_is_tagged_with_its_source_system():
    assert source_tags(Path("kcc_gesprekken_20260801.csv")) == ["bron:kcc"]
    assert source_tags(Path("corsa_zaken_20260801T0600.csv")) == ["bron:corsa"]
    assert source_tags(Path("jcc_afspraken_20260801.xlsx")) == ["bron:jcc"]
    assert source_tags(Path("kcc_gesprekkenlijst.csv")) == []  # no prefix of ours: no tag, nothing waits

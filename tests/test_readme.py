"""The README's configuration examples are valid configurations: a reader who copies one gets what the
README says it does, not an error."""

from __future__ import annotations

import re
from datetime import date

from core.settings import load_settings
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_toml_block_of_the_readme_loads(tmp_path):
    blocks = re.findall(r"```toml\n(.*?)```", README, flags=re.S)
    assert blocks, "the README has no TOML example"
    for i, block in enumerate(blocks):
        path = tmp_path / f"voorbeeld{i}.toml"
        path.write_text(block, encoding="utf-8")
        settings = load_settings(path, home=tmp_path / "home")
        assert settings.gemeenten


def test_the_readmes_moved_queue_takes_each_team_on_its_dates(tmp_path):
    (block,) = [b for b in re.findall(r"```toml\n(.*?)```", README, flags=re.S) if "LOS-VERG" in b]
    path = tmp_path / "dvm.toml"
    path.write_text(block, encoding="utf-8")
    rules = [q for q in load_settings(path).queues if q.name == "LOS-VERG"]
    assert [(q.team, q.valid_from, q.valid_until) for q in rules] == [
        ("KCC", None, date(2025, 6, 30)),
        ("PVH", date(2025, 7, 1), None),
    ]


def test_the_heredoc_configurations_of_the_examples_load(tmp_path):
    for name, block in re.findall(r"cat > /tmp/(\w+)\.toml <<'EOF'\n(.*?)EOF", README, flags=re.S):
        path = tmp_path / f"{name}.toml"
        path.write_text(block, encoding="utf-8")
        assert load_settings(path).gemeenten, name

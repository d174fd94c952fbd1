"""Names from configuration or exports become one safe path component, never a path."""

from __future__ import annotations

import pytest

from core.paths import safe_component


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Losser", "Losser"),
        ("Gemeente 1", "Gemeente 1"),
        ("Súdwest-Fryslân", "Súdwest-Fryslân"),
        ("../../../../tmp/x", "_tmp_x"),  # '..' and '/' are gone; what is left is one name
        ("/tmp/x", "_tmp_x"),
        ("..", "onbekend"),
        ("Losser/Enschede", "Losser_Enschede"),
        ('=HYPERLINK("http://x","y")', "_HYPERLINK_http_x_y_"),
        ("Los\x00ser", "Losser"),
        ("", "onbekend"),
        ("  .verborgen", "verborgen"),
    ],
)
def test_a_name_becomes_one_safe_component(name, expected):
    assert safe_component(name) == expected


def test_whatever_the_name_the_folder_stays_inside(tmp_path):
    root = tmp_path / "reports"
    for name in ["../../../../tmp/x", "/etc", "..", "a/../../b", "x" * 300, "\\..\\..\\win", "~root", "$HOME"]:
        folder = (root / safe_component(name)).resolve()
        assert folder.parent == root.resolve(), name
        assert len(folder.name) <= 80

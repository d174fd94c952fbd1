"""Make docs/dashboard-desktop.png and docs/dashboard-phone.png, the README's pictures of the dashboard:
the demo's overview for Losser in headless Chromium, at 1280 px (desktop) and 390 px (a phone).

    python docs/make_dashboard_images.py [--home DVM_HOME]

Without --home the demo is built in a temporary folder first (`dvm demo`). Needs Debian's chromium
(`make browser-tools`). Every request that is not a local file is refused, as in the browser test."""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402

from dvm.cli import run  # noqa: E402

SHOTS = {"dashboard-desktop.png": (1280, 1000), "dashboard-phone.png": (390, 1100)}


def shoot(site: Path) -> None:
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        for name, (width, height) in SHOTS.items():
            page = browser.new_page(viewport={"width": width, "height": height})
            page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file://") else r.abort())
            page.goto((site / "Losser" / "index.html").as_uri())
            page.screenshot(path=str(ROOT / "docs" / name))
            print(ROOT / "docs" / name)
        browser.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--home", type=Path)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="dvm-dashboard-") as tmp:
        home = args.home or Path(tmp) / "home"
        if args.home is None and run(["demo", "--home", str(home)]) != 0:
            print("de demo mislukte", file=sys.stderr)
            return 1
        shoot(home / "dashboard")
    return 0


if __name__ == "__main__":
    sys.exit(main())

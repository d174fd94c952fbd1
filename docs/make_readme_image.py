"""Make docs/samenvatting.png, the README's picture of the printed Samenvatting: the demo's annual
report for Losser, printed to PDF by LibreOffice, its first Samenvatting page rendered by pdftoppm.

Run with `make readme-image` (it needs LibreOffice and poppler, which `make test` installs). It works in
a temporary folder and touches nothing but the picture."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from dvm.cli import run  # noqa: E402
from tests.reports.pdf_measure import measure  # noqa: E402


def main() -> int:
    target = ROOT / "docs" / "samenvatting.png"
    with tempfile.TemporaryDirectory(prefix="dvm-readme-") as tmp:
        home = Path(tmp) / "home"
        year = str(date.today().year)
        if (
            run(["demo", "--home", str(home)]) != 0
            or run(["report", year, "--gemeente", "Losser", "--home", str(home)]) != 0
        ):
            print("de demo of het jaarrapport mislukte", file=sys.stderr)
            return 1
        folder = home / "reports" / "Losser" / year
        pdf = next(folder.glob("*.pdf"), None)
        if pdf is None:
            print("geen PDF naast de werkmap: is LibreOffice geïnstalleerd? (make print-tools)", file=sys.stderr)
            return 1
        page = next(p.number for p in measure(pdf) if p.sheet == "Samenvatting")
        stem = Path(tmp) / "pagina"
        subprocess.run(
            ["pdftoppm", "-r", "80", "-png", "-singlefile", "-f", str(page), "-l", str(page), str(pdf), str(stem)],
            check=True,
        )
        shutil.copyfile(stem.with_suffix(".png"), target)
    print(target)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Lay the page models out as HTML (Jinja2, autoescape on: gemeente names and labels are data) and
write the site atomically.

The site is built in a temporary folder beside its place (a copy of the old site, so the gemeenten
not rebuilt this time stay), then put in place by two renames: a reader sees the old site or the
new one, never a half one. `gemeenten.json` in the site remembers each gemeente's headline for the
site index."""

from __future__ import annotations

import json
import os
import shutil
import uuid
from pathlib import Path
from urllib.parse import quote

from jinja2 import Environment, FileSystemLoader, select_autoescape

from reports.dashboard import svg
from reports.dashboard.model import GemeenteSite, Page
from reports.kpis_csv import kpis_csv_text

HERE = Path(__file__).parent
MANIFEST = "gemeenten.json"


def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(HERE / "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["svg"] = svg.render
    return env


def page_html(env: Environment, site: GemeenteSite, page: Page, public: bool) -> str:
    title = f"{page.title} – {site.gemeente} – Dienstverleningsmonitor"
    return env.get_template("page.html.j2").render(site=site, page=page, root="../", public=public, title=title)


def index_html(env: Environment, entries: list[dict], public: bool, footer: str) -> str:
    return env.get_template("site_index.html.j2").render(
        gemeenten=entries,
        root="",
        public=public,
        title="Dienstverlening van de gemeenten – Dienstverleningsmonitor",
        footer=footer,
    )


def gemeente_files(env: Environment, site: GemeenteSite, public: bool) -> dict[str, bytes]:
    """Every file of one gemeente's folder: its pages, their CSV downloads, the extra files."""
    files: dict[str, bytes] = {}
    for page in site.pages:
        files[f"{page.slug}.html"] = page_html(env, site, page, public).encode("utf-8")
        if page.csv is not None:
            files[f"{page.slug}.csv"] = kpis_csv_text(page.csv).encode("utf-8")
    files.update(site.files)
    return files


def write_site(root: Path, sites: list[GemeenteSite], public: bool, footer: str) -> list[Path]:
    """Write (or rewrite) these gemeenten's folders and the site index under `root`; the other
    gemeenten's folders stay as they were. Returns the index and each gemeente's index page."""
    env = environment()
    root = Path(root)
    root.parent.mkdir(parents=True, exist_ok=True)
    tmp = root.with_name(f".{root.name}.{uuid.uuid4().hex[:8]}.tmp")
    try:
        if root.is_dir():
            shutil.copytree(root, tmp, symlinks=True)
        else:
            tmp.mkdir()
        manifest_path = tmp / MANIFEST
        manifest = json.loads(manifest_path.read_text("utf-8")) if manifest_path.is_file() else {}
        for site in sites:
            folder = tmp / site.folder
            if folder.exists():
                shutil.rmtree(folder)
            folder.mkdir()
            for name, data in gemeente_files(env, site, public).items():
                (folder / name).write_bytes(data)
            manifest[site.folder] = {"gemeente": site.gemeente, "headline": site.headline}
        entries = [
            {"gemeente": e["gemeente"], "headline": e["headline"], "href": f"{quote(folder)}/index.html"}
            for folder, e in sorted(manifest.items(), key=lambda item: item[1]["gemeente"].lower())
            if (tmp / folder).is_dir()
        ]
        manifest_path.write_text(json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True), "utf-8")
        (tmp / "index.html").write_text(index_html(env, entries, public, footer), "utf-8")
        shutil.copyfile(HERE / "dashboard.css", tmp / "dashboard.css")
        _swap(tmp, root)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return [root / "index.html", *[root / s.folder / "index.html" for s in sites]]


def _swap(new: Path, root: Path) -> None:
    """Put `new` in the place of `root`: the old site moves aside first, then goes."""
    if not root.exists():
        os.rename(new, root)
        return
    old = root.with_name(f".{root.name}.{uuid.uuid4().hex[:8]}.old")
    os.rename(root, old)
    try:
        os.rename(new, root)
    except BaseException:
        os.rename(old, root)
        raise
    shutil.rmtree(old, ignore_errors=True)

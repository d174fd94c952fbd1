"""The dashboard: a static, offline, accessible Dutch site from the report's figures (`dvm dashboard`).

`content` turns finished frames into page models (`model`), `svg` draws the charts, `site` writes the
HTML (templates/*.html.j2, dashboard.css) atomically."""

"""`dvm report --mail`: the workbook and kpis.csv reach the configured recipients over SMTP
(a real aiosmtpd server on loopback), and a copy lands on the configured share."""

from __future__ import annotations

import shutil

from core.settings import load_settings
from dvm.cli import run
from flows.ingest import ingest
from tests.conftest import FIXTURES


def test_report_mail_sends_the_workbook_to_the_recipients_and_copies_it(tmp_path, smtp_server, capsys, printing_pdfs):
    exports, home, share = tmp_path / "exports", tmp_path / "dvm", tmp_path / "share"
    exports.mkdir()
    share.mkdir()
    for name in ("kcc_gesprekken_20260702.csv", "kcc_gesprekken_20260703T0600.csv"):
        shutil.copy(FIXTURES / "kcc" / name, exports / name)
    ingest([str(exports)], load_settings(home=str(home)))
    config = tmp_path / "dvm.toml"
    config.write_text(
        f'''
{smtp_server.delivery_toml}sender = "dienstverleningsmonitor@losser.nl"
recipients = ["controller@losser.nl", "programmamanager@losser.nl"]
copy_to = "{share}"
[report]
min_records = 1
''',
        encoding="utf-8",
    )
    assert (
        run(["report", "2026-07", "--gemeente", "Losser", "--mail", "--config", str(config), "--home", str(home)]) == 0
    )
    book = home / "reports" / "Losser" / "2026-07" / "dienstverleningsmonitor_Losser_2026-07.xlsx"
    ((recipients, message),) = smtp_server.received
    assert recipients == ["controller@losser.nl", "programmamanager@losser.nl"]
    # Losser July (see test_end_to_end): service level 0 % < 80 (missed), lost 0 % <= 5 (met),
    # first line 50 % < 80 (missed): 1 of 3 norms met. The figures rest on 2 calls, so this configuration
    # judges ratios from 1 record on (by default 30: no verdict). The newest export (3 July, 06:00) covers
    # the calls up to 2 July: July is partial, its verdicts provisional.
    assert message["Subject"] == "Dienstverleningsmonitor Losser 2026-07 t/m 02-07: voorlopig 1 van 3 normen gehaald"
    attachments = {p.get_filename(): p.get_payload(decode=True) for p in message.iter_attachments()}
    pdf = book.with_suffix(".pdf")
    assert attachments == {
        book.name: book.read_bytes(),
        "kpis.csv": (book.parent / "kpis.csv").read_bytes(),
        pdf.name: pdf.read_bytes(),
    }
    assert pdf.read_bytes().startswith(b"%PDF")
    assert "Norm voorlopig niet gehaald:" in message.get_body().get_content()
    assert (share / "Losser" / "2026-07" / book.name).read_bytes() == book.read_bytes()


def test_mail_without_recipients_is_a_user_error(tmp_path, capsys):
    exports, home = tmp_path / "exports", tmp_path / "dvm"
    exports.mkdir()
    shutil.copy(FIXTURES / "kcc" / "kcc_gesprekken_20260702.csv", exports)
    ingest([str(exports)], load_settings(home=str(home)))
    assert run(["report", "2026-07", "--gemeente", "Losser", "--mail", "--home", str(home)]) == 2
    err = capsys.readouterr().err
    assert err == (
        "fout: versturen per e-mail gevraagd, maar er zijn geen ontvangers ingesteld ([delivery] recipients)\n"
    )
    assert not (home / "reports").exists()  # said before the report was written

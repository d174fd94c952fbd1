"""Mail and share delivery against a real SMTP server (aiosmtpd) and real folders."""

from __future__ import annotations

import re

import pytest

from core.settings import DeliverySettings, load_settings
from delivery.share import ShareError, copy_to_folder
from delivery.smtp import XLSX, MailError, build_message, send
from tests.delivery.conftest import PASSWORD, USER


@pytest.fixture
def attachment(tmp_path):
    path = tmp_path / "dienstverleningsmonitor_Losser_2026.xlsx"
    path.write_bytes(b"PK\x03\x04" + bytes(range(256)) * 40)
    return path


def test_plain_delivery_reaches_every_recipient_with_the_attachment_intact(smtp_server, attachment):
    settings = DeliverySettings(smtp_host="127.0.0.1", smtp_port=smtp_server.port, starttls=False)
    send(
        build_message(
            "dvm@losser.nl", ["controller@losser.nl", "pm@losser.nl"], "Rapport 2026", "Zie bijlage.", [attachment]
        ),
        settings,
    )
    ((recipients, message),) = smtp_server.received
    assert recipients == ["controller@losser.nl", "pm@losser.nl"]
    assert message["Subject"] == "Rapport 2026" and message["From"] == "dvm@losser.nl"
    (part,) = list(message.iter_attachments())
    assert part.get_filename() == attachment.name and part.get_content_type() == XLSX
    assert part.get_content() == attachment.read_bytes()


def test_starttls_with_credentials_from_the_environment(
    tls_smtp_server, certificate, attachment, monkeypatch, tmp_path
):
    monkeypatch.setenv("DVM_DELIVERY__SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("DVM_DELIVERY__SMTP_PORT", str(tls_smtp_server.port))
    monkeypatch.setenv("DVM_DELIVERY__CA_FILE", str(certificate[0]))
    monkeypatch.setenv("DVM_DELIVERY__SMTP_USER", USER)
    monkeypatch.setenv("DVM_DELIVERY__SMTP_PASSWORD", PASSWORD)
    settings = load_settings(None, str(tmp_path)).delivery
    assert PASSWORD not in repr(settings)  # a SecretStr: never in a log line or an error
    send(build_message("dvm@losser.nl", ["controller@losser.nl"], "Rapport", "x", [attachment]), settings)
    assert [r for r, _ in tls_smtp_server.received] == [["controller@losser.nl"]]


def test_a_wrong_password_is_a_clear_error_without_the_password(tls_smtp_server, certificate):
    settings = DeliverySettings(
        smtp_host="127.0.0.1",
        smtp_port=tls_smtp_server.port,
        ca_file=certificate[0],
        smtp_user=USER,
        smtp_password="fout-wachtwoord-7",
        timeout_s=5,
    )
    with pytest.raises(MailError) as err:
        send(build_message("dvm@losser.nl", ["c@losser.nl"], "s", "b"), settings)
    # (aiosmtpd answers a failed AUTH slowly; the client may give up first: either way one line)
    assert str(err.value).startswith(f"mailserver 127.0.0.1:{tls_smtp_server.port}: ")
    assert "fout-wachtwoord-7" not in str(err.value) and not tls_smtp_server.received


def test_an_untrusted_certificate_is_refused(tls_smtp_server):
    settings = DeliverySettings(smtp_host="127.0.0.1", smtp_port=tls_smtp_server.port)
    with pytest.raises(MailError, match="STARTTLS"):
        send(build_message("dvm@losser.nl", ["c@losser.nl"], "s", "b"), settings)


def test_a_closed_port_names_the_server():
    settings = DeliverySettings(smtp_host="127.0.0.1", smtp_port=1, starttls=False, timeout_s=5)
    with pytest.raises(MailError, match=re.escape("mailserver 127.0.0.1:1: versturen mislukt")):
        send(build_message("dvm@losser.nl", ["c@losser.nl"], "s", "b"), settings)


def test_addresses_are_checked():
    with pytest.raises(ValueError, match=re.escape("'controller.losser.nl' is geen e-mailadres")):
        DeliverySettings(recipients=["controller.losser.nl"])


def test_copy_to_a_share_is_whole_and_names_a_missing_share(tmp_path, attachment):
    share = tmp_path / "share"
    share.mkdir()
    (copied,) = copy_to_folder([attachment], share, "Losser/2026")
    assert copied == share / "Losser" / "2026" / attachment.name
    assert copied.read_bytes() == attachment.read_bytes()
    assert [p.name for p in copied.parent.iterdir()] == [attachment.name]  # no temporary file left
    with pytest.raises(ShareError, match="bestaat niet of is niet bereikbaar"):
        copy_to_folder([attachment], tmp_path / "niet-gekoppeld", "Losser/2026")

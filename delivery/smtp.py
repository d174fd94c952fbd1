"""Mail over SMTP: STARTTLS and credentials as configured, one clear Dutch error on failure."""

from __future__ import annotations

import mimetypes
import smtplib
import ssl
from collections.abc import Sequence
from email.message import EmailMessage
from pathlib import Path

from core.settings import DeliverySettings
from core.wording import dutch_list

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class MailError(Exception):
    """Sending failed; the message says where and why, never the password."""


def build_message(
    sender: str, recipients: Sequence[str], subject: str, body: str, attachments: Sequence[Path] = ()
) -> EmailMessage:
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = sender, ", ".join(recipients), subject
    message.set_content(body)
    for path in attachments:
        kind = XLSX if path.suffix == ".xlsx" else mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        maintype, subtype = kind.split("/", 1)
        message.add_attachment(path.read_bytes(), maintype=maintype, subtype=subtype, filename=path.name)
    return message


def send(message: EmailMessage, settings: DeliverySettings) -> None:
    where = f"{settings.smtp_host}:{settings.smtp_port}"
    try:
        with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=settings.timeout_s) as smtp:
            if settings.starttls:
                smtp.starttls(
                    context=ssl.create_default_context(cafile=str(settings.ca_file) if settings.ca_file else None)
                )
            if settings.smtp_user:
                password = settings.smtp_password.get_secret_value() if settings.smtp_password else ""
                smtp.login(settings.smtp_user, password)
            smtp.send_message(message)
    except smtplib.SMTPAuthenticationError as exc:
        raise MailError(
            f"mailserver {where}: aanmelden als '{settings.smtp_user}' geweigerd ({exc.smtp_code})"
        ) from None
    except smtplib.SMTPRecipientsRefused as exc:
        raise MailError(f"mailserver {where}: ontvangers geweigerd: {dutch_list(sorted(exc.recipients))}") from None
    except smtplib.SMTPNotSupportedError as exc:
        raise MailError(f"mailserver {where}: verwacht STARTTLS of AUTH, niet ondersteund ({exc})") from None
    except ssl.SSLError as exc:
        raise MailError(f"mailserver {where}: beveiligde verbinding (STARTTLS) mislukt: {exc.reason}") from None
    except (smtplib.SMTPException, OSError) as exc:
        raise MailError(f"mailserver {where}: versturen mislukt: {type(exc).__name__}: {exc}") from None

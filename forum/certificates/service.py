"""Certificates of attendance: the organisers' wording and signature, issuing (to everyone checked in, or
one person at a time), the PDF, and the public check of a certificate's code."""

from __future__ import annotations

import io
import re
import secrets
from datetime import timedelta, timezone
from string import Formatter

from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import insert, select

from forum.accounts.models import Account
from forum.certificates.models import Certificate, CertificateSettings
from forum.core import signals, values
from forum.core.errors import DomainError, MESSAGES
from forum.core.i18n import NBSP, format_day
from forum.core.models import utcnow
from forum.events.models import Event
from forum.extensions import db
from forum.registration.models import CHECKIN_ALPHABET, Registration
from forum.events.service import lock_event
from forum.core import permissions

MESSAGES.update(
    {
        "not_yet_held": _l("Certificates of attendance can be issued once the day has begun."),
        "bad_placeholder": _l(
            "Unknown field {%(name)s}: use {name}, {organisation}, {event}, {date}, {place} or {hours}."
        ),
        "bad_image": _l("The signature must be a PNG or JPEG image of at most 300 KB."),
        "image_too_large": _l(
            "This image has too many pixels: scan or photograph the signature at a lower resolution "
            "(at most 12 million pixels)."
        ),
        "no_certificate": _l("No certificate of attendance has been issued to this person yet."),
    }
)

PLACEHOLDERS = ("name", "organisation", "event", "date", "place", "hours")
MAX_SIGNATURE = 300 * 1024
#: the most pixels an uploaded signature may have (a 4,000 x 3,000 photo of a signed sheet)
MAX_SIGNATURE_PIXELS = 12_000_000
#: what the PDF prints: 60 x 25 mm at 300 dpi
SIGNATURE_SIZE = (709, 295)
#: the break kinds of the programme, not counted in the time attended
BREAKS = ("break",)


def default_wording(language: str) -> str:
    with force_locale(language):
        return _(
            "This is to certify that {name} ({organisation}) attended “{event}” on {date} in {place}, for {hours}."
        )


def settings_of(event: Event) -> CertificateSettings:
    return db.session.get(CertificateSettings, event.id) or CertificateSettings(event_id=event.id)


def _wording(value, name: str) -> str:
    text = values.text(value or "", name, maximum=2000, multiline=True)
    try:
        fields = [field for _, field, _, _ in Formatter().parse(text) if field is not None]
    except ValueError:
        raise DomainError("invalid", fields={name: [("bad_placeholder", {"name": "…"})]})
    for field in fields:
        if field not in PLACEHOLDERS:
            raise DomainError("invalid", fields={name: [("bad_placeholder", {"name": field})]})
    return text


def _signature(data: bytes | None) -> tuple[bytes, str] | None:
    """The uploaded signature checked and reduced, once, to what the PDF prints: a PNG of at most
    SIGNATURE_SIZE pixels. Its pixel count is read from its header before anything is decoded: a small file
    may hold a huge image (13,000 x 13,000 pixels in 164 KB), which no request decodes."""
    if not data:
        return None
    kind = "png" if data.startswith(b"\x89PNG\r\n\x1a\n") else "jpeg" if data.startswith(b"\xff\xd8\xff") else None
    if kind is None or len(data) > MAX_SIGNATURE:
        raise DomainError("invalid", fields={"signature": ["bad_image"]})
    return reduce_signature(data), "png"


def reduce_signature(data: bytes) -> bytes:
    """A PNG of the signature at the size the PDF prints it (DomainError if it is not a sensible image)."""
    import warnings

    from PIL import Image

    try:
        with warnings.catch_warnings():  # Pillow's own bomb warning: the pixel count is checked here
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))  # reads the header only
        width, height = image.size
        if width * height > MAX_SIGNATURE_PIXELS:
            raise DomainError("invalid", fields={"signature": ["image_too_large"]})
        image.draft("RGB", SIGNATURE_SIZE)  # a JPEG decodes at a reduced scale
        image.thumbnail(SIGNATURE_SIZE)
        image = image.convert("RGBA" if image.mode in ("RGBA", "LA", "P", "PA") else "RGB")
        out = io.BytesIO()
        image.save(out, "PNG", optimize=True)
        return out.getvalue()
    except DomainError:
        raise
    except Image.DecompressionBombError:  # beyond twice Pillow's own limit: refused by Pillow itself
        raise DomainError("invalid", fields={"signature": ["image_too_large"]})
    except Exception:  # noqa: BLE001 - Pillow raises many kinds for a broken file
        raise DomainError("invalid", fields={"signature": ["bad_image"]})


def update_settings(
    event: Event, data: dict, *, signature: bytes | None, remove_signature: bool = False, actor: Account | None
) -> CertificateSettings:
    """The wording (French and English, empty for the default) and who signs, with the signature's image."""
    permissions.require(event, actor, "manage")
    settings = settings_of(event)
    settings.signatory = values.text(data.get("signatory") or "", "signatory", maximum=120)
    settings.signatory_role = values.text(data.get("signatory_role") or "", "signatory_role", maximum=160)
    settings.wording_fr = _wording(data.get("wording_fr"), "wording_fr")
    settings.wording_en = _wording(data.get("wording_en"), "wording_en")
    image = _signature(signature)
    if image:
        settings.signature, settings.signature_kind = image
    elif remove_signature:
        settings.signature, settings.signature_kind = None, ""
    settings.updated_at = utcnow()
    db.session.add(settings)
    db.session.commit()
    return settings


# -- issuing ---------------------------------------------------------------


def attended_minutes(event: Event) -> int:
    """The day's length without its breaks (a programme item of the kind "break")."""
    total = (event.ends_at - event.starts_at) / timedelta(minutes=1)
    breaks = sum(
        (item.ends_at - item.starts_at) / timedelta(minutes=1) for item in event.programme if item.kind in BREAKS
    )
    return max(int(total - breaks), 0)


def _new_code() -> str:
    return "".join(secrets.choice(CHECKIN_ALPHABET) for _ in range(12))


def is_held(event: Event) -> bool:
    """Certificates are issued once the day has begun."""
    return event.starts_at_aware <= utcnow().replace(tzinfo=timezone.utc)


def _require_held(event: Event) -> None:
    if not is_held(event):
        raise DomainError("not_yet_held")


def _row(event: Event, registration: Registration, minutes: int, actor: Account | None) -> dict:
    return {
        "event_id": event.id,
        "registration_id": registration.id,
        "code": _new_code(),
        "full_name": registration.full_name,
        "organisation": registration.organisation,
        "minutes": minutes,
        "language": registration.locale,
        "issued_at": utcnow(),
        "issued_by_id": actor.id if actor else None,
    }


def issue_to_attendees(event: Event, *, actor: Account | None) -> int:
    """A certificate to everyone checked in who has none yet, each sent by e-mail; how many were issued."""
    permissions.require(event, actor, "manage")
    _require_held(event)
    lock_event(event)  # one issuing at a time: two clicks never issue twice
    already = select(Certificate.registration_id).where(
        Certificate.event_id == event.id, Certificate.registration_id.is_not(None)
    )
    people = db.session.scalars(
        select(Registration).where(
            Registration.event_id == event.id,
            Registration.status == "confirmed",
            Registration.checked_in_at.is_not(None),
            Registration.id.not_in(already),
        )
    ).all()
    minutes = attended_minutes(event)
    rows = [_row(event, person, minutes, actor) for person in people]
    if rows:
        ids = db.session.scalars(insert(Certificate).returning(Certificate.id), rows).all()
        signals.certificates_issued.send(event, certificate_ids=list(ids))
    db.session.commit()
    return len(rows)


def issue(event: Event, registration: Registration, *, actor: Account | None) -> Certificate:
    """One person's certificate (someone who was there but not checked in); the same again gives it back."""
    permissions.require(event, actor, "manage")
    _require_held(event)
    if registration.event_id != event.id:
        raise DomainError("not_found")
    if registration.status != "confirmed":
        raise DomainError("not_confirmed")
    existing = certificate_of(registration)
    if existing is not None:
        return existing
    certificate = Certificate(**_row(event, registration, attended_minutes(event), actor))
    db.session.add(certificate)
    db.session.flush()
    signals.certificates_issued.send(event, certificate_ids=[certificate.id])
    db.session.commit()
    return certificate


def certificate_of(registration: Registration) -> Certificate | None:
    return db.session.scalar(select(Certificate).where(Certificate.registration_id == registration.id))


def certificates_of(event: Event) -> dict[int, Certificate]:
    """Issued certificates by registration id."""
    return {
        c.registration_id: c for c in db.session.scalars(select(Certificate).where(Certificate.event_id == event.id))
    }


def verify(code: str) -> Certificate | None:
    """The certificate with this code (as printed, any case, with or without spaces), or None."""
    cleaned = re.sub(r"[^A-Z0-9]", "", (code or "").upper())
    if len(cleaned) != 12:
        return None
    return db.session.scalar(select(Certificate).where(Certificate.code == cleaned))


def shown_code(certificate: Certificate) -> str:
    return "-".join(certificate.code[i : i + 4] for i in range(0, 12, 4))


def format_hours(minutes: int, language: str) -> str:
    hours, rest = divmod(minutes, 60)
    if language == "fr":
        return (
            f"{hours}{NBSP}h{NBSP}{rest:02d}"
            if rest
            else f"{hours}{NBSP}heures"
            if hours > 1
            else f"{hours}{NBSP}heure"
        )
    if rest:
        return f"{hours} h {rest:02d} min"
    return f"{hours} hour" + ("s" if hours != 1 else "")


def town(event: Event) -> str:
    """The town of the venue: the address's last part without its postcode ("59000 Lille" -> "Lille")."""
    last = (event.venue_address or "").split(",")[-1].strip()
    return re.sub(r"^\d{4,5}\s+", "", last)


def wording_values(certificate: Certificate, event: Event) -> dict:
    language = certificate.language
    place = ", ".join(part for part in (event.venue_name, town(event)) if part)
    return {
        "name": certificate.full_name or "—",
        "organisation": certificate.organisation or "—",
        "event": event.title,
        "date": format_day(event.starts_at, language),
        "place": place,
        "hours": format_hours(certificate.minutes, language),
    }


def text_of(certificate: Certificate, event: Event, settings: CertificateSettings) -> str:
    own = settings.wording_fr if certificate.language == "fr" else settings.wording_en
    return (own or default_wording(certificate.language)).format(**wording_values(certificate, event))


@signals.event_purging.connect
def _forget_names(event: Event, **_kw) -> None:
    """The RGPD purge: certificates keep their code, event and hours (the check still says "issued"), not whom."""
    db.session.execute(
        db.update(Certificate).where(Certificate.event_id == event.id).values(full_name="", organisation="")
    )

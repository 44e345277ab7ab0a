"""Certificates of attendance (attestations de présence): the event's wording and signature, and one
certificate per person, with the code that verifies it."""

from datetime import datetime

from sqlalchemy import ForeignKey, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from forum.core.models import utcnow
from forum.events.models import Event
from forum.extensions import db


class CertificateSettings(db.Model):
    """What every certificate of an event says and who signs it."""

    __tablename__ = "certificate_settings"

    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), primary_key=True)
    signatory: Mapped[str] = mapped_column(String(120), default="")
    signatory_role: Mapped[str] = mapped_column(String(160), default="")
    #: the signature as an image (PNG or JPEG, at most 300 KB), and its kind ("png", "jpeg")
    signature: Mapped[bytes | None] = mapped_column(LargeBinary)
    signature_kind: Mapped[str] = mapped_column(String(8), default="")
    #: the text, with {name}, {organisation}, {event}, {date}, {place}, {hours}; empty: the default wording
    wording_fr: Mapped[str] = mapped_column(Text, default="")
    wording_en: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class Certificate(db.Model):
    """One person's certificate. The name is kept as issued (the document says it) until the event's
    personal data are purged."""

    __tablename__ = "certificates"
    __table_args__ = (UniqueConstraint("event_id", "registration_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    registration_id: Mapped[int | None] = mapped_column(ForeignKey("registrations.id", ondelete="SET NULL"))
    #: what /verify/<code> takes: 12 characters without look-alikes, printed on the certificate
    code: Mapped[str] = mapped_column(String(16), unique=True)
    full_name: Mapped[str] = mapped_column(String(240), default="")
    organisation: Mapped[str] = mapped_column(String(200), default="")
    #: the time attended, in minutes (the day without its breaks)
    minutes: Mapped[int] = mapped_column(default=0)
    #: the language it is written in (the person's)
    language: Mapped[str] = mapped_column(String(2), default="fr")
    issued_at: Mapped[datetime] = mapped_column(default=utcnow)
    issued_by_id: Mapped[int | None] = mapped_column(ForeignKey("organisers.id", ondelete="SET NULL"))

    event: Mapped[Event] = relationship()

"""The resource stand and the proceedings' annexes: what people take home."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from forum.core.models import utcnow
from forum.extensions import db

#: the kinds of resource, in the order the stand lists them
KINDS = ("bibliography", "experience", "book", "site", "document")
#: who sees a resource: everyone (the proceedings list it) or the event's registrants
VISIBILITIES = ("public", "registrants")


class StoredFile:
    """A file in the storage folder (core.uploads) or a link: exactly one of the two."""

    #: http(s) address of a link
    url: Mapped[str | None] = mapped_column(String(2000))
    #: the storage key (folder/random name) of a file
    file_key: Mapped[str | None] = mapped_column(String(200))
    #: the safe name it is downloaded under
    file_name: Mapped[str | None] = mapped_column(String(120))
    #: its type, read from its content
    file_type: Mapped[str | None] = mapped_column(String(120))
    file_size: Mapped[int | None]


class Resource(StoredFile, db.Model):
    """A resource of the stand: attached to the event, one of its programme items or one of its workshops."""

    __tablename__ = "resources"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    programme_item_id: Mapped[int | None] = mapped_column(ForeignKey("programme_items.id", ondelete="SET NULL"))
    workshop_id: Mapped[int | None] = mapped_column(ForeignKey("workshops.id", ondelete="SET NULL"))
    #: one of KINDS
    kind: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(200))
    author: Mapped[str] = mapped_column(String(200), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    #: one of VISIBILITIES
    visibility: Mapped[str] = mapped_column(String(12), default="public")
    #: the rapporteur who added it (None: an organiser; forgotten when that registration goes)
    added_by_registration_id: Mapped[int | None] = mapped_column(ForeignKey("registrations.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    @property
    def public(self) -> bool:
        return self.visibility == "public"


class Annex(StoredFile, db.Model):
    """A numbered annex of the proceedings ("Annexe 1 : …"), always public with the proceedings."""

    __tablename__ = "annexes"
    __table_args__ = (UniqueConstraint("event_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    #: 1, 2, 3… without gaps
    number: Mapped[int]
    title: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

"""Column helpers shared by every domain's models."""
from datetime import datetime, timezone


def utcnow() -> datetime:
    """Now, in UTC, without tzinfo (stored as naive UTC)."""
    return datetime.now(timezone.utc).replace(tzinfo=None)

"""certificates: the signatures already uploaded, reduced to what the PDF prints (no request decodes a big one)

Revision ID: 0019_signatures_reduced
Revises: 0018_session_version
"""

import io

from alembic import op
import sqlalchemy as sa


revision = '0019_signatures_reduced'
down_revision = '0018_session_version'
branch_labels = None
depends_on = None

MAX_PIXELS = 12_000_000
SIZE = (709, 295)


def _reduced(data: bytes) -> bytes | None:
    from PIL import Image

    try:
        image = Image.open(io.BytesIO(data))
        if image.size[0] * image.size[1] > MAX_PIXELS:
            return None
        image.thumbnail(SIZE)
        image = image.convert("RGBA" if image.mode in ("RGBA", "LA", "P", "PA") else "RGB")
        out = io.BytesIO()
        image.save(out, "PNG", optimize=True)
        return out.getvalue()
    except Exception:  # noqa: BLE001 - a broken image is dropped
        return None


def upgrade():
    connection = op.get_bind()
    rows = connection.execute(
        sa.text("SELECT event_id, signature FROM certificate_settings WHERE signature IS NOT NULL")
    ).all()
    for event_id, signature in rows:
        reduced = _reduced(bytes(signature))
        connection.execute(
            sa.text("UPDATE certificate_settings SET signature = :s, signature_kind = :k WHERE event_id = :e"),
            {"s": reduced, "k": "png" if reduced else "", "e": event_id},
        )


def downgrade():
    pass

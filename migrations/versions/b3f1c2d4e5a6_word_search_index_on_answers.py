"""word search index on answers

SQLite: an FTS5 table kept by triggers on answers; PostgreSQL: a GIN index on each answer's
text. Stored answers are indexed here. See flse_feedback/models/search.py.

Revision ID: b3f1c2d4e5a6
Revises: adab479865c5
Create Date: 2026-11-26 16:40:00

"""
from alembic import op

from flse_feedback.models import search


# revision identifiers, used by Alembic.
revision = 'b3f1c2d4e5a6'
down_revision = 'adab479865c5'
branch_labels = None
depends_on = None


def upgrade():
    search.create(op.get_bind(), fill=True)


def downgrade():
    search.drop(op.get_bind())

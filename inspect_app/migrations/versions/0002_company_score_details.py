"""company_score.details: the frozen per-neighbourhood means and finding counts behind a company's score

Revision ID: 0002_score_details
Revises: 0001
Create Date: 2026-11-28 12:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0002_score_details'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('company_score', schema=None) as batch_op:
        batch_op.add_column(sa.Column('details', sa.JSON(), server_default=sa.text("'{}'"), nullable=False))


def downgrade():
    with op.batch_alter_table('company_score', schema=None) as batch_op:
        batch_op.drop_column('details')

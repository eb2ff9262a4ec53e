"""announced_photo: photos a phone has queued for upload, listed on the record until they arrive

Revision ID: 0003_announced_photo
Revises: 0002_score_details
Create Date: 2026-11-28 13:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0003_announced_photo'
down_revision = '0002_score_details'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('announced_photo',
    sa.Column('inspection_id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('client_key', sa.String(length=64), nullable=False),
    sa.Column('announced_by_id', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['announced_by_id'], ['user_account.id'], name=op.f('fk_announced_photo_announced_by_id_user_account')),
    sa.ForeignKeyConstraint(['inspection_id'], ['inspection.id'], name=op.f('fk_announced_photo_inspection_id_inspection')),
    sa.ForeignKeyConstraint(['item_id'], ['checklist_item.id'], name=op.f('fk_announced_photo_item_id_checklist_item')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_announced_photo')),
    sa.UniqueConstraint('client_key', name=op.f('uq_announced_photo_client_key'))
    )
    with op.batch_alter_table('announced_photo', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_announced_photo_inspection_id'), ['inspection_id'], unique=False)


def downgrade():
    with op.batch_alter_table('announced_photo', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_announced_photo_inspection_id'))

    op.drop_table('announced_photo')

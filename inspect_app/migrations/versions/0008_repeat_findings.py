"""Repeat findings (重复发现): finding.repeat_count and one finding_repeat row per patrol that found it again

Revision ID: 0008_repeat_findings
Revises: 0005_user_areas
Create Date: 2026-12-02 14:30:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0008_repeat_findings'
down_revision = '0005_user_areas'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('finding', schema=None) as batch_op:
        batch_op.add_column(sa.Column('repeat_count', sa.Integer(), server_default='0', nullable=False))
    op.create_table('finding_repeat',
    sa.Column('finding_id', sa.Integer(), nullable=False),
    sa.Column('inspection_id', sa.Integer(), nullable=False),
    sa.Column('item_result_id', sa.Integer(), nullable=False),
    sa.Column('deduction', sa.Numeric(precision=6, scale=2), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], name=op.f('fk_finding_repeat_created_by_id_user_account')),
    sa.ForeignKeyConstraint(['finding_id'], ['finding.id'], name=op.f('fk_finding_repeat_finding_id_finding')),
    sa.ForeignKeyConstraint(['inspection_id'], ['inspection.id'], name=op.f('fk_finding_repeat_inspection_id_inspection')),
    sa.ForeignKeyConstraint(['item_result_id'], ['item_result.id'], name=op.f('fk_finding_repeat_item_result_id_item_result')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_finding_repeat')),
    sa.UniqueConstraint('item_result_id', name=op.f('uq_finding_repeat_item_result_id'))
    )
    with op.batch_alter_table('finding_repeat', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_finding_repeat_finding_id'), ['finding_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_finding_repeat_inspection_id'), ['inspection_id'], unique=False)


def downgrade():
    with op.batch_alter_table('finding_repeat', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_finding_repeat_inspection_id'))
        batch_op.drop_index(batch_op.f('ix_finding_repeat_finding_id'))
    op.drop_table('finding_repeat')
    with op.batch_alter_table('finding', schema=None) as batch_op:
        batch_op.drop_column('repeat_count')

"""督办: escalations of overdue orders with their number series and the admin's setting; an order's deadline in
working days; a finding's escalation level

Revision ID: 0012_escalation
Revises: 0011_sms
Create Date: 2026-12-02 20:30:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0012_escalation'
down_revision = '0011_sms'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'escalation',
        sa.Column('order_id', sa.Integer(), nullable=False),
        sa.Column('level', sa.String(length=20), nullable=False),
        sa.Column('year', sa.Integer(), nullable=False),
        sa.Column('sequence', sa.Integer(), nullable=False),
        sa.Column('number', sa.String(length=50), nullable=False),
        sa.Column('workdays_overdue', sa.Integer(), nullable=False),
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['order_id'], ['rectification_order.id'],
                                name=op.f('fk_escalation_order_id_rectification_order')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_escalation')),
        sa.UniqueConstraint('number', name=op.f('uq_escalation_number')),
        sa.UniqueConstraint('order_id', 'level', name=op.f('uq_escalation_order_id_level')),
        sa.UniqueConstraint('year', 'sequence', name=op.f('uq_escalation_year_sequence')),
    )
    op.create_index(op.f('ix_escalation_order_id'), 'escalation', ['order_id'])
    op.create_table(
        'escalation_number_counter',
        sa.Column('year', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('last_sequence', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('year', name=op.f('pk_escalation_number_counter')),
    )
    op.create_table(
        'escalation_setting',
        sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('overdue_workdays', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_escalation_setting')),
    )
    with op.batch_alter_table('rectification_order') as batch_op:
        batch_op.add_column(sa.Column('deadline_workdays', sa.Integer(), nullable=True))
    with op.batch_alter_table('finding') as batch_op:
        batch_op.add_column(sa.Column('escalation_level', sa.String(length=20), nullable=True))


def downgrade():
    with op.batch_alter_table('finding') as batch_op:
        batch_op.drop_column('escalation_level')
    with op.batch_alter_table('rectification_order') as batch_op:
        batch_op.drop_column('deadline_workdays')
    op.drop_table('escalation_setting')
    op.drop_table('escalation_number_counter')
    op.drop_index(op.f('ix_escalation_order_id'), table_name='escalation')
    op.drop_table('escalation')

"""Accounts for their whole life: a phone, a forced password change after a reset, and every change recorded

Revision ID: 0006_accounts
Revises: 0007_responsible_unit
Create Date: 2026-12-02 14:45:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0006_accounts'
down_revision = '0007_responsible_unit'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        # A plain '0' (false on both backends): an expression default would make SQLite copy the whole table.
        batch_op.add_column(sa.Column('must_change_password', sa.Boolean(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('phone', sa.String(length=30), nullable=True))
    op.create_table(
        'account_event',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('account_id', sa.Integer(), nullable=False),
        sa.Column('actor_id', sa.Integer(), nullable=True),
        sa.Column('kind', sa.String(length=30), nullable=False),
        sa.Column('details', sa.JSON(), nullable=False),
        sa.Column('at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['account_id'], ['user_account.id'],
                                name=op.f('fk_account_event_account_id_user_account')),
        sa.ForeignKeyConstraint(['actor_id'], ['user_account.id'],
                                name=op.f('fk_account_event_actor_id_user_account')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_account_event')),
    )
    with op.batch_alter_table('account_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_account_event_account_id'), ['account_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_account_event_at'), ['at'], unique=False)


def downgrade():
    with op.batch_alter_table('account_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_account_event_at'))
        batch_op.drop_index(batch_op.f('ix_account_event_account_id'))
    op.drop_table('account_event')
    # SQLite drops a column by copying the table: the rows that refer to accounts must not stop it midway.
    sqlite = op.get_bind().dialect.name == 'sqlite'
    if sqlite:
        op.execute('PRAGMA foreign_keys=OFF')
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.drop_column('phone')
        batch_op.drop_column('must_change_password')
    if sqlite:
        op.execute('PRAGMA foreign_keys=ON')

"""Notifications by SMS: each account's preference

Revision ID: 0011_sms
Revises: 0006_accounts
Create Date: 2026-12-02 15:40:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0011_sms'
down_revision = '0006_accounts'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('notification_setting') as batch_op:
        batch_op.add_column(sa.Column('sms_enabled', sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade():
    with op.batch_alter_table('notification_setting') as batch_op:
        batch_op.drop_column('sms_enabled')

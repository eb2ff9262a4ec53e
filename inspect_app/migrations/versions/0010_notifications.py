"""Notifications: inbox entries, their deliveries by e-mail, and each account's preferences

Revision ID: 0010_notifications
Revises: 0009_workdays
Create Date: 2026-12-02 15:10:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0010_notifications'
down_revision = '0009_workdays'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'notification',
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=30), nullable=False),
        sa.Column('event_key', sa.String(length=120), nullable=False),
        sa.Column('title', sa.String(length=200), nullable=False),
        sa.Column('body', sa.Text(), nullable=False),
        sa.Column('link', sa.String(length=300), nullable=False),
        sa.Column('read_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_notification_user_id_user_account')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_notification')),
        sa.UniqueConstraint('user_id', 'event_key', name=op.f('uq_notification_user_id_event_key')),
    )
    op.create_index('ix_notification_user_unread', 'notification', ['user_id', 'read_at'], unique=False)
    op.create_table(
        'notification_delivery',
        sa.Column('notification_id', sa.Integer(), nullable=False),
        sa.Column('channel', sa.String(length=10), nullable=False),
        sa.Column('address', sa.String(length=200), nullable=False),
        sa.Column('status', sa.String(length=10), nullable=False),
        sa.Column('attempts', sa.Integer(), nullable=False),
        sa.Column('last_error', sa.Text(), nullable=False),
        sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['notification_id'], ['notification.id'],
                                name=op.f('fk_notification_delivery_notification_id_notification')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_notification_delivery')),
    )
    op.create_index(op.f('ix_notification_delivery_notification_id'), 'notification_delivery', ['notification_id'])
    op.create_index(op.f('ix_notification_delivery_status'), 'notification_delivery', ['status'])
    op.create_table(
        'notification_setting',
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('email', sa.String(length=200), nullable=False),
        sa.Column('email_enabled', sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(['user_id'], ['user_account.id'],
                                name=op.f('fk_notification_setting_user_id_user_account')),
        sa.PrimaryKeyConstraint('user_id', name=op.f('pk_notification_setting')),
    )


def downgrade():
    op.drop_table('notification_setting')
    op.drop_index(op.f('ix_notification_delivery_status'), table_name='notification_delivery')
    op.drop_index(op.f('ix_notification_delivery_notification_id'), table_name='notification_delivery')
    op.drop_table('notification_delivery')
    op.drop_index('ix_notification_user_unread', table_name='notification')
    op.drop_table('notification')

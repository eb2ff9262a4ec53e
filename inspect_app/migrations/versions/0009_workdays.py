"""The admin table of the working-day calendar: entered years and their holidays and make-up days

Revision ID: 0009_workdays
Revises: 0008_repeat_findings
Create Date: 2026-12-02 14:50:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0009_workdays'
down_revision = '0008_repeat_findings'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'calendar_year',
        sa.Column('year', sa.Integer(), nullable=False),
        sa.Column('note', sa.String(length=200), nullable=False),
        sa.Column('entered_by_id', sa.Integer(), nullable=True),
        sa.Column('entered_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['entered_by_id'], ['user_account.id'],
                                name=op.f('fk_calendar_year_entered_by_id_user_account')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_calendar_year')),
        sa.UniqueConstraint('year', name=op.f('uq_calendar_year_year')),
    )
    op.create_table(
        'calendar_day',
        sa.Column('day', sa.Date(), nullable=False),
        sa.Column('is_workday', sa.Boolean(), nullable=False),
        sa.Column('name', sa.String(length=50), nullable=False),
        sa.Column('id', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_calendar_day')),
        sa.UniqueConstraint('day', name=op.f('uq_calendar_day_day')),
    )


def downgrade():
    op.drop_table('calendar_day')
    op.drop_table('calendar_year')

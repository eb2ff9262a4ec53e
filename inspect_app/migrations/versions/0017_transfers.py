"""Transfers (转办): departments, a finding's transfer with its deadline and reply; notifications to an outside
address (a department without an account: no user)

Revision ID: 0017_transfers
Revises: 0021_area_ranking
Create Date: 2026-12-03 13:27:29

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0017_transfers'
down_revision = '0021_area_ranking'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('department',
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('contact_person', sa.String(length=50), nullable=False),
    sa.Column('email', sa.String(length=200), nullable=False),
    sa.Column('phone', sa.String(length=30), nullable=False),
    sa.Column('is_enabled', sa.Boolean(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_department')),
    sa.UniqueConstraint('name', name=op.f('uq_department_name'))
    )
    op.create_table('transfer',
    sa.Column('finding_id', sa.Integer(), nullable=False),
    sa.Column('department_id', sa.Integer(), nullable=False),
    sa.Column('neighborhood_id', sa.Integer(), nullable=False),
    sa.Column('state', sa.String(length=20), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('transferred_on', sa.Date(), nullable=False),
    sa.Column('deadline_workdays', sa.Integer(), nullable=False),
    sa.Column('deadline', sa.Date(), nullable=False),
    sa.Column('transferred_by_id', sa.Integer(), nullable=False),
    sa.Column('reply_text', sa.Text(), nullable=False),
    sa.Column('replied_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['department_id'], ['department.id'], name=op.f('fk_transfer_department_id_department')),
    sa.ForeignKeyConstraint(['finding_id'], ['finding.id'], name=op.f('fk_transfer_finding_id_finding')),
    sa.ForeignKeyConstraint(['neighborhood_id'], ['neighborhood.id'], name=op.f('fk_transfer_neighborhood_id_neighborhood')),
    sa.ForeignKeyConstraint(['transferred_by_id'], ['user_account.id'], name=op.f('fk_transfer_transferred_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_transfer'))
    )
    with op.batch_alter_table('transfer', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_transfer_department_id'), ['department_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_transfer_finding_id'), ['finding_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_transfer_neighborhood_id'), ['neighborhood_id'], unique=False)
        batch_op.create_index('ix_transfer_state_deadline', ['state', 'deadline'], unique=False)
        batch_op.create_index('uq_transfer_pending_finding', ['finding_id'], unique=True, sqlite_where=sa.text("state = 'pending'"), postgresql_where=sa.text("state = 'pending'"))

    with op.batch_alter_table('notification', schema=None) as batch_op:
        batch_op.alter_column('user_id',
               existing_type=sa.INTEGER(),
               nullable=True)
        batch_op.create_index('uq_notification_outside_event', ['event_key'], unique=True, sqlite_where=sa.text('user_id IS NULL'), postgresql_where=sa.text('user_id IS NULL'))



def downgrade():
    # An outside address's notifications have no account to keep them: gone with the departments.
    op.execute("DELETE FROM notification_delivery WHERE notification_id IN "
               "(SELECT id FROM notification WHERE user_id IS NULL)")
    op.execute("DELETE FROM notification WHERE user_id IS NULL")
    with op.batch_alter_table('notification', schema=None) as batch_op:
        batch_op.drop_index('uq_notification_outside_event', sqlite_where=sa.text('user_id IS NULL'), postgresql_where=sa.text('user_id IS NULL'))
        batch_op.alter_column('user_id',
               existing_type=sa.INTEGER(),
               nullable=False)

    with op.batch_alter_table('transfer', schema=None) as batch_op:
        batch_op.drop_index('uq_transfer_pending_finding', sqlite_where=sa.text("state = 'pending'"), postgresql_where=sa.text("state = 'pending'"))
        batch_op.drop_index('ix_transfer_state_deadline')
        batch_op.drop_index(batch_op.f('ix_transfer_neighborhood_id'))
        batch_op.drop_index(batch_op.f('ix_transfer_finding_id'))
        batch_op.drop_index(batch_op.f('ix_transfer_department_id'))

    op.drop_table('transfer')
    op.drop_table('department')

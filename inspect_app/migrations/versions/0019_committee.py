"""Owners' committees: a neighbourhood-bound account, the 专项考评 items, per-period copies, inputs and points

Revision ID: 0019_committee
Revises: 0017_transfers
Create Date: 2026-12-03 13:27:46.073401

"""
from alembic import op
import sqlalchemy as sa


revision = '0019_committee'
down_revision = '0017_transfers'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('committee_item',
    sa.Column('text', sa.String(length=200), nullable=False),
    sa.Column('max_points', sa.Numeric(precision=6, scale=2), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('is_active', sa.Boolean(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_committee_item'))
    )
    op.create_table('committee_period_item',
    sa.Column('period_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('text', sa.String(length=200), nullable=False),
    sa.Column('max_points', sa.Numeric(precision=6, scale=2), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['period_id'], ['assessment_period.id'], name=op.f('fk_committee_period_item_period_id_assessment_period')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_committee_period_item')),
    sa.UniqueConstraint('period_id', 'position', name=op.f('uq_committee_period_item_period_id_position'))
    )
    with op.batch_alter_table('committee_period_item', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_committee_period_item_period_id'), ['period_id'], unique=False)

    op.create_table('committee_share',
    sa.Column('period_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('share', sa.Numeric(precision=4, scale=2), nullable=False),
    sa.ForeignKeyConstraint(['period_id'], ['assessment_period.id'], name=op.f('fk_committee_share_period_id_assessment_period')),
    sa.PrimaryKeyConstraint('period_id', name=op.f('pk_committee_share'))
    )
    op.create_table('committee_input',
    sa.Column('period_id', sa.Integer(), nullable=False),
    sa.Column('neighborhood_id', sa.Integer(), nullable=False),
    sa.Column('company_id', sa.Integer(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('entered_by_id', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['company_id'], ['property_company.id'], name=op.f('fk_committee_input_company_id_property_company')),
    sa.ForeignKeyConstraint(['entered_by_id'], ['user_account.id'], name=op.f('fk_committee_input_entered_by_id_user_account')),
    sa.ForeignKeyConstraint(['neighborhood_id'], ['neighborhood.id'], name=op.f('fk_committee_input_neighborhood_id_neighborhood')),
    sa.ForeignKeyConstraint(['period_id'], ['assessment_period.id'], name=op.f('fk_committee_input_period_id_assessment_period')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_committee_input')),
    sa.UniqueConstraint('period_id', 'neighborhood_id', name=op.f('uq_committee_input_period_id_neighborhood_id'))
    )
    with op.batch_alter_table('committee_input', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_committee_input_company_id'), ['company_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_committee_input_neighborhood_id'), ['neighborhood_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_committee_input_period_id'), ['period_id'], unique=False)

    op.create_table('committee_points',
    sa.Column('input_id', sa.Integer(), nullable=False),
    sa.Column('period_item_id', sa.Integer(), nullable=False),
    sa.Column('points', sa.Numeric(precision=6, scale=2), nullable=False),
    sa.ForeignKeyConstraint(['input_id'], ['committee_input.id'], name=op.f('fk_committee_points_input_id_committee_input')),
    sa.ForeignKeyConstraint(['period_item_id'], ['committee_period_item.id'], name=op.f('fk_committee_points_period_item_id_committee_period_item')),
    sa.PrimaryKeyConstraint('input_id', 'period_item_id', name=op.f('pk_committee_points'))
    )
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.add_column(sa.Column('neighborhood_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_user_account_neighborhood_id'), ['neighborhood_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_user_account_neighborhood_id_neighborhood'), 'neighborhood',
                                    ['neighborhood_id'], ['id'])
        batch_op.create_check_constraint(batch_op.f('ck_user_account_committee_has_neighborhood'),
                                         "(role = 'committee') = (neighborhood_id IS NOT NULL)")


def downgrade():
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_user_account_committee_has_neighborhood'), type_='check')
        batch_op.drop_constraint(batch_op.f('fk_user_account_neighborhood_id_neighborhood'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_user_account_neighborhood_id'))
        batch_op.drop_column('neighborhood_id')

    op.drop_table('committee_points')
    with op.batch_alter_table('committee_input', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_committee_input_period_id'))
        batch_op.drop_index(batch_op.f('ix_committee_input_neighborhood_id'))
        batch_op.drop_index(batch_op.f('ix_committee_input_company_id'))

    op.drop_table('committee_input')
    op.drop_table('committee_share')
    with op.batch_alter_table('committee_period_item', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_committee_period_item_period_id'))

    op.drop_table('committee_period_item')
    op.drop_table('committee_item')

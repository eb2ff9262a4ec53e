"""A quarter's patrol plan per area and its lines (random picks among them); the map's index of findings

Revision ID: 0015_patrol_plan
Revises: 0013_appeals
Create Date: 2026-12-02 20:45:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0015_patrol_plan'
down_revision = '0013_appeals'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'patrol_plan',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('quarter', sa.String(length=6), nullable=False),
        sa.Column('subdistrict_id', sa.Integer(), nullable=True),
        sa.Column('community_id', sa.Integer(), nullable=True),
        sa.Column('seed', sa.BigInteger(), nullable=False),
        sa.Column('created_by_id', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['community_id'], ['community.id'], name=op.f('fk_patrol_plan_community_id_community')),
        sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'],
                                name=op.f('fk_patrol_plan_created_by_id_user_account')),
        sa.ForeignKeyConstraint(['subdistrict_id'], ['subdistrict.id'],
                                name=op.f('fk_patrol_plan_subdistrict_id_subdistrict')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_patrol_plan')),
    )
    with op.batch_alter_table('patrol_plan') as batch_op:
        batch_op.create_index(batch_op.f('ix_patrol_plan_quarter'), ['quarter'], unique=False)
        batch_op.create_index(batch_op.f('ix_patrol_plan_subdistrict_id'), ['subdistrict_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_patrol_plan_community_id'), ['community_id'], unique=False)
    op.create_table(
        'patrol_plan_line',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('plan_id', sa.Integer(), nullable=False),
        sa.Column('neighborhood_id', sa.Integer(), nullable=False),
        sa.Column('inspector_id', sa.Integer(), nullable=True),
        sa.Column('count', sa.Integer(), nullable=False),
        sa.Column('is_random', sa.Boolean(), nullable=False),
        sa.Column('due_on', sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(['inspector_id'], ['user_account.id'],
                                name=op.f('fk_patrol_plan_line_inspector_id_user_account')),
        sa.ForeignKeyConstraint(['neighborhood_id'], ['neighborhood.id'],
                                name=op.f('fk_patrol_plan_line_neighborhood_id_neighborhood')),
        sa.ForeignKeyConstraint(['plan_id'], ['patrol_plan.id'], name=op.f('fk_patrol_plan_line_plan_id_patrol_plan')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_patrol_plan_line')),
    )
    with op.batch_alter_table('patrol_plan_line') as batch_op:
        batch_op.create_index(batch_op.f('ix_patrol_plan_line_plan_id'), ['plan_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_patrol_plan_line_neighborhood_id'), ['neighborhood_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_patrol_plan_line_inspector_id'), ['inspector_id'], unique=False)


    # The map's counts per neighbourhood and state (maps.queries.place_counts): read from the index alone.
    op.create_index('ix_finding_map', 'finding', ['neighborhood_id', 'state', 'deadline'], unique=False)


def downgrade():
    op.drop_index('ix_finding_map', table_name='finding')
    op.drop_table('patrol_plan_line')
    op.drop_table('patrol_plan')

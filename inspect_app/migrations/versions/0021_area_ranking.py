"""The areas' frozen quarterly scores (镇街考评): each subdistrict and community of a closed period

Revision ID: 0021_area_ranking
Revises: 0020_api
Create Date: 2026-12-03 13:45:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0021_area_ranking'
down_revision = '0020_api'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('area_score',
    sa.Column('period_id', sa.Integer(), nullable=False),
    sa.Column('subdistrict_id', sa.Integer(), nullable=False),
    sa.Column('community_id', sa.Integer(), nullable=True),
    sa.Column('rank', sa.Integer(), nullable=True),
    sa.Column('total', sa.Numeric(precision=6, scale=2), nullable=True),
    sa.Column('coverage', sa.Numeric(precision=5, scale=4), nullable=True),
    sa.Column('on_time_rate', sa.Numeric(precision=5, scale=4), nullable=True),
    sa.Column('avg_days', sa.Numeric(precision=6, scale=1), nullable=True),
    sa.Column('reports_rate', sa.Numeric(precision=5, scale=4), nullable=True),
    sa.Column('satisfaction', sa.Numeric(precision=6, scale=2), nullable=True),
    sa.Column('details', sa.JSON(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['community_id'], ['community.id'], name=op.f('fk_area_score_community_id_community')),
    sa.ForeignKeyConstraint(['period_id'], ['assessment_period.id'], name=op.f('fk_area_score_period_id_assessment_period')),
    sa.ForeignKeyConstraint(['subdistrict_id'], ['subdistrict.id'], name=op.f('fk_area_score_subdistrict_id_subdistrict')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_area_score')),
    sa.UniqueConstraint('period_id', 'subdistrict_id', 'community_id', name=op.f('uq_area_score_period_id_subdistrict_id_community_id'))
    )
    with op.batch_alter_table('area_score', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_area_score_community_id'), ['community_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_area_score_period_id'), ['period_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_area_score_subdistrict_id'), ['subdistrict_id'], unique=False)



def downgrade():
    with op.batch_alter_table('area_score', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_area_score_subdistrict_id'))
        batch_op.drop_index(batch_op.f('ix_area_score_period_id'))
        batch_op.drop_index(batch_op.f('ix_area_score_community_id'))

    op.drop_table('area_score')

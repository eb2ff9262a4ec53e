"""Staff accounts get an area: one subdistrict or one community (neither: the district level)

Revision ID: 0005_user_areas
Revises: 0004_photo_rectification_report
Create Date: 2026-12-02 14:30:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0005_user_areas'
down_revision = '0004_photo_rectification_report'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.add_column(sa.Column('subdistrict_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('community_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_user_account_subdistrict_id'), ['subdistrict_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_user_account_community_id'), ['community_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_user_account_subdistrict_id_subdistrict'), 'subdistrict',
                                    ['subdistrict_id'], ['id'])
        batch_op.create_foreign_key(batch_op.f('fk_user_account_community_id_community'), 'community',
                                    ['community_id'], ['id'])
        batch_op.create_check_constraint(batch_op.f('ck_user_account_one_area_level'),
                                         'subdistrict_id IS NULL OR community_id IS NULL')
        batch_op.create_check_constraint(
            batch_op.f('ck_user_account_company_has_no_area'),
            "role != 'company' OR (subdistrict_id IS NULL AND community_id IS NULL)")


def downgrade():
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_user_account_company_has_no_area'), type_='check')
        batch_op.drop_constraint(batch_op.f('ck_user_account_one_area_level'), type_='check')
        batch_op.drop_constraint(batch_op.f('fk_user_account_community_id_community'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_user_account_subdistrict_id_subdistrict'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_user_account_community_id'))
        batch_op.drop_index(batch_op.f('ix_user_account_subdistrict_id'))
        batch_op.drop_column('community_id')
        batch_op.drop_column('subdistrict_id')

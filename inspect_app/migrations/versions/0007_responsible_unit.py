"""A neighbourhood without a property company gets a responsible unit: its community, or an appointed company

Revision ID: 0007_responsible_unit
Revises: 0005_places
Create Date: 2026-12-02 15:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0007_responsible_unit'
down_revision = '0005_places'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('neighborhood', schema=None) as batch_op:
        batch_op.add_column(sa.Column('responsible_company_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_neighborhood_responsible_company_id'), ['responsible_company_id'],
                              unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_neighborhood_responsible_company_id_property_company'),
                                    'property_company', ['responsible_company_id'], ['id'])


def downgrade():
    with op.batch_alter_table('neighborhood', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_neighborhood_responsible_company_id_property_company'),
                                 type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_neighborhood_responsible_company_id'))
        batch_op.drop_column('responsible_company_id')

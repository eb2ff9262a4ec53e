"""物业服务公示: what a company discloses for a neighbourhood (every version kept) and the owners' committee's
published accounts

Revision ID: 0016_disclosure
Revises: 0015_patrol_plan
Create Date: 2026-12-03 08:46:45.686556

"""
from alembic import op
import sqlalchemy as sa


revision = '0016_disclosure'
down_revision = '0015_patrol_plan'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('committee_document',
    sa.Column('neighborhood_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=100), nullable=False),
    sa.Column('stored_name', sa.String(length=80), nullable=False),
    sa.Column('mimetype', sa.String(length=40), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('uploaded_by_id', sa.Integer(), nullable=False),
    sa.Column('withdrawn_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['neighborhood_id'], ['neighborhood.id'], name=op.f('fk_committee_document_neighborhood_id_neighborhood')),
    sa.ForeignKeyConstraint(['uploaded_by_id'], ['user_account.id'], name=op.f('fk_committee_document_uploaded_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_committee_document')),
    sa.UniqueConstraint('stored_name', name=op.f('uq_committee_document_stored_name'))
    )
    with op.batch_alter_table('committee_document', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_committee_document_neighborhood_id'), ['neighborhood_id'], unique=False)

    op.create_table('service_disclosure',
    sa.Column('neighborhood_id', sa.Integer(), nullable=False),
    sa.Column('company_id', sa.Integer(), nullable=False),
    sa.Column('project_manager', sa.String(length=50), nullable=False),
    sa.Column('service_phone', sa.String(length=30), nullable=False),
    sa.Column('service_standard', sa.Text(), nullable=False),
    sa.Column('fee_standard', sa.Text(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['company_id'], ['property_company.id'], name=op.f('fk_service_disclosure_company_id_property_company')),
    sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], name=op.f('fk_service_disclosure_created_by_id_user_account')),
    sa.ForeignKeyConstraint(['neighborhood_id'], ['neighborhood.id'], name=op.f('fk_service_disclosure_neighborhood_id_neighborhood')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_service_disclosure'))
    )
    with op.batch_alter_table('service_disclosure', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_service_disclosure_company_id'), ['company_id'], unique=False)
        batch_op.create_index('ix_service_disclosure_current', ['neighborhood_id', 'company_id', 'id'], unique=False)



def downgrade():
    with op.batch_alter_table('service_disclosure', schema=None) as batch_op:
        batch_op.drop_index('ix_service_disclosure_current')
        batch_op.drop_index(batch_op.f('ix_service_disclosure_company_id'))

    op.drop_table('service_disclosure')
    with op.batch_alter_table('committee_document', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_committee_document_neighborhood_id'))

    op.drop_table('committee_document')

"""Appeals (申诉): a company contests a deduction or a finding; the score changes an overturn made

Revision ID: 0013_appeals
Revises: 0012_escalation
Create Date: 2026-12-02 20:50:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0013_appeals'
down_revision = '0012_escalation'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'appeal',
        sa.Column('order_id', sa.Integer(), nullable=False),
        sa.Column('finding_id', sa.Integer(), nullable=False),
        sa.Column('company_id', sa.Integer(), nullable=False),
        sa.Column('neighborhood_id', sa.Integer(), nullable=False),
        sa.Column('target', sa.String(length=20), nullable=False),
        sa.Column('text', sa.Text(), nullable=False),
        sa.Column('state', sa.String(length=20), nullable=False),
        sa.Column('filed_by_id', sa.Integer(), nullable=False),
        sa.Column('decided_by_id', sa.Integer(), nullable=True),
        sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('decision_reason', sa.Text(), nullable=False),
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['order_id'], ['rectification_order.id'],
                                name=op.f('fk_appeal_order_id_rectification_order')),
        sa.ForeignKeyConstraint(['finding_id'], ['finding.id'], name=op.f('fk_appeal_finding_id_finding')),
        sa.ForeignKeyConstraint(['company_id'], ['property_company.id'],
                                name=op.f('fk_appeal_company_id_property_company')),
        sa.ForeignKeyConstraint(['neighborhood_id'], ['neighborhood.id'],
                                name=op.f('fk_appeal_neighborhood_id_neighborhood')),
        sa.ForeignKeyConstraint(['filed_by_id'], ['user_account.id'], name=op.f('fk_appeal_filed_by_id_user_account')),
        sa.ForeignKeyConstraint(['decided_by_id'], ['user_account.id'],
                                name=op.f('fk_appeal_decided_by_id_user_account')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_appeal')),
    )
    for column in ('order_id', 'finding_id', 'company_id', 'neighborhood_id'):
        op.create_index(op.f(f'ix_appeal_{column}'), 'appeal', [column])
    op.create_index('ix_appeal_state', 'appeal', ['state'])
    op.create_index('uq_appeal_open_finding', 'appeal', ['finding_id'], unique=True,
                    sqlite_where=sa.text("state = 'open'"), postgresql_where=sa.text("state = 'open'"))
    op.create_table(
        'appeal_score_change',
        sa.Column('appeal_id', sa.Integer(), nullable=False),
        sa.Column('inspection_id', sa.Integer(), nullable=False),
        sa.Column('actor_id', sa.Integer(), nullable=False),
        sa.Column('old_score', sa.Numeric(precision=6, scale=2), nullable=True),
        sa.Column('new_score', sa.Numeric(precision=6, scale=2), nullable=True),
        sa.Column('period_id', sa.Integer(), nullable=True),
        sa.Column('company_id', sa.Integer(), nullable=True),
        sa.Column('old_total', sa.Numeric(precision=6, scale=2), nullable=True),
        sa.Column('new_total', sa.Numeric(precision=6, scale=2), nullable=True),
        sa.Column('old_rank', sa.Integer(), nullable=True),
        sa.Column('new_rank', sa.Integer(), nullable=True),
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['appeal_id'], ['appeal.id'], name=op.f('fk_appeal_score_change_appeal_id_appeal')),
        sa.ForeignKeyConstraint(['inspection_id'], ['inspection.id'],
                                name=op.f('fk_appeal_score_change_inspection_id_inspection')),
        sa.ForeignKeyConstraint(['actor_id'], ['user_account.id'],
                                name=op.f('fk_appeal_score_change_actor_id_user_account')),
        sa.ForeignKeyConstraint(['period_id'], ['assessment_period.id'],
                                name=op.f('fk_appeal_score_change_period_id_assessment_period')),
        sa.ForeignKeyConstraint(['company_id'], ['property_company.id'],
                                name=op.f('fk_appeal_score_change_company_id_property_company')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_appeal_score_change')),
    )
    for column in ('appeal_id', 'inspection_id', 'period_id'):
        op.create_index(op.f(f'ix_appeal_score_change_{column}'), 'appeal_score_change', [column])
    with op.batch_alter_table('photo') as batch_op:
        batch_op.add_column(sa.Column('appeal_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_photo_appeal_id'), ['appeal_id'])
        batch_op.create_foreign_key(batch_op.f('fk_photo_appeal_id_appeal'), 'appeal', ['appeal_id'], ['id'])


def downgrade():
    with op.batch_alter_table('photo') as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_photo_appeal_id_appeal'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_photo_appeal_id'))
        batch_op.drop_column('appeal_id')
    op.drop_table('appeal_score_change')
    op.drop_table('appeal')

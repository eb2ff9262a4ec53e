"""满意度测评 (questions, answers once a household, SMS codes), 回访 verdicts, the satisfaction weight and score

Revision ID: 0018_survey
Revises: 0016_disclosure
Create Date: 2026-12-03 13:28:12.337275

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0018_survey'
down_revision = '0016_disclosure'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('survey_question',
    sa.Column('text', sa.String(length=200), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('is_active', sa.Boolean(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_survey_question'))
    )
    op.create_table('survey_response',
    sa.Column('quarter', sa.String(length=6), nullable=False),
    sa.Column('neighborhood_id', sa.Integer(), nullable=False),
    sa.Column('company_id', sa.Integer(), nullable=True),
    sa.Column('household_key', sa.String(length=41), nullable=False),
    sa.Column('device_token', sa.String(length=64), nullable=False),
    sa.Column('phone_hash', sa.String(length=64), nullable=True),
    sa.Column('comment', sa.Text(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['company_id'], ['property_company.id'], name=op.f('fk_survey_response_company_id_property_company')),
    sa.ForeignKeyConstraint(['neighborhood_id'], ['neighborhood.id'], name=op.f('fk_survey_response_neighborhood_id_neighborhood')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_survey_response')),
    sa.UniqueConstraint('quarter', 'neighborhood_id', 'device_token', name=op.f('uq_survey_response_quarter_neighborhood_id_device_token')),
    sa.UniqueConstraint('quarter', 'neighborhood_id', 'household_key', name=op.f('uq_survey_response_quarter_neighborhood_id_household_key')),
    sa.UniqueConstraint('quarter', 'neighborhood_id', 'phone_hash', name=op.f('uq_survey_response_quarter_neighborhood_id_phone_hash'))
    )
    with op.batch_alter_table('survey_response', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_survey_response_neighborhood_id'), ['neighborhood_id'], unique=False)
        batch_op.create_index('ix_survey_response_quarter_company', ['quarter', 'company_id'], unique=False)

    op.create_table('survey_sms_code',
    sa.Column('neighborhood_id', sa.Integer(), nullable=False),
    sa.Column('phone_hash', sa.String(length=64), nullable=False),
    sa.Column('code_hash', sa.String(length=64), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('used_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['neighborhood_id'], ['neighborhood.id'], name=op.f('fk_survey_sms_code_neighborhood_id_neighborhood')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_survey_sms_code'))
    )
    with op.batch_alter_table('survey_sms_code', schema=None) as batch_op:
        batch_op.create_index('ix_survey_sms_code_phone', ['phone_hash', 'created_at'], unique=False)

    op.create_table('survey_answer',
    sa.Column('response_id', sa.Integer(), nullable=False),
    sa.Column('question_id', sa.Integer(), nullable=False),
    sa.Column('value', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['question_id'], ['survey_question.id'], name=op.f('fk_survey_answer_question_id_survey_question')),
    sa.ForeignKeyConstraint(['response_id'], ['survey_response.id'], name=op.f('fk_survey_answer_response_id_survey_response')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_survey_answer')),
    sa.UniqueConstraint('response_id', 'question_id', name=op.f('uq_survey_answer_response_id_question_id'))
    )
    with op.batch_alter_table('survey_answer', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_survey_answer_question_id'), ['question_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_survey_answer_response_id'), ['response_id'], unique=False)

    op.create_table('resident_verdict',
    sa.Column('report_id', sa.Integer(), nullable=False),
    sa.Column('finding_id', sa.Integer(), nullable=False),
    sa.Column('round', sa.Integer(), nullable=False),
    sa.Column('is_confirmed', sa.Boolean(), nullable=False),
    sa.Column('comment', sa.Text(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['finding_id'], ['finding.id'], name=op.f('fk_resident_verdict_finding_id_finding')),
    sa.ForeignKeyConstraint(['report_id'], ['resident_report.id'], name=op.f('fk_resident_verdict_report_id_resident_report')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_resident_verdict')),
    sa.UniqueConstraint('report_id', 'round', name=op.f('uq_resident_verdict_report_id_round'))
    )
    with op.batch_alter_table('resident_verdict', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_resident_verdict_finding_id'), ['finding_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_resident_verdict_report_id'), ['report_id'], unique=False)

    with op.batch_alter_table('assessment_period', schema=None) as batch_op:
        batch_op.add_column(sa.Column('satisfaction_weight', sa.Numeric(precision=4, scale=2), server_default=sa.text('0.10'), nullable=False))

    with op.batch_alter_table('company_score', schema=None) as batch_op:
        batch_op.add_column(sa.Column('satisfaction_score', sa.Numeric(precision=6, scale=2), nullable=True))



def downgrade():
    with op.batch_alter_table('company_score', schema=None) as batch_op:
        batch_op.drop_column('satisfaction_score')

    with op.batch_alter_table('assessment_period', schema=None) as batch_op:
        batch_op.drop_column('satisfaction_weight')

    with op.batch_alter_table('resident_verdict', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_resident_verdict_report_id'))
        batch_op.drop_index(batch_op.f('ix_resident_verdict_finding_id'))

    op.drop_table('resident_verdict')
    with op.batch_alter_table('survey_answer', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_survey_answer_response_id'))
        batch_op.drop_index(batch_op.f('ix_survey_answer_question_id'))

    op.drop_table('survey_answer')
    with op.batch_alter_table('survey_sms_code', schema=None) as batch_op:
        batch_op.drop_index('ix_survey_sms_code_phone')

    op.drop_table('survey_sms_code')
    with op.batch_alter_table('survey_response', schema=None) as batch_op:
        batch_op.drop_index('ix_survey_response_quarter_company')
        batch_op.drop_index(batch_op.f('ix_survey_response_neighborhood_id'))

    op.drop_table('survey_response')
    op.drop_table('survey_question')

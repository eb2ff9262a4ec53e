"""photo.report_id is renamed rectification_report_id: residents' reports and the company's report are two things

Revision ID: 0004_photo_rectification_report
Revises: 0003_announced_photo
Create Date: 2026-12-01 23:10:00

"""
from alembic import op


revision = '0004_photo_rectification_report'
down_revision = '0003_announced_photo'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('photo', schema=None) as batch_op:
        batch_op.drop_index('ix_photo_report_id')
        batch_op.drop_constraint('fk_photo_report_id_rectification_report', type_='foreignkey')
        batch_op.alter_column('report_id', new_column_name='rectification_report_id')
    with op.batch_alter_table('photo', schema=None) as batch_op:
        batch_op.create_foreign_key(batch_op.f('fk_photo_rectification_report_id_rectification_report'),
                                    'rectification_report', ['rectification_report_id'], ['id'])
        batch_op.create_index(batch_op.f('ix_photo_rectification_report_id'), ['rectification_report_id'],
                              unique=False)


def downgrade():
    with op.batch_alter_table('photo', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_photo_rectification_report_id'))
        batch_op.drop_constraint('fk_photo_rectification_report_id_rectification_report', type_='foreignkey')
        batch_op.alter_column('rectification_report_id', new_column_name='report_id')
    with op.batch_alter_table('photo', schema=None) as batch_op:
        batch_op.create_foreign_key('fk_photo_report_id_rectification_report', 'rectification_report',
                                    ['report_id'], ['id'])
        batch_op.create_index('ix_photo_report_id', ['report_id'], unique=False)

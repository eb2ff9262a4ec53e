"""Places managed in the app: service periods (who served which neighbourhood when), credit codes, households,
locations and retire flags; one open period backfilled for each neighbourhood that has a company

Revision ID: 0005_places
Revises: 0010_notifications
Create Date: 2026-12-02 14:20:00

"""
import sqlalchemy as sa
from alembic import op

revision = '0005_places'
down_revision = '0010_notifications'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'service_period',
        sa.Column('neighborhood_id', sa.Integer(), nullable=False),
        sa.Column('company_id', sa.Integer(), nullable=True),
        sa.Column('starts_on', sa.Date(), nullable=False),
        sa.Column('ends_on', sa.Date(), nullable=True),
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['company_id'], ['property_company.id'],
                                name=op.f('fk_service_period_company_id_property_company')),
        sa.ForeignKeyConstraint(['neighborhood_id'], ['neighborhood.id'],
                                name=op.f('fk_service_period_neighborhood_id_neighborhood')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_service_period')),
    )
    with op.batch_alter_table('service_period', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_service_period_company_id'), ['company_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_service_period_neighborhood_id'), ['neighborhood_id'], unique=False)
    # Plain ADD COLUMN (and a unique index rather than a constraint): SQLite's batch mode would rebuild these
    # tables, which the rest of the schema references.
    op.add_column('property_company', sa.Column('credit_code', sa.String(length=18), nullable=True))
    op.create_index(op.f('ix_property_company_credit_code'), 'property_company', ['credit_code'], unique=True)
    for table in ('subdistrict', 'community', 'neighborhood'):
        op.add_column(table, sa.Column('is_active', sa.Boolean(), server_default=sa.true(), nullable=False))
    for name, type_ in (('households', sa.Integer()), ('lat', sa.Float()), ('lng', sa.Float())):
        op.add_column('neighborhood', sa.Column(name, type_, nullable=True))
    _backfill_periods()


def _backfill_periods():
    """The company a neighbourhood has today has served it since the neighbourhood was entered (its local date)."""
    bind = op.get_bind()
    rows = bind.execute(sa.text(
        "SELECT id, company_id, created_at FROM neighborhood WHERE company_id IS NOT NULL")).all()
    period = sa.table('service_period', sa.column('neighborhood_id', sa.Integer), sa.column('company_id', sa.Integer),
                      sa.column('starts_on', sa.Date), sa.column('ends_on', sa.Date), sa.column('kind', sa.String),
                      sa.column('created_at', sa.DateTime(timezone=True)))
    from datetime import UTC, datetime
    from zoneinfo import ZoneInfo

    now = datetime.now(UTC)
    values = []
    for neighborhood_id, company_id, created_at in rows:
        if isinstance(created_at, str):  # SQLite hands back text
            created_at = datetime.fromisoformat(created_at)
        if created_at.tzinfo is None:
            created_at = created_at.replace(tzinfo=UTC)
        values.append({'neighborhood_id': neighborhood_id, 'company_id': company_id, 'ends_on': None,
                       'starts_on': created_at.astimezone(ZoneInfo('Asia/Shanghai')).date(), 'kind': 'initial',
                       'created_at': now})
    if values:
        op.bulk_insert(period, values)


def downgrade():
    with op.batch_alter_table('neighborhood', schema=None) as batch_op:
        batch_op.drop_column('is_active')
        batch_op.drop_column('lng')
        batch_op.drop_column('lat')
        batch_op.drop_column('households')
    for table in ('community', 'subdistrict'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column('is_active')
    with op.batch_alter_table('property_company', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_property_company_credit_code'))
        batch_op.drop_column('credit_code')
    with op.batch_alter_table('service_period', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_service_period_neighborhood_id'))
        batch_op.drop_index(batch_op.f('ix_service_period_company_id'))
    op.drop_table('service_period')

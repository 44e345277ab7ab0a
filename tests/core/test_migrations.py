"""The migrations give exactly the models' schema, and go back down."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import create_engine, inspect

from forum import create_app
from forum.extensions import db


def test_upgrade_gives_the_models_schema_and_downgrade_empties(tmp_path):
    url = f"sqlite:///{tmp_path / 'm.db'}"
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=url)
    with app.app_context():
        upgrade()
        engine = create_engine(url)
        with engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), db.metadata)
        assert diff == []
        downgrade(revision="base")
        assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
        upgrade()
        assert "events" in inspect(create_engine(url)).get_table_names()

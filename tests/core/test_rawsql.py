"""PreparedRead: a Core SELECT run on a pooled DBAPI connection, on SQLite and PostgreSQL."""

import pytest
from sqlalchemy import bindparam, column, literal, select, table, union_all

from forum import create_app
from forum.events.models import Event
from forum.extensions import db
from forum.core.rawsql import PreparedRead
from tests import factories
from tests.servers import postgres_bin, postgres_server


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database(request, tmp_path):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'raw.db'}"
        return
    if postgres_bin() is None:
        pytest.skip("PostgreSQL server binaries not found (.ci/run installs them)")
    with postgres_server() as url:
        yield url


@pytest.fixture
def events(database):
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=database)
    with app.app_context():
        db.create_all()
        organiser = factories.make_organiser()
        factories.make_event(organiser, slug="premier-jour", title="Journée « médiation » été")
        factories.make_event(organiser, slug="second-jour")
        yield
        db.session.remove()
        db.drop_all()


#: literals and a parameter used twice, as the board's pass query has
BY_SLUG = PreparedRead(
    union_all(
        select(literal("e"), Event.slug, Event.title).where(Event.slug == bindparam("slug")),
        select(literal("x"), Event.slug, Event.title).where(Event.slug != bindparam("slug")),
    )
)


def test_a_prepared_read_gives_the_rows_sqlalchemy_gives(events):
    rows = BY_SLUG.rows(db.engine, slug="premier-jour")
    assert sorted(rows) == sorted(tuple(r) for r in db.session.execute(BY_SLUG.statement, {"slug": "premier-jour"}))
    assert ("e", "premier-jour", "Journée « médiation » été") in rows
    assert [r[0] for r in rows].count("x") == 1


def test_a_prepared_read_gives_its_connection_back_to_the_pool_even_when_it_fails(events):
    BY_SLUG.rows(db.engine, slug="premier-jour")
    with pytest.raises(db.engine.dialect.loaded_dbapi.Error):  # the driver's own error, from the database
        PreparedRead(select(column("id")).select_from(table("no_such_table"))).rows(db.engine)
    assert db.engine.pool.checkedout() == 0

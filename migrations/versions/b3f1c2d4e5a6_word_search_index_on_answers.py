"""word search index on answers

SQLite: an FTS5 table kept by triggers on answers; PostgreSQL: a GIN index on each answer's
words (a function that falls back to the raw JSON for text PostgreSQL cannot extract). Stored answers are indexed here. The statements are written out as they were when this
ran (flse_feedback/models/search.py makes the same objects for a database made by create_all).

Note for later migrations: on SQLite, `batch_alter_table("answers")` copies the table and
would drop these triggers; re-create them (flse_feedback.models.search.create) afterwards.

Revision ID: b3f1c2d4e5a6
Revises: adab479865c5
Create Date: 2026-11-26 16:40:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = 'b3f1c2d4e5a6'
down_revision = 'adab479865c5'
branch_labels = None
depends_on = None

SQLITE_UP = (
    "DROP TABLE IF EXISTS answers_fts",
    "CREATE VIRTUAL TABLE answers_fts USING fts5("
    "text, content='', tokenize='unicode61 remove_diacritics 0')",
    """CREATE TRIGGER IF NOT EXISTS answers_search_insert AFTER INSERT ON answers BEGIN
        INSERT INTO answers_fts(rowid, text) VALUES (new.id, json_extract(new.value, '$'));
    END""",
    """CREATE TRIGGER IF NOT EXISTS answers_search_delete AFTER DELETE ON answers BEGIN
        INSERT INTO answers_fts(answers_fts, rowid, text)
        VALUES ('delete', old.id, json_extract(old.value, '$'));
    END""",
    """CREATE TRIGGER IF NOT EXISTS answers_search_update AFTER UPDATE OF value ON answers BEGIN
        INSERT INTO answers_fts(answers_fts, rowid, text)
        VALUES ('delete', old.id, json_extract(old.value, '$'));
        INSERT INTO answers_fts(rowid, text) VALUES (new.id, json_extract(new.value, '$'));
    END""",
    "INSERT INTO answers_fts(rowid, text) SELECT id, json_extract(value, '$') FROM answers",
)
SQLITE_DOWN = (
    "DROP TRIGGER IF EXISTS answers_search_insert",
    "DROP TRIGGER IF EXISTS answers_search_delete",
    "DROP TRIGGER IF EXISTS answers_search_update",
    "DROP TABLE IF EXISTS answers_fts",
)
POSTGRES_UP = (
    """CREATE OR REPLACE FUNCTION answer_search_words(value json) RETURNS tsvector
    LANGUAGE plpgsql IMMUTABLE STRICT AS $$
    BEGIN
        RETURN to_tsvector('simple', value #>> '{}');
    EXCEPTION WHEN untranslatable_character OR character_not_in_repertoire THEN
        RETURN to_tsvector('simple', value::text);
    END $$""",
    "CREATE INDEX IF NOT EXISTS ix_answers_search ON answers "
    "USING gin (answer_search_words(value))",
)
POSTGRES_DOWN = ("DROP INDEX IF EXISTS ix_answers_search",
                 "DROP FUNCTION IF EXISTS answer_search_words(json)")


def _run(statements_by_dialect):
    bind = op.get_bind()
    for statement in statements_by_dialect.get(bind.dialect.name, ()):
        bind.exec_driver_sql(statement)


def upgrade():
    _run({"sqlite": SQLITE_UP, "postgresql": POSTGRES_UP})


def downgrade():
    _run({"sqlite": SQLITE_DOWN, "postgresql": POSTGRES_DOWN})

"""Word search over answers, indexed by the database itself.

SQLite gets an FTS5 table filled by triggers on ``answers``; PostgreSQL gets a GIN index on the
answer's words (``answer_search_words``). Either way the index follows every insert, update and
delete with no code in the app, and the inbox's "words in the answers" filter reads it instead of
scanning every answer.

Both index the answer as text with JSON escapes undone (``json_extract`` / ``#>> '{}'``), so
"don't" and "café" are found as typed. Accents are kept on both (PostgreSQL's ``simple``
configuration cannot drop them without the ``unaccent`` extension), so the two databases agree.

The objects are made when ``answers`` is created (``db.create_all`` in tests) and by the
migration that introduced them; Alembic's comparison skips them (``ignored_by_migrations``)
because they are raw SQL, not SQLAlchemy tables.
"""
from __future__ import annotations

import re

import sqlalchemy as sa

from .response import Answer

FTS_TABLE = "answers_fts"
PG_INDEX = "ix_answers_search"
MAX_WORDS = 10

# Plain SQL with the names written out (no string building: nothing here comes from a user).
SQLITE_CREATE = (
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
)
SQLITE_FILL = ("INSERT INTO answers_fts(rowid, text) "
               "SELECT id, json_extract(value, '$') FROM answers")
SQLITE_DROP = (
    "DROP TRIGGER IF EXISTS answers_search_insert",
    "DROP TRIGGER IF EXISTS answers_search_delete",
    "DROP TRIGGER IF EXISTS answers_search_update",
    "DROP TABLE IF EXISTS answers_fts",
)
SQLITE_MATCH = "SELECT rowid FROM answers_fts WHERE answers_fts MATCH :words"
# The answer's words: its text with JSON escapes undone, or, for the rare text PostgreSQL cannot
# hold as text (a NUL character, which answers keep verbatim), the raw JSON. Without the
# fallback, storing such an answer would fail on the index.
PG_CREATE = (
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
PG_DROP = ("DROP INDEX IF EXISTS ix_answers_search",
           "DROP FUNCTION IF EXISTS answer_search_words(json)")
PG_MATCH = "answer_search_words(answers.value) @@ to_tsquery('simple', :words)"


def ignored_by_migrations(name: str | None, type_: str) -> bool:
    """True for the search objects, which Alembic's autogenerate must neither add nor drop."""
    return bool(name) and (name == PG_INDEX or name.startswith(FTS_TABLE))


def create(connection, fill: bool = False) -> None:
    """Make the search index for this database (and fill it from stored answers if asked)."""
    statements = {"sqlite": SQLITE_CREATE + ((SQLITE_FILL,) if fill else ()),
                  "postgresql": PG_CREATE}.get(connection.dialect.name, ())
    for statement in statements:
        connection.exec_driver_sql(statement)


def drop(connection) -> None:
    statements = {"sqlite": SQLITE_DROP, "postgresql": PG_DROP}.get(connection.dialect.name, ())
    for statement in statements:
        connection.exec_driver_sql(statement)


def words_of(query: str) -> list[str]:
    """The words a search looks for: letters and digits only, so no search syntax gets in."""
    return [word for word in re.findall(r"[^\W_]+", query.lower())][:MAX_WORDS]


def answers_matching(query: str, dialect: str):
    """A condition on ``Answer``: the answer contains every word of ``query``, each as the start
    of a word ("secur" finds "security"); a query with no words matches nothing."""
    words = words_of(query)
    if not words:
        return sa.false()
    if dialect == "sqlite":
        match = " ".join(f'"{word}"*' for word in words)
        return Answer.id.in_(sa.text(SQLITE_MATCH).bindparams(words=match))
    if dialect == "postgresql":
        return sa.text(PG_MATCH).bindparams(words=" & ".join(f"{word}:*" for word in words))
    # Any other database: a plain scan, correct but slow.
    text = sa.cast(Answer.value, sa.Text)
    return sa.and_(*(text.ilike(f"%{word}%") for word in words))


sa.event.listen(Answer.__table__, "after_create", lambda target, connection, **kw: create(
    connection))
sa.event.listen(Answer.__table__, "before_drop", lambda target, connection, **kw: drop(
    connection))

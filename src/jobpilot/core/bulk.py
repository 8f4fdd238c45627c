"""Bulk writes through binary COPY, inside the caller's session transaction.

An ``INSERT`` of a few hundred rows through the ORM spends most of its time in Python
(compiling the statement, rendering every parameter, a vector as text of 384 numbers); COPY in
binary format sends each value in its wire form and the server checks it against the column.
Rows are dicts keyed by column name, as for ``session.execute(insert(table), rows)``; SQL
defaults fill the columns they leave out, Python-side defaults do not.
"""

from __future__ import annotations

import struct
import uuid
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
from pgvector.sqlalchemy import Vector
from psycopg import sql
from psycopg.types.json import Jsonb
from sqlalchemy import (
    ARRAY,
    BigInteger,
    Boolean,
    Column,
    DateTime,
    Float,
    Integer,
    SmallInteger,
    String,
    Table,
    Text,
    Uuid,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.types import TypeDecorator, TypeEngine

from jobpilot.core.db import Base
from jobpilot.core.queue import driver_connection

Row = Mapping[str, Any]


def _wire_type(sql_type: TypeEngine[Any]) -> str:
    """The PostgreSQL type whose binary form a value of this column is sent in."""
    if isinstance(sql_type, TypeDecorator):
        return _wire_type(sql_type.impl_instance)
    if isinstance(sql_type, ARRAY):
        # The server checks an array's element type, so varchar[] and text[] differ here.
        return _wire_type(sql_type.item_type) + "[]"
    if isinstance(sql_type, Vector):
        return "bytea"  # packed by _vector_bytes; the server reads it with vector_recv
    for kind, name in _WIRE_TYPES:
        if isinstance(sql_type, kind):
            if name == "timestamp" and getattr(sql_type, "timezone", False):
                return "timestamptz"
            return name
    raise TypeError(f"no COPY wire type for {sql_type!r}")


_WIRE_TYPES: tuple[tuple[type[TypeEngine[Any]], str], ...] = (
    (JSONB, "jsonb"),
    (Uuid, "uuid"),
    (Text, "text"),  # before String: Text is a String
    (String, "varchar"),
    (BigInteger, "int8"),
    (SmallInteger, "int2"),
    (Integer, "int4"),
    (Float, "float8"),
    (Boolean, "bool"),
    (DateTime, "timestamp"),
)


def _vector_bytes(value: Any) -> bytes | None:
    """pgvector's binary form: dimension and a reserved word (uint16 each), then float32s,
    all big-endian."""
    if value is None:
        return None
    array = np.asarray(value, dtype=">f4").ravel()
    return struct.pack(">HH", len(array), 0) + array.tobytes()


def _jsonb(value: Any) -> Jsonb | None:
    return None if value is None else Jsonb(value)


def _converter(column: Column[Any]) -> Any:
    sql_type = column.type
    if isinstance(sql_type, Vector):
        return _vector_bytes
    if isinstance(sql_type, JSONB):
        return _jsonb
    return None


def _table(model: type[Base]) -> Table:
    table = model.__table__
    if not isinstance(table, Table):
        raise TypeError(f"{model.__name__} is not mapped to a table")
    return table


async def copy_rows(session: AsyncSession, model: type[Base], rows: Sequence[Row]) -> None:
    """Insert ``rows`` (all with the same keys) into ``model``'s table."""
    if not rows:
        return
    table = _table(model)
    names = list(rows[0])
    await _copy(session, table.name, [table.c[name] for name in names], rows)


async def update_rows(
    session: AsyncSession, model: type[Base], rows: Sequence[Row], *, key: str = "id"
) -> None:
    """Set the columns of each row (all with the same keys) on the row of ``model``'s table
    whose ``key`` equals the row's: one COPY into a temporary table and one ``UPDATE … FROM``."""
    if not rows:
        return
    table = _table(model)
    names = list(rows[0])
    if key not in names:
        raise ValueError(f"rows must carry the key column {key!r}")
    staging = f"bulk_{table.name}_{uuid.uuid4().hex[:12]}"
    conn = await driver_connection(session)
    columns = sql.SQL(", ").join(sql.Identifier(n) for n in names)
    async with conn.cursor() as cur:
        await cur.execute(
            sql.SQL("CREATE TEMP TABLE {} ON COMMIT DROP AS SELECT {} FROM {} WITH NO DATA").format(
                sql.Identifier(staging), columns, sql.Identifier(table.name)
            )
        )
    await _copy(session, staging, [table.c[name] for name in names], rows)
    assignments = sql.SQL(", ").join(
        sql.SQL("{} = s.{}").format(sql.Identifier(n), sql.Identifier(n)) for n in names if n != key
    )
    async with conn.cursor() as cur:
        await cur.execute(
            sql.SQL("UPDATE {} AS t SET {} FROM {} AS s WHERE t.{} = s.{}").format(
                sql.Identifier(table.name),
                assignments,
                sql.Identifier(staging),
                sql.Identifier(key),
                sql.Identifier(key),
            )
        )
        await cur.execute(sql.SQL("DROP TABLE {}").format(sql.Identifier(staging)))


async def _copy(
    session: AsyncSession, target: str, columns: Sequence[Column[Any]], rows: Sequence[Row]
) -> None:
    conn = await driver_connection(session)
    names = [c.name for c in columns]
    converters = [_converter(c) for c in columns]
    statement = sql.SQL("COPY {} ({}) FROM STDIN (FORMAT BINARY)").format(
        sql.Identifier(target), sql.SQL(", ").join(sql.Identifier(n) for n in names)
    )
    async with conn.cursor() as cur, cur.copy(statement) as copy:
        copy.set_types([_wire_type(c.type) for c in columns])
        for row in rows:
            values = [row[n] for n in names]
            for i, convert in enumerate(converters):
                if convert is not None:
                    values[i] = convert(values[i])
            await copy.write_row(values)

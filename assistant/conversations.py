"""Conversations, their messages and their feedback, in SQL (SQLite by default).

Any SQLAlchemy URL works. A retention limit keeps the store bounded: conversations idle for
longer than ``retention_days`` are deleted, and each keeps at most ``max_messages`` messages.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    create_engine,
    delete,
    event,
    func,
    select,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, sessionmaker


class Base(DeclarativeBase):
    pass


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


class ConversationRow(Base):
    __tablename__ = "conversations"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    site: Mapped[str | None] = mapped_column(String(64), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=_now)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=_now, index=True)


class MessageRow(Base):
    __tablename__ = "messages"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    conversation_id: Mapped[str] = mapped_column(
        ForeignKey("conversations.id", ondelete="CASCADE"), index=True
    )
    role: Mapped[str] = mapped_column(String(16))
    content: Mapped[str] = mapped_column(Text)
    sources: Mapped[Any] = mapped_column(JSON, nullable=True)
    declined: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=_now)


class FeedbackRow(Base):
    __tablename__ = "feedback"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    message_id: Mapped[int] = mapped_column(
        ForeignKey("messages.id", ondelete="CASCADE"), index=True
    )
    rating: Mapped[int] = mapped_column(Integer)  # +1 or -1
    comment: Mapped[str | None] = mapped_column(Text, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=_now)


@dataclass
class StoredMessage:
    id: int
    role: str
    content: str
    declined: bool
    sources: Any


class ConversationStore:
    """A thin repository over SQLAlchemy; one instance per process."""

    def __init__(self, url: str, retention_days: int = 30, max_messages: int = 200) -> None:
        self.retention_days = retention_days
        self.max_messages = max_messages
        connect_args = {"check_same_thread": False} if url.startswith("sqlite") else {}
        self.engine = create_engine(url, connect_args=connect_args, pool_pre_ping=True)
        if url.startswith("sqlite"):
            event.listen(self.engine, "connect", _sqlite_pragmas)
        Base.metadata.create_all(self.engine)
        self._session = sessionmaker(self.engine, expire_on_commit=False)

    def new_id(self) -> str:
        return uuid.uuid4().hex

    def exists(self, conversation_id: str) -> bool:
        with self._session() as session:
            return session.get(ConversationRow, conversation_id) is not None

    def history(self, conversation_id: str, limit: int = 50) -> list[StoredMessage]:
        with self._session() as session:
            rows = session.scalars(
                select(MessageRow)
                .where(MessageRow.conversation_id == conversation_id)
                .order_by(MessageRow.id.desc())
                .limit(limit)
            ).all()
        return [
            StoredMessage(r.id, r.role, r.content, r.declined, r.sources) for r in reversed(rows)
        ]

    def append(
        self,
        conversation_id: str,
        messages: Sequence[tuple[str, str, Any, bool]],
        site: str | None = None,
    ) -> list[int]:
        """Add (role, content, sources, declined) messages; returns their ids."""
        with self._session.begin() as session:
            row = session.get(ConversationRow, conversation_id)
            if row is None:
                session.add(ConversationRow(id=conversation_id, site=site))
            else:
                row.updated_at = _now()
            added = [
                MessageRow(
                    conversation_id=conversation_id,
                    role=role,
                    content=content,
                    sources=json.loads(json.dumps(sources)) if sources is not None else None,
                    declined=declined,
                )
                for role, content, sources, declined in messages
            ]
            session.add_all(added)
            session.flush()
            ids = [m.id for m in added]
            self._trim(session, conversation_id)
        return ids

    def add_feedback(self, message_id: int, rating: int, comment: str | None) -> bool:
        with self._session.begin() as session:
            message = session.get(MessageRow, message_id)
            if message is None or message.role != "assistant":
                return False
            session.add(FeedbackRow(message_id=message_id, rating=rating, comment=comment))
        return True

    def feedback_for(self, message_id: int) -> list[tuple[int, str | None]]:
        with self._session() as session:
            rows = session.scalars(
                select(FeedbackRow).where(FeedbackRow.message_id == message_id)
            ).all()
        return [(r.rating, r.comment) for r in rows]

    def message_conversation(self, message_id: int) -> str | None:
        with self._session() as session:
            message = session.get(MessageRow, message_id)
            return message.conversation_id if message else None

    def prune(self) -> int:
        """Delete conversations idle longer than the retention period."""
        cutoff = _now() - timedelta(days=self.retention_days)
        with self._session.begin() as session:
            old = session.scalars(
                select(ConversationRow.id).where(ConversationRow.updated_at < cutoff)
            ).all()
            if old:
                message_ids = select(MessageRow.id).where(MessageRow.conversation_id.in_(old))
                session.execute(delete(FeedbackRow).where(FeedbackRow.message_id.in_(message_ids)))
                session.execute(delete(MessageRow).where(MessageRow.conversation_id.in_(old)))
                session.execute(delete(ConversationRow).where(ConversationRow.id.in_(old)))
        return len(old)

    def _trim(self, session: Session, conversation_id: str) -> None:
        count = session.scalar(
            select(func.count())
            .select_from(MessageRow)
            .where(MessageRow.conversation_id == conversation_id)
        )
        excess = (count or 0) - self.max_messages
        if excess > 0:
            oldest = select(MessageRow.id).where(MessageRow.conversation_id == conversation_id)
            ids = session.scalars(oldest.order_by(MessageRow.id).limit(excess)).all()
            session.execute(delete(FeedbackRow).where(FeedbackRow.message_id.in_(ids)))
            session.execute(delete(MessageRow).where(MessageRow.id.in_(ids)))


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()

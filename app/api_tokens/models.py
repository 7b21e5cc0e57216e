"""A personal access token: the API acts as its user, within its scopes, until it expires or is revoked."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db import Base, UTCDateTime, utcnow
from app.models import User


class ApiToken(Base):
    """One named token; only the sha256 of its secret is kept, so a lost token is revoked, not shown again."""

    __tablename__ = "api_tokens"
    __repr_attr__ = "name"

    #: primary key
    id: Mapped[int] = mapped_column(primary_key=True)
    #: whose token it is: the API acts as this user (a deleted user's tokens go with them)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    #: what the person called it ("Payroll sync"), to tell their tokens apart
    name: Mapped[str] = mapped_column(sa.String(100))
    #: hex sha256 of the whole token; the token itself is shown once and never stored
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    #: the token's first characters ("bw_1a2b3c4d"), shown in the list to recognise it
    prefix: Mapped[str] = mapped_column(sa.String(16))
    #: the scopes granted, space-separated ("read:demand write:demand"); see app/api_tokens/scopes.py
    scopes: Mapped[str] = mapped_column(sa.String(500), default="", server_default="")
    #: when it was made (UTC)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: after this instant (UTC) the token is refused; every token expires
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    #: the last request it authenticated (UTC); NULL = never used
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: when its user revoked it (UTC); NULL = not revoked
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship()

    @property
    def scope_set(self) -> frozenset[str]:
        return frozenset(self.scopes.split())

    def is_live(self, now: datetime) -> bool:
        return self.revoked_at is None and self.expires_at > now

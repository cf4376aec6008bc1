"""Follow links (meekijklink): made and revoked by the meeting's consultants, and the meeting a
phone's token opens. The public pages that use them are follow/views.py.

Making or revoking a link is a write to the meeting: it goes through live.meeting_write(), so
open streams check again whether their link still works ("follow").
"""

import secrets
from datetime import timedelta

from sqlalchemy import select

from .. import audit, live
from ..extensions import db
from ..linktokens import seeded_token, token_hash
from ..models import FollowLink, Meeting, MeetingStatus, User, utcnow


def create_follow_link(actor: User, meeting: Meeting) -> str:
    """A new follow link: its hash is stored, and the random seed it is made from with the
    secret key (see `follow_token`); never the token itself."""
    with live.meeting_write(meeting.id, "follow"):
        seed = secrets.token_hex(32)
        token = seeded_token(FOLLOW_TOKEN, seed)
        link = FollowLink(meeting_id=meeting.id, token_hash=token_hash(token), token_seed=seed,
                          created_by_id=actor.id)
        db.session.add(link)
        audit.record(actor, meeting.case, "follow_link_created", link, None, audit.snapshot(link))
    return token


def revoke_follow_links(actor: User, meeting: Meeting) -> int:
    """Every follow link of this meeting stops working at once."""
    with live.meeting_write(meeting.id, "follow"):
        links = db.session.scalars(select(FollowLink).where(
            FollowLink.meeting_id == meeting.id, FollowLink.revoked_at.is_(None))).all()
        for link in links:
            link.revoked_at = utcnow()
            audit.record(actor, meeting.case, "follow_link_revoked", link, None, audit.snapshot(link))
    return len(links)


def has_follow_link(meeting: Meeting) -> bool:
    return bool(meeting.open_follow_links)


FOLLOW_TOKEN = "follow-link-token"


def follow_token(meeting: Meeting) -> str | None:
    """The token of the meeting's newest working follow link, made again from its seed: any
    consultant of the case (the board, the projector) shows its QR code. None for a closed
    meeting, or a link whose seed no longer gives its token (another secret key)."""
    if not meeting.is_open:
        return None
    for link in sorted(meeting.open_follow_links, key=lambda link: link.id, reverse=True):
        token = link.token_seed and seeded_token(FOLLOW_TOKEN, link.token_seed)
        if token and token_hash(token) == link.token_hash:
            return token
    return None


def _valid_link_query(token: str, *conditions):
    """An unrevoked follow link of an open meeting (or of a meeting as the conditions say)."""
    return (
        select(FollowLink.id, FollowLink.meeting_id)
        .join(Meeting)
        .where(FollowLink.token_hash == token_hash(token), FollowLink.revoked_at.is_(None),
               *(conditions or [Meeting.status == MeetingStatus.OPEN]))
    )


ENDED_SHOWN_FOR = timedelta(hours=12)


def ended_meeting(token: str) -> Meeting | None:
    """The meeting an unrevoked follow link belonged to, when it closed in the last hours:
    the phones then say thank you instead of "this link does not work"."""
    row = db.session.execute(_valid_link_query(
        token, Meeting.status == MeetingStatus.CLOSED, Meeting.closed_at >= utcnow() - ENDED_SHOWN_FOR)).first()
    return db.session.get(Meeting, row.meeting_id) if row else None


def follow_meeting(token: str) -> Meeting | None:
    """The open meeting a valid, unrevoked follow link belongs to."""
    row = db.session.execute(_valid_link_query(token)).first()
    return db.session.get(Meeting, row.meeting_id) if row else None


def follow_link_checker(engine, token: str):
    """For the event stream: a check that runs without a request, straight on the engine."""
    query = _valid_link_query(token)

    def still_valid() -> bool:
        with engine.connect() as conn:
            return conn.execute(query).first() is not None

    return still_valid

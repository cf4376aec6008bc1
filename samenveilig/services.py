"""What every service shares: the refusal a view turns into a clear Dutch answer, the
conflict of two people saving the same thing, and the rollback when a service gives up halfway."""

from functools import wraps

from .extensions import db


class Refused(Exception):
    """A use case that cannot go ahead; `message` is shown to the user as is."""

    status = 409

    def __init__(self, message: str, status: int | None = None):
        super().__init__(message)
        self.message = message
        if status is not None:
            self.status = status


class Conflict(Refused):
    """A save based on a version of a board item or plan entry that someone else has changed
    since; `item` is that item or entry as it is now."""

    status = 409

    def __init__(self, item):
        who = item.updated_by.name if item.updated_by else "Iemand anders"
        what = "verwijderd" if item.deleted_at else "gewijzigd"
        super().__init__(f"{who} heeft dit intussen {what}.")
        self.item = item


def transactional(service):
    """Roll back when the service raises, so no half-done write or lock outlives it."""

    @wraps(service)
    def wrapped(*args, **kwargs):
        try:
            return service(*args, **kwargs)
        except BaseException:
            db.session.rollback()
            raise

    return wrapped

"""What every service shares: the refusal a view turns into a clear Dutch answer, and the
conflict of two people saving the same thing. A service writes in the one unit of work,
`live.write` (or `live.meeting_write` / `live.case_write`), which rolls back when it gives up."""


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

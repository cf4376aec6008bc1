"""What every service shares: the refusal a view turns into a clear Dutch answer."""


class Refused(Exception):
    """A use case that cannot go ahead; `message` is shown to the user as is."""

    status = 409

    def __init__(self, message: str, status: int | None = None):
        super().__init__(message)
        self.message = message
        if status is not None:
            self.status = status

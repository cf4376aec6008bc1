"""Secrets never reach a log: the tokens of family links and follow links sit in their URLs,
a phone's key in its cookie and a login's code in the provider's redirect. Everything that
writes a log line (gunicorn's access log, the app's own loggers) passes through `mask`.

This module imports nothing of the app, so gunicorn.conf.py can use it before the app loads."""

import logging
import re

MASK = "***"
_SECRETS = re.compile(
    r"(?P<keep>/(?:gezin|meekijken)/|[?&;](?:code|state|session_state|form_token)=|sv_device=)"
    r"(?P<secret>[^/?&;\s\"']+)"
)


def mask(text: str) -> str:
    """The text with every link token, phone key and login code replaced by ***."""
    return _SECRETS.sub(lambda m: m.group("keep") + MASK, text)


class MaskingFilter(logging.Filter):
    """Formats the record's message once, masked, so no handler sees the raw arguments."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask(message)
        if masked != message:
            record.msg, record.args = masked, None
        return True


_FILTER = MaskingFilter()
_original_factory = logging.getLogRecordFactory()


def _masked_record(*args, **kwargs) -> logging.LogRecord:
    record = _original_factory(*args, **kwargs)
    _FILTER.filter(record)
    return record


def install() -> None:
    """Mask every log record this process makes, whichever logger or handler writes it."""
    if logging.getLogRecordFactory() is not _masked_record:
        logging.setLogRecordFactory(_masked_record)

"""The idle timeout without a session write on every request."""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib.sessions.middleware import SessionMiddleware
from django.http import HttpRequest, HttpResponse

# When the session was last saved (epoch seconds): its expiry in the store counts from then.
SEEN = "_seen"


class IdleTimeoutSessionMiddleware(SessionMiddleware):
    """Ends a session SESSION_TIMEOUT_MINUTES after its last request, to the minute.

    Saving the session on every request (SESSION_SAVE_EVERY_REQUEST) keeps the idle timeout to
    the second, but it is a write transaction per page view, three of a page's queries, and on
    SQLite the gunicorn workers then queue for the one writer lock. Saved at most once every
    SESSION_REFRESH_SECONDS instead, a session in use ends at most that much before its time.
    """

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        session = request.session
        if session.accessed and not session.is_empty():
            now = int(time.time())
            seen = session.get(SEEN)
            if not isinstance(seen, int) or now - seen >= settings.SESSION_REFRESH_SECONDS or seen > now:
                session[SEEN] = now
        return super().process_response(request, response)


def idle_clock_start(sender: object, request: HttpRequest, **kwargs: object) -> None:
    """Sign-in saves the session anyway: its idle clock starts there (connected to
    user_logged_in in AccessConfig.ready), so the first page after it writes nothing."""
    request.session[SEEN] = int(time.time())

"""Calendar feeds over HTTP: ``GET /calendar/<token>.ics`` for calendar apps that subscribe to a person's
schedule (handlers/calendar). Apps fetch it every hour or so; an ETag (the content's digest) lets them ask
"has it changed?" and get a 304 without the document when not."""

from __future__ import annotations

import hashlib
import logging
import re
from typing import TYPE_CHECKING

from aiohttp import web

from handlers.calendar.feed import FEED_PATH, feed_document
from models.calendar.store import person_of_feed
from models.people import Person

if TYPE_CHECKING:
    from bot.app import Linli

log = logging.getLogger(__name__)

TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")
HEADERS = {
    "Cache-Control": "private, max-age=300",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",  # the address is the secret
}


def setup_feeds(app: web.Application, linli: Linli) -> None:
    async def feed(request: web.Request) -> web.Response:
        token = request.match_info["token"]
        if not TOKEN.match(token):
            raise web.HTTPNotFound()
        now = linli.services.clock()
        async with linli.sessionmaker() as session:
            person_id = await person_of_feed(session, token)
            person = await session.get(Person, person_id) if person_id is not None else None
            if person is None or person.forgotten_at is not None:
                raise web.HTTPNotFound()  # never was, renewed, stopped: the same answer
            content = await feed_document(session, linli.services, person, now)
        etag = '"' + hashlib.sha256(content).hexdigest()[:32] + '"'
        if etag in (part.strip() for part in request.headers.get("If-None-Match", "").split(",")):
            return web.Response(status=304, headers={**HEADERS, "ETag": etag})
        return web.Response(
            body=content, content_type="text/calendar", charset="utf-8", headers={**HEADERS, "ETag": etag}
        )

    app.router.add_get(FEED_PATH + "/{token}.ics", feed)

"""The staff console: server-rendered pages on the same aiohttp server as the webhook and the web chat.
May import handlers/, models/ and config/; only bot.app and bot.server import it.

Layout:
- ``app.py``      mounts the console on a ``web.Application``: templates, middlewares, every section's routes;
- ``auth.py``     sign-in (one-time link or code sent by the bot, or a CLI-set password), sessions, CSRF,
                  rate limits;
- ``staff.py``    who the signed-in person is as staff: their grants and the places they cover;
- ``page.py``     what a view gets (``Page``), how it answers (``render``, ``redirect``, errors) and how a
                  section declares itself (``Section``);
- ``xlsx.py``     tables as Excel workbooks;
- ``views/``      one module per section, named after its feature (dashboard, grid, hotline, booking,
                  volunteers, pact, notices, posters, audit); charts come from ``handlers.core.charts``.
                  Each view checks role and place on every query it makes.

Console actions reuse the same model operations and notifications as the chat flows (a ``Page`` is a
``handlers.core.scope.Scope``), so a case accepted here tells the resident exactly as in chat.
"""

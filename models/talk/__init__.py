"""居民说事's store: matters, supports, 说事 meetings and sign-ups.
May import the shared store (models.base, people, places…) and the booking store (a meeting holds a room);
never handlers/ or bot/.
"""

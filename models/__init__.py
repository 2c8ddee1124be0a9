"""The store and the domain's rules: shared parts (db, base, people, places, outbox, timers…) here, features below.
May import config/; features import the shared parts (only web and seed read features'); never handlers/, bot/.

Operations here take an ``AsyncSession``, may flush, and never commit: the caller (one incoming message,
one CLI command, one worker round) owns the transaction.
"""

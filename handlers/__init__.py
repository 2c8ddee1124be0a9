"""The conversation, platform-neutral: an ``Incoming`` in, ``Reply`` objects out; the core, then the features.
May import models/ and config/; never bot/ or a platform library (no telegram, no aiohttp).
"""

"""The channels (Telegram, web chat, terminal) and what they share: the outbox sender, pacing, rate sharing,
per-chat ordering.

May import handlers/, models/, config/ and the platforms' libraries; never bot.console or bot.cli.
"""

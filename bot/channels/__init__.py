"""The channels (Telegram, web chat, terminal) and what they share: outbox sender, pacing, rate share, ordering.
May import bot.app, handlers/, models/, config/ and the platforms' libraries; never bot.console or bot.cli.
"""

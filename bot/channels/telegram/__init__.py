"""Telegram: python-telegram-bot updates in, replies and outbox deliveries out, over aiohttp.
May import bot.channels' shared modules, handlers/, models/, config/ and telegram.
"""

"""The resident web chat: a channel next to Telegram, served by the same aiohttp server.
May import bot.channels' shared modules, handlers/, models/ and config/.
"""

from bot.channels.webchat.channel import WebChat

__all__ = ["WebChat"]

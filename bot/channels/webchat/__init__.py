"""The resident web chat: a second channel next to Telegram, served by the same aiohttp server."""

from bot.channels.webchat.channel import WebChat

__all__ = ["WebChat"]

"""The runtime: channels (Telegram, terminal), the web server, workers, the CLI.

The only package that imports python-telegram-bot.
"""

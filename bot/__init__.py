"""The runtime: channels (Telegram, terminal), the web server, workers, the CLI.

The only package that imports python-telegram-bot.
"""

import os

# Opt in to PTB's timedelta durations now (retry_after etc.); the int form is deprecated and warns.
os.environ.setdefault("PTB_TIMEDELTA", "1")

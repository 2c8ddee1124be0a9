"""The runtime: the web server, the channels (Telegram, web chat, terminal), the console, workers, the CLI.
May import everything below it (handlers/, models/, config/); the only package that imports PTB or aiohttp.
"""

import os

# Opt in to PTB's timedelta durations now (retry_after etc.); the int form is deprecated and warns.
os.environ.setdefault("PTB_TIMEDELTA", "1")

"""QR posters for the lift landings: one A4 page per building whose code opens joining Linli for that
community and building, on the channel the community uses (WeChat, Telegram or the web chat).
May import bot.channels, handlers/, models/ and config/.
"""

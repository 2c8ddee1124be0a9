"""The `linli` command and its operator subcommands (console, grid, hotline, notices).
May import everything below it: bot.app, bot.channels, bot.console, handlers/, models/, config/.
"""

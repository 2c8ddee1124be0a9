"""The console's pages, one module per feature (plus the dashboard and the audit log).
May import bot.console's page, auth and staff modules, handlers/, models/ and config/.
"""

"""The 12343 convenience hotline: residents ask for a service, providers accept and do it, operators watch.

May import handlers.core, models/ and config/.
"""

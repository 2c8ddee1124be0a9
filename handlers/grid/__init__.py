"""Grid management: residents report problems, grid workers handle them, overdue cases escalate.

May import handlers.core, models/ and config/.
"""

"""Grid management's store and rules: cases, their deadlines and escalation, and the figures of /stats.
May import the shared store (models.base, people, places, timers…); never handlers/ or bot/.
"""

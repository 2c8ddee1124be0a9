"""Volunteers' store and rules: profiles, tasks dispatched in waves, visits, hours.
May import the shared store (models.base, people, places, timers…); never handlers/ or bot/.
"""

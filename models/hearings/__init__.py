"""Hearings' store (听证): hearings with their held room, invited representatives, residents' opinions.
May import the shared store (models.base, people, places, timers) and the booking store; never handlers/ or bot/.
"""

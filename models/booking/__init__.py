"""Room booking's store and rules: centres, rooms, bookings, the waitlist, no-shows.
May import the shared store (models.base, people, places, timers…); never handlers/ or bot/.
"""

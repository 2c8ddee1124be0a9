"""The polls' store: polls of a community or building, their options (nominations among them), ballots.
May import the shared store (models.base, people, places…); never handlers/ or bot/.
"""

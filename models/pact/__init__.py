"""The residents' pact's store: numbered versions per community, articles, pledges.
May import the shared store (models.base, people, places…); never handlers/ or bot/.
"""

"""Residents' evaluation of community work (群众评): rounds, who was invited and answered, anonymous answers.
May import the shared store (models.base, people, places…) and the stores of the services it asks about.
"""

"""A person's calendar feed: the secret address calendar apps subscribe to.
May import the shared store (models.base, people…); never handlers/ or bot/.
"""

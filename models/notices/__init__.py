"""Staff notices' store: who may tell whom, the audience as one query, queueing and the ledger.
May import the shared store (models.base, people, places, outbox…); never handlers/ or bot/.
"""

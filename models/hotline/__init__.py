"""The 12343 hotline's store: the catalogue, the cases (接派办督评), the catalogue file, the provider report.
May import the shared store (models.base, people, places, timers…); never handlers/ or bot/.
"""

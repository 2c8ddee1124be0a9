"""Settings, message catalogs and the demo community data.
May import only the standard library and its own libraries (pydantic-settings, fluent, babel); nothing of ours.
"""

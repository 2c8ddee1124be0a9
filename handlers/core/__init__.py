"""The conversation core every feature uses: messages in and out, the router, the context, the button codec,
the feature declaration, the timer runner, the main menu and access checks.

May import models/ and config/; never a feature package, never a platform library.
"""

"""The core every feature uses: messages, router, context and scope, button codec, feature, jobs, menu, access.
May import models/ and config/; never a feature package, never a platform library.
"""

"""Tests of the conversation core: menu, cancel, language, bad input, buttons, the timer runner.

May import anything.
"""

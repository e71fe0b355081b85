"""Errors the rules engine raises for bad input (messages in English, naming the field)."""


class InputError(ValueError):
    """A situation the engine refuses: unknown kind, impossible date, negative amount …"""

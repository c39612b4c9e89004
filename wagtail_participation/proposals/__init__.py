"""Proposals residents post and support, moderated and answered by the commune."""

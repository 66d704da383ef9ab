"""Ponte: a knowledge-exchange and partnership platform for local governments."""

"""Receivers of the lower apps' domain signals (filled in with the notifications)."""

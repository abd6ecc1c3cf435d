"""Logging in and out, password changes, and the first-admin setup link."""

"""Notices to households (通知): by text message and door to door, with the not-yet-reached list."""

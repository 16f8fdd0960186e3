"""The pages of council meetings (/councils/meetings/…): pages to read and plan, actions taken
during the meeting, the minutes and their exports (minutes.py)."""

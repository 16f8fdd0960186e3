"""The notices pages: the list, the form, one notice with its progress per grid and the
not-yet-reached list, and the grid worker's to-deliver list on the phone."""

"""The co-building overview keeps no data of its own: its figures read the lists below it."""

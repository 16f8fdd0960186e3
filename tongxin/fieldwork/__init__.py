"""Work on the ground, door to door (入户, 排查).

- visits: door-to-door visits (大走访) to households, on each household's interval;
- campaigns: campaigns (专项行动 / 排查) with their targets checked on a phone, problems becoming cases;
- notices: notices to households (通知), by text message and door to door.
"""

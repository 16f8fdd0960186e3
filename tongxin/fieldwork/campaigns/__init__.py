"""Campaigns (专项行动 / 排查): targets over a place and a period, checked on the ground, problems become cases."""

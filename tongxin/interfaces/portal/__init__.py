"""The unit's own portal (/unit/, 单位工作台): what a co-building unit's contact sees and does for
their unit, gathered from the parts the capabilities register (registry/cobuild/portal_parts.py)."""

"""Posts held by members (党员示范岗, 责任区, 认领岗位) and the points scheme (积分): configurable rules, yearly
ranking per branch, the history behind each member's points.
"""

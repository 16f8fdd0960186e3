"""Places (阵地): 党群服务中心, 红色港湾, 便民服务站, 日间照料中心, 党员活动室 — address, opening hours,
services, facilities, photos and rooms.
"""

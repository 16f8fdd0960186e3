"""Estates without a property company (三位一体): the owners' committee and red property (红色物业) cross-
appointments.
"""

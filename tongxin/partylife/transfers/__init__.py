"""Membership transfers in and out (组织关系接转), retired members placed in a branch, and floating members
(流动党员) with their liaison station's contact log.
"""

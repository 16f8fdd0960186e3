"""Mediation (人民调解): the committee and its mediators, dispute sweeps, mediation cases, agreements and
follow-up visits.
"""

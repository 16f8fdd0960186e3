"""Commitments: party members' yearly pledges and their fulfilment (践诺), the residents' or villagers'
convention, and the member information board.
"""

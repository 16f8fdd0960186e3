"""Commitments (承诺践诺): its pages."""

"""Duty rosters (值班 / 值日): rotas, shifts, check-in, swaps and gaps."""

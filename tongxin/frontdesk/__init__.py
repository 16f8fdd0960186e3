"""The front desk (一站式服务): the community office's duty rosters (值班 / 值日) and the errands it
runs for residents (全程代办, 群众动嘴、干部跑腿).

- rosters: rotas for the front desk and checkpoints (卡点), shifts, check-in, swaps, gaps;
- errands: an errand registered for a resident, followed until its result is handed back.
"""

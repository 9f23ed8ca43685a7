"""The reports the bureau owes upward (seed 003 annexes 1–5, seed 000's weekly report).

Pure: each report is computed from `Facts` that storage reads; see registry.py.
"""

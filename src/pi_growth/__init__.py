"""pi-growth: cost workforce growth plans against budget envelopes.

The public API lives in :mod:`pi_growth.api`; this module stays light so that
``pi-growth --version`` starts quickly.
"""

__version__ = "0.1.0"

"""checkoutctl: place and inspect orders across checkout providers.

Kept empty of imports on purpose: `checkoutctl --version` reads only this module.
"""

__version__ = "0.1.0"

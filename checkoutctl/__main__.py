"""`python -m checkoutctl` is the same program as the `checkoutctl` script."""

from checkoutctl.entry import console

console()

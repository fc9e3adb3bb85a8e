"""Placing and looking up orders: settings + journal + transport + a provider's operations → orders."""

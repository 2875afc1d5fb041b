"""One router module per interface."""

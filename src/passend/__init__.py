"""Passend: timely, appropriate help for every child in the Dutch youth-care chain."""

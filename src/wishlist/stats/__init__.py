"""Pure estimators: proportions, agreement, survival, partial identification.

No file I/O and no prose; imports only wishlist.core and wishlist.brief."""

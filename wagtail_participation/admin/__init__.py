"""The Wagtail admin of every participation type: submissions listings, results views."""

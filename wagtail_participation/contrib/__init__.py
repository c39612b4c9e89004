"""Optional parts of wagtail-participation that a site adds to INSTALLED_APPS itself."""

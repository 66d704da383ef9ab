"""Ponte's changes to Django's locale formats (FORMAT_MODULE_PATH); the rest stays Django's."""

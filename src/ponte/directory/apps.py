from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "ponte.directory"
    label = "directory"
    verbose_name = "Directory"

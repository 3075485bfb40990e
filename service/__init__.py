"""service: the faces (CLI, API, web page, reports). Only this package reads settings."""

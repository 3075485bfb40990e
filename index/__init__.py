"""index: the corpus of past projects and similarity (copy detection and same-project detection)."""

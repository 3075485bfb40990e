"""Same-project detection (雷同): is the submission a project the corpus already holds, renamed?

essence (what the project is, read from `nlp.analyze`) → minhash (whole-text MinHash/LSH candidates,
verified exactly) + neardup (dense essence vectors per part, faiss) → eligibility (E-REPEAT, E-AWARDED).
"""

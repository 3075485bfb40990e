"""nlp: what a Document says about its PDCA (steps, 5W1H, tools, numbers, form, rubric score)."""

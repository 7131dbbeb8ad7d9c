"""Dutch language processing: the offline spaCy pipeline and our custom Rasa NLU components."""

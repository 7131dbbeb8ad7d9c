"""The operators' review loop: export what the bot misunderstood, label it, add it to the data."""

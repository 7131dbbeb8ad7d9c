"""Training, evaluation and the model registry (which trained model is live)."""

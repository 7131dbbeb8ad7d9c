"""The student's right to erasure, and retention of conversations (AVG)."""

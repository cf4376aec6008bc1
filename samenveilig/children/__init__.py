"""The child's own voice: de drie huizen, the child's drawings and the child's own score."""

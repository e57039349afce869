"""Scorers for the evaluation data sets (PolNeAR attributions, NewsMTSC stance)."""

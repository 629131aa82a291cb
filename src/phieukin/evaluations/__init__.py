"""Periods, subjects, self-reviews, shortcomings, proposals, decided levels, roll-up."""

"""The queries behind `tracker quotes`, `speakers`, `stance`, `targets` and `sql`, and the stance plot."""

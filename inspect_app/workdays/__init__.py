"""Working days (工作日) by the Chinese statutory calendar: holidays and the make-up working days (调休)."""

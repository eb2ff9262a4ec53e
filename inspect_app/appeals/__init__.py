"""申诉: a company contests a deduction or a finding of an issued order; a supervisor decides."""

"""Owners' committees (业委会/物委会): one neighbourhood's reading account and its quarterly 专项考评 input."""

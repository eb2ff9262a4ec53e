"""转办: findings outside the company's remit handed to a department, with its own deadline, reminders and reply."""

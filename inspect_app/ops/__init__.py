"""Operations: backup and restore, the storage check, the system-package check, and their commands."""

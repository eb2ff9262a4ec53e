"""督办: an order overdue by N working days goes up a level (社区 → 街道 → 区), with its numbered 督办单."""

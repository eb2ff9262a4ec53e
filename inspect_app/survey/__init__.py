"""满意度测评: the quarterly satisfaction survey of each neighbourhood, answered by its residents."""

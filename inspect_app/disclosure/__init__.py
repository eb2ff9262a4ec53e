"""物业服务公示 (三个公开): each neighbourhood's public board behind its QR — who serves it, how and for what fee
(the company's entries, every version kept), the owners' committee's published accounts, the latest score."""
